"""Plain-text and Markdown files: metadata headers are read, not kept as body;
bad files get one line each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.intake import IntakeError, IntakeLimits, Kind, read_path

BODY = "Talks between the two delegations resumed on Monday in the capital.\n\nA second paragraph follows.\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_yaml_front_matter_is_read_and_not_kept(tmp_path: Path, limits: IntakeLimits) -> None:
    path = write(tmp_path, "talks.md", (
        "---\n"
        "title: Talks resume in the capital\n"
        "url: https://daily.example/talks\n"
        "published: 2020-03-10\n"
        "outlet: Example Daily\n"
        "author: [Ana Ruiz, Tom Weller]\n"
        "tags: [talks, capital]\n"
        "---\n\n" + BODY
    ))
    document = read_path(path, limits=limits)
    assert document.kind is Kind.TEXT
    assert document.text == BODY
    assert (document.title, document.url, document.outlet, document.author) == (
        "Talks resume in the capital", "https://daily.example/talks", "Example Daily", "Ana Ruiz, Tom Weller",
    )
    assert document.published_on == dt.date(2020, 3, 10)


def test_key_value_header_is_read_and_not_kept(tmp_path: Path, limits: IntakeLimits) -> None:
    path = write(tmp_path, "talks.txt", (
        "Title: Talks resume in the capital\n"
        "URL: https://daily.example/talks\n"
        "Date: March 10, 2020\n"
        "Source: Example Daily\n"
        "Author: Ana Ruiz\n"
        "\n" + BODY
    ))
    document = read_path(path, limits=limits)
    assert document.text == BODY
    assert document.title == "Talks resume in the capital"
    assert document.url == "https://daily.example/talks"
    assert document.outlet == "Example Daily"
    assert document.author == "Ana Ruiz"
    assert document.published_on == dt.date(2020, 3, 10)


def test_a_first_line_that_only_looks_like_a_header_stays_text(tmp_path: Path, limits: IntakeLimits) -> None:
    text = "Note: the talks were moved to Tuesday.\n\n" + BODY
    document = read_path(write(tmp_path, "note.txt", text), limits=limits)
    assert document.text == text
    assert document.title is None


def test_a_text_without_header_is_kept_as_given(tmp_path: Path, limits: IntakeLimits) -> None:
    text = "Talks resume\r\n\r\nThe delegations met again.\r\n"
    document = read_path(write(tmp_path, "plain.txt", "\ufeff" + text), limits=limits)
    assert document.text == "Talks resume\n\nThe delegations met again.\n"
    assert document.original.data.startswith(b"\xef\xbb\xbf")
    assert (document.title, document.url, document.published_on) == (None, None, None)


def test_a_header_with_a_bad_date_is_one_line(tmp_path: Path, limits: IntakeLimits) -> None:
    path = write(tmp_path, "bad.txt", "Title: Talks\nPublished: 2020-02-30\n\n" + BODY)
    with pytest.raises(IntakeError, match=r"bad\.txt: published date '2020-02-30' is not a date; write it as YYYY-MM-DD"):
        read_path(path, limits=limits)


def test_front_matter_with_aliases_is_refused(tmp_path: Path, limits: IntakeLimits) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ntitle: *b\n---\n" + BODY
    with pytest.raises(IntakeError, match="aliases"):
        read_path(write(tmp_path, "bomb.md", bomb), limits=limits)


def test_broken_front_matter_names_the_line(tmp_path: Path, limits: IntakeLimits) -> None:
    path = write(tmp_path, "broken.md", "---\ntitle: Talks\nurl: [unclosed\n---\n" + BODY)
    with pytest.raises(IntakeError, match=r"broken\.md: its front matter is not valid YAML \(line \d+\)"):
        read_path(path, limits=limits)


def test_header_without_a_body_is_refused(tmp_path: Path, limits: IntakeLimits) -> None:
    with pytest.raises(IntakeError, match="no article text after it"):
        read_path(write(tmp_path, "empty.md", "---\ntitle: Only a title\n---\n\n"), limits=limits)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"text\x00with a NUL byte", "is a binary file"),
        ("caf\u00e9 au lait".encode("latin-1"), r"is not UTF-8 \(byte 3 is 0xe9\)"),
        (b"\x89PNG\r\n\x1a\nrest", "is a PNG image, not an article"),
        (b"PK\x03\x04rest of a zip", "is a ZIP archive"),
    ],
)
def test_bad_files_are_one_line_each(tmp_path: Path, limits: IntakeLimits, content: bytes, message: str) -> None:
    with pytest.raises(IntakeError, match=message) as caught:
        read_path(write(tmp_path, "article.txt", content), limits=limits)
    assert "\n" not in str(caught.value)
    assert "article.txt" in str(caught.value)


def test_an_unknown_extension_is_sniffed(tmp_path: Path, limits: IntakeLimits) -> None:
    html = "<!doctype html><html><head><title>T</title></head><body><article>" + "".join(
        f"<p>Paragraph {n} says the convoy crossed the bridge before noon on the second day of the month.</p>"
        for n in range(3)
    ) + "</article></body></html>"
    assert read_path(write(tmp_path, "saved.page", html), limits=limits).kind is Kind.HTML
    assert read_path(write(tmp_path, "notes.log", BODY), limits=limits).kind is Kind.TEXT


def test_a_feed_saved_as_a_file_is_pointed_to_feeds_add(tmp_path: Path, limits: IntakeLimits) -> None:
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    with pytest.raises(IntakeError, match="feeds add"):
        read_path(write(tmp_path, "feed.xml", feed), limits=limits)


def test_the_original_is_kept_with_its_hash(tmp_path: Path, limits: IntakeLimits) -> None:
    import hashlib

    raw = ("Title: Talks\n\n" + BODY).encode()
    document = read_path(write(tmp_path, "t.txt", raw), limits=limits)
    assert document.original.data == raw
    assert document.original.sha256 == hashlib.sha256(raw).hexdigest()
    assert document.original.media_type == "text/plain"
