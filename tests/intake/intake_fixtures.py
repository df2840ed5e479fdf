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


# A page whose metadata is in JSON-LD, with a sub-heading and a bullet list in the article.
STRUCTURED_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Weekly bulletin</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Aid flights resume to the northern airfield","datePublished":"2020-06-02T08:00:00+04:30",
"author":{"@type":"Person","name":"Sana Idris"},"publisher":{"@type":"Organization","name":"Northern Dispatch"}}</script>
</head><body>
<header><nav><a href="/">Home</a><a href="/about">About</a></nav></header>
<section class="article">
<h1>Aid flights resume to the northern airfield</h1>
<p>Aid flights resumed to the northern airfield on Tuesday after a pause of nine days, officials at the relief office said.</p>
<p>The first aircraft carried medicine and tents, and a second flight is expected on Wednesday if the weather holds.</p>
<h2>Fuel shortages</h2>
<p>Ground crews said fuel remained short, and that each flight had to bring enough for its return journey.</p>
<ul><li>Medicine for the district clinic</li><li>Tents for two hundred families</li></ul>
<p>The office did not say when regular service would return.</p>
</section>
<section class="comments"><h3>Comments</h3><div class="comment"><p>Great news, finally! I hope this continues
for the whole winter season.</p></div></section>
<footer>Northern Dispatch. Contact: desk@dispatch.example</footer>
</body></html>
"""

# Boxes inside the article body itself: a "read more" promo, a newsletter box, a "most read" list.
CLUTTERED_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Council approves checkpoint hours | Riverside Post</title>
<meta property="og:site_name" content="Riverside Post"><meta property="article:published_time" content="2020-07-09">
</head><body>
<div class="consent-overlay" role="dialog"><h2>Your privacy</h2><p>We and our partners use cookies and similar
technologies to personalise content and ads.</p><button>I agree</button><button>Options</button></div>
<div class="layout"><div class="main-col">
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/region">Region</a></div>
<h1>Council approves checkpoint hours</h1>
<div class="article-body">
<p>The district council voted on Thursday to keep the two checkpoints on the valley road open from six in the
morning until nine at night.</p>
<div class="inline-promo"><strong>Read more:</strong> <a href="/x">Farmers protest over water rights in the lower valley</a></div>
<p>Members said the longer hours would let traders reach the market before dawn, and that guards would be rotated
every four hours.</p>
<div class="newsletter-signup"><h4>Get the morning briefing</h4><p>Sign up for our free newsletter and get the top
stories in your inbox.</p><input type="email"><button>Sign up</button></div>
<p>The vote passed by nine to three, with two members absent.</p>
<div class="most-popular"><h3>Most read</h3><ol><li><a href="/m1">Storm damages bridge near the old mill</a></li>
<li><a href="/m2">School term to start a week late this year</a></li></ol></div>
<p>A review of the arrangement is planned for the end of the year.</p>
</div>
<div class="tags">Tags: <a href="/t/council">council</a> <a href="/t/checkpoints">checkpoints</a></div>
</div>
<aside class="rail"><div class="ad">Advertisement</div><h3>Trending</h3><ul><li><a href="/t1">Five hikes within an
hour of the city</a></li></ul></aside>
</div>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li></ul><p>&copy; Riverside Post 2020</p></footer>
<script>var s = "script text here";</script>
</body></html>
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
