"""Plain-text articles: checked decoding, and the metadata a file may start with.

Two header forms are read (and not kept as body text):

    ---                              Title: Talks resume in the capital
    title: Talks resume              URL: https://example.org/talks
    published: 2020-03-10            Published: 2020-03-10
    ---                              (blank line)
    (body)                           (body)

YAML front matter may hold other keys (ignored). `Key: value` lines count as a
header only when every line of the first block is a known key and a blank line
and a body follow, so an article that starts "Note: ..." keeps its first line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from tracker.domain.dates import DateError, parse_date
from tracker.domain.text import is_text_printable, unify_newlines
from tracker.intake.errors import IntakeError

# Header key -> field, both forms, case-insensitive.
KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "canonical": "url", "canonical_url": "url", "source_url": "url",
    "published": "published", "date": "published", "published_on": "published", "published_at": "published",
    "outlet": "outlet", "source": "outlet", "site": "outlet", "publisher": "outlet", "sitename": "outlet",
    "author": "author", "authors": "author", "byline": "author", "by": "author",
}
_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z _-]{0,30}?)\s*:\s*(.*?)\s*$")
_FRONT_MATTER_MAX_LINES = 200
_HEADER_MAX_LINES = 12


@dataclass(frozen=True)
class TextHeader:
    title: str | None = None
    url: str | None = None
    published_on: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    warnings: tuple[str, ...] = field(default=())


def decode_text(data: bytes, label: str) -> str:
    """UTF-8 text with unified newlines, or one line saying why not (empty, binary, not UTF-8)."""
    if not data.strip():
        raise IntakeError(f"{label} is empty; give a file with the article's text")
    if b"\x00" in data[:8192]:
        raise IntakeError(f"{label} is a binary file, not text; save the article as UTF-8 plain text")
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IntakeError(
            f"{label} is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); "
            f"convert it, e.g. iconv -f latin1 -t utf-8 {label}"
        ) from None
    if not is_text_printable(decoded):
        raise IntakeError(f"{label} looks binary, not plain text; save the article as UTF-8 text")
    return unify_newlines(decoded)


def split_header(text: str, label: str) -> tuple[TextHeader, str]:
    """The metadata a text starts with, and the body after it (the text itself if none)."""
    front = _front_matter(text, label)
    if front is not None:
        return front
    return _key_lines(text, label)


def _front_matter(text: str, label: str) -> tuple[TextHeader, str] | None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if lines[index].rstrip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :]).lstrip("\n")
            break
    else:
        return None  # a rule line, not front matter
    values = _safe_mapping(block, label)
    if values is None:
        return None
    return _header(values, label), body


def _safe_mapping(block: str, label: str) -> dict[str, str] | None:
    """Top-level scalar keys of a YAML block, read as strings. Aliases are refused
    (an alias bomb must not expand) and no tags are constructed."""
    try:
        for event in yaml.parse(block, Loader=yaml.BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                raise IntakeError(f"{label}: its front matter uses YAML aliases (*name); write the values out")
        loaded = yaml.load(block, Loader=yaml.BaseLoader)  # BaseLoader builds only str, list and dict
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise IntakeError(f"{label}: its front matter is not valid YAML{where}; fix it or remove the --- block") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        return None
    values: dict[str, str] = {}
    for key, value in loaded.items():
        name = KEYS.get(str(key).strip().lower())
        if name is None or name in values:
            continue
        if isinstance(value, list):  # authors: [A, B]
            value = ", ".join(str(v) for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            values[name] = value.strip()
    return values


def _key_lines(text: str, label: str) -> tuple[TextHeader, str]:
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    values: dict[str, str] = {}
    index = start
    while index < len(lines) and lines[index].strip():
        match = _KEY_LINE.match(lines[index].strip())
        name = KEYS.get(match.group(1).strip().lower().replace(" ", "_")) if match else None
        if match is None or name is None or index - start >= _HEADER_MAX_LINES:
            return TextHeader(), text
        if match.group(2):
            values.setdefault(name, match.group(2))
        index += 1
    body = "\n".join(lines[index:]).lstrip("\n")
    if not values or not body.strip():
        return TextHeader(), text
    return _header(values, label), body


def _header(values: dict[str, str], label: str) -> TextHeader:
    published = None
    if "published" in values:
        published = parse_header_date(values["published"], label)
    return TextHeader(
        title=values.get("title"), url=values.get("url"), published_on=published,
        outlet=values.get("outlet"), author=values.get("author"),
    )


def parse_header_date(raw: str, label: str) -> dt.date:
    """A publication date as written in a header: ISO date or timestamp, or 'June 1, 2020'."""
    value = raw.strip().strip("'\"")
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if not re.search(r"\d{4}", value):
        raise IntakeError(f"{label}: published date {value[:40]!r} has no year; write it as YYYY-MM-DD")
    try:
        return parse_date(value)
    except DateError:
        raise IntakeError(f"{label}: published date {value[:40]!r} is not a date; write it as YYYY-MM-DD") from None
