"""Each obligation's current verdict as a schema.org ClaimReview (JSON-LD).

The claim reviewed is the party's commitment in the agreement; the rating is
the tracker's status mapped onto the Peace Accords Matrix implementation
scale (Kroc Institute): 0 not initiated, 1 minimal, 2 intermediate, 3 full
implementation. The status name is the rating's `alternateName`.

A disputed obligation has no agreed level of implementation, so its review
carries the textual rating only (no ratingValue). Obligations not yet
assessed, or superseded, have no verdict and are left out. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from tracker.domain.report import ReportData, ReportItem

PAM_SCALE = {"met": 3, "partial": 2, "in-progress": 1, "stalled": 1, "pending": 0, "breached": 0, "lapsed": 0}
PAM_LABELS = {0: "not initiated", 1: "minimal implementation", 2: "intermediate implementation", 3: "full implementation"}
TEXT_ONLY = {"disputed"}
BEST, WORST = 3, 0


def review_url(report: ReportData, item: ReportItem, base_url: str | None) -> str:
    if base_url:
        return f"{base_url.split('#')[0]}#{item.id}"
    return f"urn:tracker:{report.agreement_id}:{item.id}"


def has_verdict(item: ReportItem) -> bool:
    return item.status in PAM_SCALE or item.status in TEXT_ONLY


def claim_review(report: ReportData, item: ReportItem, *, publisher: str, base_url: str | None) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": item.status}
    level = PAM_SCALE.get(item.status)
    if level is not None:
        rating.update({
            "ratingValue": level, "bestRating": BEST, "worstRating": WORST,
            "description": f"Peace Accords Matrix implementation scale: {level} ({PAM_LABELS[level]})",
        })
    else:
        rating["description"] = "Disputed: no agreed level of implementation, so no value on the 0-3 scale"
    if item.rationale:
        rating["ratingExplanation"] = item.rationale
    agreement = {"@type": "CreativeWork", "name": report.agreement_title, "datePublished": report.signed_on.isoformat()}
    citations = []
    seen: set[int] = set()
    for e in item.evidence:
        if e.source_id in seen:
            continue
        seen.add(e.source_id)
        work: dict[str, Any] = {"@type": "CreativeWork", "name": e.source_title}
        if e.source_url:
            work["url"] = e.source_url
        if e.source_outlet:
            work["publisher"] = {"@type": "Organization", "name": e.source_outlet}
        citations.append(work)
    url = review_url(report, item, base_url)
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "name": f"Has it been kept? {item.title}",
        "claimReviewed": f"{', '.join(item.obligor)} committed ({item.clause}): {item.summary or item.title}",
        "datePublished": report.generated_at.date().isoformat(),
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": [{"@type": "Organization", "name": name} for name in item.obligor],
            "datePublished": report.signed_on.isoformat(),
            "appearance": agreement,
            "firstAppearance": agreement,
        },
        "temporalCoverage": f"{report.signed_on.isoformat()}/{report.as_of.isoformat()}",
    }
    if citations:
        review["citation"] = citations
    return review


def claim_reviews(report: ReportData, *, publisher: str, base_url: str | None = None) -> dict[str, Any]:
    """A JSON-LD document with one ClaimReview per obligation that has a verdict."""
    return {
        "@context": "https://schema.org",
        "@graph": [
            claim_review(report, item, publisher=publisher, base_url=base_url)
            for item in report.items if has_verdict(item)
        ],
    }
