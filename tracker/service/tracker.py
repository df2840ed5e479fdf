"""`Tracker`: the one API the shells call, a thin front over the use-case modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import config
from tracker.domain.learning import Retrained
from tracker.domain.models import (
    ANALYST,
    Agreement,
    Catalogue,
    Confidence,
    Evidence,
    EvidenceCorrection,
    Obligation,
    Source,
    SourceEdit,
    Stance,
    Status,
    StatusChange,
    StatusReview,
)
from tracker.domain.records import (
    EvidenceView,
    FeedInfo,
    InboxPage,
    InboxSource,
    SearchHit,
    SourceSummary,
    StoredSuggestion,
)
from tracker.domain.report import PartyScore, ReportData
from tracker.service import admin, feeds, inbox, integrity, learning, reading, sources, status
from tracker.service import catalogue as catalogue_uc
from tracker.service import evidence as evidence_uc
from tracker.service.clock import Clock
from tracker.service.context import Context
from tracker.service.models import (
    AddedSource,
    IntakeOutcome,
    ObligationDetail,
    ObligationState,
    SourceInput,
    VerifyResult,
)
from tracker.service.suggestions import SuggestionService
from tracker.store.uow import Store

if TYPE_CHECKING:
    from tracker.domain.suggest import Suggestion


class Tracker:
    """The tracker's use cases over one database."""

    def __init__(self, db_url: str | None = None, author: str | None = None, clock: Clock | None = None) -> None:
        self.db_url = config.resolve_db_url(db_url)
        self.store = Store(self.db_url)
        self.ctx = Context(self.store, clock or Clock(), config.resolve_author(author))
        self._suggestions = SuggestionService(self.ctx)

    # -- who, when, where ------------------------------------------------------

    @property
    def author(self) -> str:
        return self.ctx.author

    @author.setter
    def author(self, value: str) -> None:
        self.ctx.author = value

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @clock.setter
    def clock(self, value: Clock) -> None:
        self.ctx.clock = value

    def today(self) -> dt.date:
        """The day every deadline is counted from (the injected clock's)."""
        return self.ctx.clock.today()

    @property
    def backend(self) -> str:
        return self.store.backend

    def safe_url(self) -> str:
        """The database URL with any password masked."""
        return self.store.safe_url()

    def close(self) -> None:
        self.store.close()

    # -- schema and catalogue --------------------------------------------------

    def upgrade(self) -> tuple[str | None, str]:
        return self.store.upgrade()

    def schema_revision(self) -> str | None:
        return self.store.revision()

    def database_roles(self, *, dry_run: bool = False) -> str:
        """PostgreSQL: create or refresh the tracker_reader and tracker_editor roles and the
        triggers that keep history append-only; returns the SQL (only returned with dry_run)."""
        return admin.database_roles(self.ctx, dry_run=dry_run)

    def can_write(self) -> bool:
        """Whether this login may record anything (False for a read-only login or file)."""
        return admin.can_write(self.ctx)

    @staticmethod
    def parse_catalogue_file(path: Path) -> Catalogue:
        return catalogue_uc.parse_catalogue_file(path)

    def load_catalogue(self, path: Path) -> Catalogue:
        return catalogue_uc.load_catalogue(self.ctx, path)

    def catalogue(self) -> Catalogue:
        return self.ctx.catalogue()

    def obligation(self, obligation_id: str) -> Obligation:
        return self.ctx.obligation(obligation_id)

    def agreement_for(self, obligation: Obligation) -> Agreement:
        return self.ctx.agreement_for(obligation)

    # -- sources ---------------------------------------------------------------

    def add_source_files(
        self, paths: Sequence[Path], *, title: str | None = None, outlet: str | None = None,
        url: str | None = None, published_on: dt.date | None = None, author: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        on_added: Callable[[AddedSource], None] | None = None,
    ) -> list[AddedSource]:
        return sources.add_source_files(
            self.ctx, paths, title=title, outlet=outlet, url=url, published_on=published_on, author=author,
            progress=progress, on_added=on_added,
        )

    def add_source(self, item: SourceInput) -> AddedSource:
        return sources.add_source(self.ctx, item)

    def add_targets(
        self, targets: Sequence[str], *, title: str | None = None, outlet: str | None = None,
        url: str | None = None, published_on: dt.date | None = None, author: str | None = None,
        on_item: Callable[[IntakeOutcome, int, int], None] | None = None, client: Any = None,
    ) -> list[IntakeOutcome]:
        return sources.add_targets(
            self.ctx, targets, title=title, outlet=outlet, url=url, published_on=published_on, author=author,
            on_item=on_item, client=client,
        )

    def add_feed(self, url: str, *, name: str | None = None, client: Any = None) -> FeedInfo:
        return feeds.add_feed(self.ctx, url, name=name, client=client)

    def list_feeds(self) -> list[FeedInfo]:
        return feeds.list_feeds(self.ctx)

    def pull_feeds(
        self, wanted: Sequence[str] = (), *, client: Any = None,
        on_entry: Callable[[FeedInfo, str, IntakeOutcome | None], None] | None = None,
    ) -> list[feeds.FeedPullResult]:
        return feeds.pull_feeds(self.ctx, wanted, client=client, on_entry=on_entry)

    def source_original(self, source_id: int | str) -> tuple[Source, str, bytes]:
        return sources.source_original(self.ctx, source_id)

    def edit_source(self, source_id: int | str, changes: dict[str, Any], *, reason: str | None = None) -> list[SourceEdit]:
        return sources.edit_source(self.ctx, source_id, changes, reason=reason)

    def source_edits(self, source_id: int | str | None = None) -> list[SourceEdit]:
        return sources.source_edits(self.ctx, source_id)

    def list_sources(self) -> list[SourceSummary]:
        return sources.list_sources(self.ctx)

    def source(self, source_id: int | str) -> Source:
        return sources.get_source(self.ctx, source_id)

    # -- evidence ----------------------------------------------------------------

    def add_evidence(
        self, obligation_id: str, source_id: int | str, quote: str, *, prefix: str = "",
        suffix: str = "", stance: str | Stance = Stance.CONTEXT, claimant: str | None = None,
        observed_on: str | dt.date | None = None, value: float | str | None = None,
        note: str | None = None, start: int | None = None, end: int | None = None,
        created_at: dt.datetime | None = None, force: str | None = None,
    ) -> Evidence:
        return evidence_uc.add_evidence(
            self.ctx, obligation_id, source_id, quote, prefix=prefix, suffix=suffix, stance=stance,
            claimant=claimant, observed_on=observed_on, value=value, note=note, start=start, end=end,
            created_at=created_at, force=force,
        )

    def evidence(self, evidence_id: int | str) -> Evidence:
        return evidence_uc.get_evidence(self.ctx, evidence_id)

    def retract_evidence(self, evidence_id: int | str, reason: str, *, at: dt.datetime | None = None) -> Evidence:
        return evidence_uc.retract_evidence(self.ctx, evidence_id, reason, at=at)

    def evidence_for(
        self, obligation_id: str | None = None, source_id: int | None = None, *, mark_echoes: bool = True
    ) -> list[EvidenceView]:
        return evidence_uc.evidence_for(self.ctx, obligation_id, source_id, mark=mark_echoes)

    def all_evidence(self) -> list[Evidence]:
        return evidence_uc.all_evidence(self.ctx)

    def correct_evidence(
        self, evidence_id: int | str, *, reason: str, stance: str | None = None, claimant: str | None = None,
        observed_on: str | dt.date | None = None, value: float | str | None = None, note: str | None = None,
        force: str | None = None,
    ) -> Evidence:
        """Append a new version of an evidence item's reading (earlier versions are kept)."""
        return evidence_uc.correct_evidence(
            self.ctx, evidence_id, reason=reason, stance=stance, claimant=claimant, observed_on=observed_on,
            value=value, note=note, force=force,
        )

    def evidence_history(self, evidence_id: int | str) -> tuple[Evidence, list[EvidenceCorrection]]:
        """An evidence item as first recorded, then each correction."""
        return evidence_uc.evidence_history(self.ctx, evidence_id)

    def accept_suggestion(self, source_id: int, suggestion: Suggestion) -> Evidence:
        return evidence_uc.accept_suggestion(self.ctx, source_id, suggestion)

    # -- status ----------------------------------------------------------------------

    def set_status(
        self, obligation_id: str, status_value: str | Status, *, effective: str | dt.date, because: str,
        evidence_ids: Sequence[int | str] = (), confidence: str | Confidence = Confidence.MEDIUM,
        recorded_at: dt.datetime | None = None, assessor: str | None = None, reason_code: str | None = None,
    ) -> StatusChange:
        """Append a status entry: the analyst's own (the headline), or another assessor's reading."""
        return status.set_status(
            self.ctx, obligation_id, status_value, effective=effective, because=because,
            evidence_ids=evidence_ids, confidence=confidence, recorded_at=recorded_at, assessor=assessor,
            reason_code=reason_code,
        )

    def history(self, obligation_id: str, assessor: str | None = ANALYST) -> list[StatusChange]:
        """One obligation's entries by one assessor (the analyst's by default; None: everyone's)."""
        return status.history(self.ctx, obligation_id, assessor)

    def all_history(self, assessor: str | None = ANALYST) -> dict[str, list[StatusChange]]:
        return status.all_history(self.ctx, assessor)

    def review_status(
        self, obligation_id: str, seq: int | str, *, approve: bool, because: str | None = None,
        assessor: str | None = None,
    ) -> StatusReview:
        """A second analyst's approval of, or objection to, a status entry."""
        return status.review_status(self.ctx, obligation_id, seq, approve=approve, because=because, assessor=assessor)

    def reviews(self, obligation_id: str | None = None) -> list[StatusReview]:
        return status.all_reviews(self.ctx, obligation_id)

    # -- reading -----------------------------------------------------------------------

    def obligation_rows(
        self, *, as_of: dt.date | None = None, known_on: dt.date | None = None, status: str | None = None,
        party: str | None = None, theme: str | None = None, overdue: bool = False, side: str = "obligor",
        agreement: str | None = None,
    ) -> list[ObligationState]:
        return reading.obligation_rows(
            self.ctx, as_of=as_of, known_on=known_on, status=status, party=party, theme=theme, overdue=overdue,
            side=side, agreement=agreement,
        )

    def detail(
        self, obligation_id: str, as_of: dt.date | None = None, known_on: dt.date | None = None
    ) -> ObligationDetail:
        return reading.detail(self.ctx, obligation_id, as_of, known_on)

    def scorecard(
        self, *, as_of: dt.date | None = None, known_on: dt.date | None = None, agreement: str | None = None,
    ) -> tuple[PartyScore, ...]:
        """Per obligor: obligations by status, overdue, met on time or late, lapsed, reasons."""
        return reading.scorecard(self.ctx, as_of=as_of, known_on=known_on, agreement=agreement)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return reading.search(self.ctx, query, limit)

    def report(
        self, *, as_of: dt.date | None = None, known_on: dt.date | None = None, since: dt.date | None = None,
        since_by: str = "recorded", agreement: str | None = None,
    ) -> ReportData:
        return reading.report(
            self.ctx, as_of=as_of, known_on=known_on, since=since, since_by=since_by, agreement=agreement,
        )

    # -- suggestions -----------------------------------------------------------------

    def suggest_text(
        self, text_value: str, *, published_on: dt.date | None = None, top_k: int = 5,
        obligation_ids: set[str] | None = None,
    ) -> list[Suggestion]:
        return self._suggestions.suggest_text(
            text_value, published_on=published_on, top_k=top_k, obligation_ids=obligation_ids
        )

    def suggest_source(
        self, source_id: int | str, *, top_k: int = 5, obligation_ids: set[str] | None = None
    ) -> tuple[Source, list[Suggestion]]:
        return self._suggestions.suggest_source(source_id, top_k=top_k, obligation_ids=obligation_ids)

    def suggest_obligation(self, obligation_id: str, *, top_k: int = 10) -> list[tuple[SourceSummary, Suggestion]]:
        return self._suggestions.suggest_obligation(obligation_id, top_k=top_k)

    # -- triage inbox --------------------------------------------------------------------

    def index_source(self, source_id: int) -> int:
        return inbox.index_source(self.ctx, source_id)

    def index_pending(self, on_source: Callable[[int, int, int], None] | None = None) -> int:
        return inbox.index_pending(self.ctx, on_source)

    def inbox(self, limit: int | None = None) -> list[InboxSource]:
        return inbox.inbox(self.ctx, limit)

    def inbox_counts(self) -> tuple[int, int]:
        return inbox.inbox_counts(self.ctx)

    def inbox_page(self, after: tuple[int, float, int] | None = None, limit: int = 200) -> InboxPage:
        return inbox.inbox_page(self.ctx, after, limit)

    def awaiting_triage(self) -> int:
        return inbox.awaiting(self.ctx)

    def open_suggestions(self, source_id: int | str | None = None) -> list[StoredSuggestion]:
        return inbox.open_suggestions(self.ctx, source_id)

    def accept_stored(self, suggestion_id: int | str, changes: dict[str, Any] | None = None) -> Evidence:
        return inbox.accept(self.ctx, suggestion_id, changes=changes)

    def reject_stored(self, suggestion_id: int | str, reason: str | None = None) -> StoredSuggestion:
        return inbox.reject(self.ctx, suggestion_id, reason=reason)

    def retrain_ranking(self) -> tuple[int, Retrained]:
        """Learn the confidence model from the accept/reject decisions made in triage."""
        return learning.retrain_model(self.ctx)

    def ranking_model(self) -> dict[str, Any] | None:
        return learning.model_info(self.ctx)

    # -- integrity ---------------------------------------------------------------------

    def verify(self, expect: dict[str, str] | None = None) -> VerifyResult:
        return integrity.verify(self.ctx, expect)

    def export_data(self) -> dict[str, Any]:
        return integrity.export_data(self.ctx)

    def import_data(self, data: Any) -> dict[str, int]:
        return integrity.import_data(self.ctx, data)
