"""Test documents written for these tests: web pages, feeds and PDFs.

Every sentence here is made up for the tests; nothing is copied from a site.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

ARTICLE_PARAGRAPHS = (
    "Negotiators for both delegations met for a third afternoon at the old customs house on Tuesday, "
    "but the promised release of the second group of detainees did not take place, according to two "
    "officials who attended the talks.",
    "One official said the lists of names had been exchanged twice and still did not agree, and that a "
    "clerk from each side had been asked to compare them line by line before anyone would be moved.",
    "\u201cWe are closer than we were on Sunday, but closer is not the same as done,\u201d said the second "
    "official, who asked that his name not be printed because he was not cleared to speak.",
    "The delegations are expected to meet again on Thursday, when observers from a neutral committee "
    "will be present for the first time since the ceasefire began.",
)

# Text that sits around the article on the page and must never reach the source.
CHROME = (
    "We use cookies to improve your visit",
    "Manage preferences",
    "Harbour festival draws record crowds",
    "Local bakery wins regional prize",
    "Most read",
    "All rights reserved",
    "Privacy policy",
    "script text must never appear",
    "trackingPixel",
    "Subscribe to our evening letter",
    "Sport",
)


def article_page(
    *, title: str = "Prisoner exchange stalls at river crossing", site: str = "The Lantern Courier",
    author: str = "Miriam Okonkwo-Hale", published: str = "2020-04-07T09:30:00Z",
    canonical: str = "https://courier.example/world/prisoner-exchange-stalls",
    paragraphs: Sequence[str] = ARTICLE_PARAGRAPHS, feed_link: str | None = None,
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    alternate = f'<link rel="alternate" type="application/rss+xml" href="{feed_link}">' if feed_link else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{canonical}">
{alternate}
<script>window.trackingPixel = "most read tracking";</script>
<style>.site-nav {{ color: red }}</style>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your visit. Accept all cookies or
<a href="/cookies">Manage preferences</a>.</p><button>Accept</button></div>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<header class="masthead"><a href="/">{site}</a></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article>
<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/a">Harbour festival draws record crowds to the waterfront this weekend</a></li>
<li><a href="/b">Local bakery wins regional prize for its rye bread recipe</a></li></ol></aside>
<div class="newsletter"><p>Subscribe to our evening letter for the day's stories.</p></div>
</main>
<footer><p>&copy; 2020 {site}. All rights reserved. Contact us. Privacy policy. Terms of use.</p></footer>
<script>document.write("script text must never appear");</script>
</body>
</html>
"""


def rss_feed(entries: Sequence[tuple[str, str, str]], *, title: str = "Courier world desk") -> str:
    """entries: (guid, link, title), newest first."""
    items = "\n".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{item_title}</title>"
        f"<pubDate>Tue, 07 Apr 2020 09:30:00 GMT</pubDate></item>"
        for guid, link, item_title in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://courier.example/</link>
<description>Stories from the world desk</description>
{items}
</channel></rss>
"""


def atom_feed(entries: Sequence[tuple[str, str, str]], *, title: str = "Monitoring office notes") -> str:
    items = "\n".join(
        f"<entry><id>{guid}</id><link href=\"{link}\"/><title>{item_title}</title>"
        f"<updated>2020-05-01T12:00:00Z</updated></entry>"
        for guid, link, item_title in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>urn:office:notes</id>
<updated>2020-05-01T12:00:00Z</updated>
{items}
</feed>
"""


REPORT_PAGE_ONE = (
    "Summary of findings",
    "The monitors visited eleven checkpoints along the northern road during the quarter and found that "
    "nine of them had been staffed as the accord requires.",
)
HYPHENATED = ("Two posts were unmanned on most days, and the office recommends a thorough recon-",
              "struction of the roster before the next review.")
REPORT_PAGE_TWO = (
    "Supply convoys reached the eastern villages on schedule in the final month of the quarter.",
    "The office thanks the local councils for their cooperation with the monitors.",
)
RUNNING_HEADER = "Joint Monitoring Office - Quarterly Review"


def report_pdf(*, password: str | None = None) -> bytes:
    """Two pages, a running header, a "Page N of M" footer and a word hyphenated at a line end."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, RUNNING_HEADER, align="C")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report()
    pdf.set_title("Quarterly Review of the Valley Ceasefire")
    pdf.set_author("Joint Monitoring Office")
    if password is not None:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for paragraph in REPORT_PAGE_ONE:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(4)
    pdf.multi_cell(0, 6, "\n".join(HYPHENATED))  # the line break falls after "recon-"
    pdf.add_page()
    for paragraph in REPORT_PAGE_TWO:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(4)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """One page holding only an image: what a scanner without OCR produces."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(picture).rectangle((20, 20, 380, 180), outline="black", width=4)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=180)
    return bytes(pdf.output())
