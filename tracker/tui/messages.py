"""Messages between the screens and the App.

Requests go up: a widget or screen posts one and it bubbles to the App, which
handles it with `@on` (navigation, dialogs, every write). Notices go down: the
App posts them to each screen on the stack (they do not bubble back) when the
record changed, so that each screen reloads what it owns.

Results of a screen's own reads are messages too, declared on the screen or
widget that runs the worker (e.g. `MainScreen.RowsLoaded`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    import datetime as dt

    from tracker.domain.models import Evidence
    from tracker.domain.suggest import Suggestion
    from tracker.service import EvidenceView
    from tracker.tui.inputs import EvidenceInput

# -- requests (bubble to the App) ---------------------------------------------


@dataclass
class Triage(Message):
    """Accept (as evidence) or reject a suggestion kept in the inbox."""

    suggestion_id: int
    accept: bool
    reason: str | None = None


@dataclass
class ShowObligation(Message):
    """Go back to the obligations screen with this obligation selected."""

    obligation_id: str


@dataclass
class OpenSource(Message):
    """Open a source in the reader, at an evidence passage or with a suggestion pinned."""

    source_id: int
    focus_evidence: int | None = None
    suggestion: Suggestion | None = None


@dataclass
class FindPassages(Message):
    """Suggested passages across every source for one obligation."""

    obligation_id: str


@dataclass
class RecordStatus(Message):
    """Open the status dialog for an obligation, citing these evidence ids."""

    obligation_id: str
    cite: tuple[int, ...] = ()


@dataclass
class AttachPassage(Message):
    """Open the attach dialog for a passage (prefilled from `draft`)."""

    draft: EvidenceInput


@dataclass
class RetractEvidence(Message):
    """Open the retract dialog for one evidence item."""

    view: EvidenceView


@dataclass
class AcceptSuggestion(Message):
    """Store a suggestion as evidence, as it stands."""

    source_id: int
    suggestion: Suggestion


@dataclass
class HideSuggestion(Message):
    """Hide a suggestion for the rest of the session."""

    source_id: int
    suggestion: Suggestion


# -- notices (from the App to each screen; they do not bubble) ----------------


class RecordChanged(Message, bubble=False):
    """Something was written: reload what you show."""


@dataclass
class EvidenceStored(Message, bubble=False):
    """New evidence was stored (attached or accepted): show it if it is yours."""

    evidence: Evidence


@dataclass
class AsOfChanged(Message, bubble=False):
    """The whole UI now shows the record as of this day (None: today)."""

    as_of: dt.date | None


class SuggestionsHidden(Message, bubble=False):
    """The set of hidden suggestions changed."""
