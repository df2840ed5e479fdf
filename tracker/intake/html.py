"""Web pages: the article's main text and metadata, through trafilatura.

trafilatura drops navigation, cookie banners, link boxes, footers, scripts and
styles; its XML body keeps the article's block structure, from which each
paragraph, heading, list, quote or table becomes one block of the text.
`favor_recall`: on test pages the default and precision modes dropped an
article's sub-headings and bullet lists while recall kept them and still left
out every banner, box and footer; losing evidence is the worse mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tracker.intake.errors import IntakeError

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCKS = {"p", "head", "list", "quote", "table", "code", "graphic", "div"}


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    outlet: str | None
    author: str | None
    published_on: dt.date | None
    canonical_url: str | None


def extract_html(data: bytes | str, label: str, *, url: str | None = None) -> HtmlArticle:
    """The main text and metadata of an HTML page, or one line saying there is none."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=True, date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # a parser failure on hostile markup is this page's problem only
        raise IntakeError(f"{label}: the page could not be parsed ({type(exc).__name__}); save its text as .txt") from None
    body = getattr(document, "body", None)
    text = body_text(body) if body is not None else ""
    if not text.strip():
        raise IntakeError(
            f"{label}: no article text found in the page; save the article's text as a .txt file and add that"
        )
    return HtmlArticle(
        text=text,
        title=_clean(getattr(document, "title", None)),
        outlet=_clean(getattr(document, "sitename", None)),
        author=_clean(getattr(document, "author", None)),
        published_on=_date(getattr(document, "date", None)),
        canonical_url=_clean(getattr(document, "url", None)),
    )


def body_text(body: Any) -> str:
    """Blocks of trafilatura's XML body, one blank line between them."""
    blocks: list[str] = []
    _collect(body, blocks)
    return "\n\n".join(blocks)


def _collect(element: Any, blocks: list[str]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "quote" and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
            _collect(child, blocks)
        elif tag == "list":
            items = [_inline(item) for item in child if item.tag == "item"]
            block = "\n".join(f"- {item}" for item in items if item)
            if block:
                blocks.append(block)
        elif tag == "table":
            rows = []
            for row in child.iter("row"):
                cells = [_inline(cell) for cell in row if cell.tag == "cell"]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
        elif tag in _BLOCKS:
            block = _inline(child)
            if block:
                blocks.append(block)


def _inline(element: Any) -> str:
    """An element's text with runs of spaces folded; a <lb/> stays a line break."""
    parts: list[str] = []
    _walk_inline(element, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk_inline(element: Any, parts: list[str]) -> None:
    if element.tag == "lb":
        parts.append("\n")
    elif element.text:
        parts.append(element.text)
    for child in element:
        _walk_inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
