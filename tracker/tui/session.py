"""What the screens share, without knowing the App: the session state and the
reads they may run (in workers) through the service.

The App builds one `Session` and hands it to every screen it pushes. Screens
read `today`, `as_of` and the catalogue from it; only the App changes the
as-of date. Writes never go through here: screens post messages and the App
does them (see `tracker.tui.messages`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tracker.domain.models import Catalogue, Source
    from tracker.domain.records import InboxPage, StoredSuggestion
    from tracker.domain.report import PartyScore, ReportData
    from tracker.domain.suggest import Suggestion
    from tracker.service import EvidenceView, ObligationDetail, ObligationState, SourceSummary

# a suggestion the analyst hid: (obligation, source, start, end)
SuggestionKey = tuple[str, int, int, int]


def suggestion_key(source_id: int, s: Suggestion) -> SuggestionKey:
    return (s.obligation, source_id, s.start, s.end)


class Reads(Protocol):
    """The service's reads the screens use; each runs in a thread worker, never on the event loop."""

    def obligation_rows(
        self, *, as_of: dt.date | None = None, known_on: dt.date | None = None
    ) -> list[ObligationState]: ...

    def detail(
        self, obligation_id: str, as_of: dt.date | None = None, known_on: dt.date | None = None
    ) -> ObligationDetail: ...

    def scorecard(
        self, *, as_of: dt.date | None = None, known_on: dt.date | None = None, agreement: str | None = None
    ) -> tuple[PartyScore, ...]: ...

    def evidence_for(
        self, obligation_id: str | None = None, source_id: int | None = None, *, mark_echoes: bool = True
    ) -> list[EvidenceView]: ...

    def list_sources(self) -> list[SourceSummary]: ...

    def open_suggestions(self, source_id: int | str | None = None) -> list[StoredSuggestion]: ...

    def awaiting_triage(self) -> int: ...

    def inbox_page(self, after: tuple[int, float, int] | None = None, limit: int = 200) -> InboxPage: ...

    def suggest_source(self, source_id: int | str, *, top_k: int = 5,
                       obligation_ids: set[str] | None = None) -> tuple[Source, list[Suggestion]]: ...

    def suggest_obligation(self, obligation_id: str, *, top_k: int = 10) -> list[tuple[SourceSummary, Suggestion]]: ...

    def report(
        self, *, as_of: dt.date | None = None, known_on: dt.date | None = None, since: dt.date | None = None,
    ) -> ReportData: ...


@dataclass
class Session:
    """State shared by the screens of one run of the UI."""

    reads: Reads
    catalogue: Catalogue
    clock: Callable[[], dt.date]  # the service's injected "today" (Tracker.today)
    as_of: dt.date | None = None
    # the audit view: only what had been recorded by the end of `as_of` (else: what is known now about it)
    audit: bool = False
    hidden: set[SuggestionKey] = field(default_factory=set)  # suggestions rejected this session

    @property
    def known_on(self) -> dt.date | None:
        return self.as_of if self.audit else None

    @property
    def view_label(self) -> str:
        if self.as_of is None:
            return f"today {self.today}"
        return f"as recorded on {self.as_of} (audit view)" if self.audit else f"as of {self.as_of} (known now)"

    @property
    def today(self) -> dt.date:
        return self.clock()

    @property
    def day(self) -> dt.date:
        """The day the record is shown as of."""
        return self.as_of or self.today

    def obligation_title(self, obligation_id: str) -> str:
        o = self.catalogue.obligation(obligation_id)
        return " ".join(o.title.split()) if o else obligation_id

    def themes(self) -> Sequence[str]:
        """Every theme the catalogue tags an obligation with, sorted."""
        return sorted({t for o in self.catalogue.obligations for t in o.themes})


class SessionHolder(Protocol):
    """What the command palette providers need of the App: the session, once the catalogue is loaded."""

    session: Session | None
