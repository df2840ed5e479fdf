"""Echoes among stored evidence: which item repeats which, and how many
independent claimants stand behind an obligation's evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tracker.domain.echoes import echo_groups, independent_claimants
from tracker.domain.models import Evidence
from tracker.domain.text import normalise_str


def echo_leaders(evidence: Sequence[Evidence]) -> dict[int, int]:
    """Map each evidence id to the first id of the group of passages it echoes.

    Only evidence of the same obligation is compared, and identical passages
    are compared once, so this stays cheap on large records."""
    by_obligation: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_obligation[item.obligation_id].append(item)
    leaders: dict[int, int] = {}
    for items in by_obligation.values():
        same_text: dict[str, list[int]] = defaultdict(list)
        for item in items:
            same_text[normalise_str(item.quote.exact)].append(item.id)
        texts = list(same_text)
        for group in echo_groups(list(enumerate(texts))):
            members = [eid for index in group for eid in same_text[texts[index]]]
            first = min(members)
            for member in members:
                leaders[member] = first
    return leaders


def claimants_by_obligation(evidence: Sequence[Evidence]) -> dict[str, int]:
    """Independent claimants per obligation (the domain's one rule, see echoes)."""
    by_obligation: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_obligation[item.obligation_id].append(item)
    return {key: independent_claimants(items) for key, items in by_obligation.items()}
