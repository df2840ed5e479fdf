"""Web pages: only the article reaches the text, paragraph by paragraph, and
the page's own metadata comes out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from intake_fixtures import ARTICLE_PARAGRAPHS, CHROME, CLUTTERED_PAGE, STRUCTURED_PAGE, article_page

from tracker.intake import IntakeError, IntakeLimits, Kind, read_path


def test_only_the_article_reaches_the_text(tmp_path: Path, limits: IntakeLimits) -> None:
    path = tmp_path / "stalls.html"
    path.write_text(article_page(), encoding="utf-8")
    document = read_path(path, limits=limits)
    assert document.kind is Kind.HTML
    blocks = document.text.split("\n\n")
    # The headline, then each paragraph as its own block; the byline is metadata.
    assert blocks == ["Prisoner exchange stalls at river crossing", *ARTICLE_PARAGRAPHS]
    for chrome in CHROME:
        assert chrome not in document.text, chrome
    assert "<" not in document.text and "&" not in document.text


def test_the_page_metadata_comes_out(tmp_path: Path, limits: IntakeLimits) -> None:
    path = tmp_path / "stalls.htm"
    path.write_text(article_page(), encoding="utf-8")
    document = read_path(path, limits=limits)
    assert document.title == "Prisoner exchange stalls at river crossing"
    assert document.outlet == "The Lantern Courier"
    assert document.author == "Miriam Okonkwo-Hale"
    assert document.published_on == dt.date(2020, 4, 7)
    assert document.url == document.canonical_url == "https://courier.example/world/prisoner-exchange-stalls"
    assert document.original.media_type == "text/html"
    assert document.extractor.startswith("trafilatura ")
    assert document.original.data == path.read_bytes()


def test_headings_and_lists_in_the_article_are_kept(tmp_path: Path, limits: IntakeLimits) -> None:
    path = tmp_path / "flights.html"
    path.write_text(STRUCTURED_PAGE, encoding="utf-8")
    document = read_path(path, limits=limits)
    blocks = document.text.split("\n\n")
    assert "Fuel shortages" in blocks
    assert "- Medicine for the district clinic\n- Tents for two hundred families" in blocks
    assert blocks[-1] == "The office did not say when regular service would return."
    assert "Great news" not in document.text and "desk@dispatch" not in document.text and "About" not in document.text
    assert (document.title, document.outlet, document.author) == (
        "Aid flights resume to the northern airfield", "Northern Dispatch", "Sana Idris")
    assert document.published_on == dt.date(2020, 6, 2)
    assert document.url is None  # a saved page without a canonical link has no address


def test_boxes_inside_the_article_body_stay_out(tmp_path: Path, limits: IntakeLimits) -> None:
    path = tmp_path / "council.html"
    path.write_text(CLUTTERED_PAGE, encoding="utf-8")
    document = read_path(path, limits=limits)
    assert document.text.split("\n\n") == [
        "The district council voted on Thursday to keep the two checkpoints on the valley road open from six in "
        "the morning until nine at night.",
        "Members said the longer hours would let traders reach the market before dawn, and that guards would be "
        "rotated every four hours.",
        "The vote passed by nine to three, with two members absent.",
        "A review of the arrangement is planned for the end of the year.",
    ]
    assert (document.title, document.outlet, document.published_on) == (
        "Council approves checkpoint hours", "Riverside Post", dt.date(2020, 7, 9))


def test_entities_and_line_breaks_inside_paragraphs(tmp_path: Path, limits: IntakeLimits) -> None:
    page = article_page(paragraphs=[
        "The envoy said the timetable was &ldquo;firm&rdquo; &mdash; and that the first group would cross "
        "on Friday morning, weather permitting, under the eyes of the committee.",
        "Lists of items followed:<br>blankets for the winter,<br>fuel for the generators at the two camps.",
        *ARTICLE_PARAGRAPHS[2:],
    ])
    path = tmp_path / "entities.html"
    path.write_text(page, encoding="utf-8")
    text = read_path(path, limits=limits).text
    assert "\u201cfirm\u201d \u2014 and that" in text
    assert "Lists of items followed:\nblankets for the winter,\nfuel for the generators" in text


def test_a_page_with_no_article_is_one_line(tmp_path: Path, limits: IntakeLimits) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<!doctype html><html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
                    "</nav></body></html>", encoding="utf-8")
    with pytest.raises(IntakeError, match=r"menu\.html: no article text found in the page"):
        read_path(path, limits=limits)


def test_a_legacy_encoding_declared_in_the_page_is_honoured(tmp_path: Path, limits: IntakeLimits) -> None:
    page = article_page(paragraphs=[
        "The caf\u00e9 near the crossing served tea to the observers while the clerks compared the lists "
        "of names for the second time that week.",
        *ARTICLE_PARAGRAPHS[1:],
    ]).replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("cp1252"))
    assert "The caf\u00e9 near the crossing" in read_path(path, limits=limits).text
