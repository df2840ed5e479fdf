"""Which obligations a filter keeps: one rule for the CLI, the TUI and reports.

The party filter means the obligor ("what the Taliban owe") unless the side is
given as the beneficiary ("what is owed to the Taliban"). The TUI's filter
text uses the same words: `party:taliban` (alias `by:`) and `owed-to:taliban`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.models import Obligation


class Side(StrEnum):
    OBLIGOR = "obligor"
    BENEFICIARY = "beneficiary"


def owes(obligation: Obligation, party: str, side: Side | str = Side.OBLIGOR) -> bool:
    """True when `party` is on `side` of the obligation (obligor by default)."""
    parties = obligation.beneficiary if Side(side) is Side.BENEFICIARY else obligation.obligor
    return party in parties


@dataclass(frozen=True)
class ObligationQuery:
    """A parsed filter: every given part must match."""

    status: str | None = None
    party: str | None = None
    side: Side = Side.OBLIGOR
    theme: str | None = None
    overdue: bool = False
    words: tuple[str, ...] = ()


_STATUS_KEYS = ("status", "s")
_PARTY_KEYS = ("party", "p", "by")
_OWED_TO_KEYS = ("owed-to", "to", "for")
_THEME_KEYS = ("theme", "t")


def parse_query(text: str) -> ObligationQuery:
    """Read the filter syntax: `status:X party:Y owed-to:Z theme:T overdue word…`."""
    status = party = theme = None
    side = Side.OBLIGOR
    overdue = False
    words: list[str] = []
    for token in text.lower().split():
        key, sep, value = token.partition(":")
        if sep and key in _STATUS_KEYS:
            status = value
        elif sep and key in _PARTY_KEYS:
            party, side = value, Side.OBLIGOR
        elif sep and key in _OWED_TO_KEYS:
            party, side = value, Side.BENEFICIARY
        elif sep and key in _THEME_KEYS:
            theme = value
        elif token == "overdue":
            overdue = True
        else:
            words.append(token)
    return ObligationQuery(status, party, side, theme, overdue, tuple(words))


def matches(
    query: ObligationQuery, obligation: Obligation, *, status: str, overdue: bool, extra_text: str = "",
    prefix: bool = False,
) -> bool:
    """True when the obligation in this state passes the query.

    `prefix` lets typed filters match on a prefix (`status:stal`), as the TUI
    filters while the user types; the CLI asks for exact values."""

    def same(given: str, actual: str) -> bool:
        return actual.startswith(given) if prefix else actual == given

    if query.status is not None and not same(query.status, status):
        return False
    if query.party is not None:
        parties = obligation.beneficiary if query.side is Side.BENEFICIARY else obligation.obligor
        if not any(same(query.party, p) for p in parties):
            return False
    if query.theme is not None and not any(same(query.theme, t) for t in obligation.themes):
        return False
    if query.overdue and not overdue:
        return False
    if query.words:
        hay = " ".join([
            obligation.id, obligation.title, obligation.summary, obligation.clause, *obligation.obligor,
            *obligation.beneficiary, *obligation.themes, *obligation.keywords, status, extra_text,
        ]).lower()
        if not all(word in hay for word in query.words):
            return False
    return True
