"""Use cases: the one API that the CLI, the TUI and the report renderers call.

Every write runs in one transaction that takes the database's write lock at
the start (SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock), so hash
chains are extended by one writer at a time and a failure leaves nothing
half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from tracker import config
from tracker.domain import assess, ledger
from tracker.domain.anchoring import AnchorError, find_all, locate, reanchor, selectors_for
from tracker.domain.article import read_meta
from tracker.domain.catalogue import CatalogueError, parse_catalogue
from tracker.domain.dates import DateError, parse_date
from tracker.domain.models import (
    Agreement,
    Catalogue,
    Confidence,
    Evidence,
    Obligation,
    Party,
    Source,
    Stance,
    Status,
    StatusChange,
    TextPositionSelector,
    TextQuoteSelector,
)
from tracker.domain.nearest import nearest
from tracker.domain.report import ReportData, SourceItem

if TYPE_CHECKING:
    from tracker.domain.suggest import PassageIndex, Suggestion
from tracker.domain.text import chrome_spans, is_text_printable, overlaps_chrome, unify_newlines
from tracker.errors import DatabaseError, InvalidInput, NotFound, TrackerError
from tracker.store import engine as store_engine
from tracker.store.schema import (
    AgreementRow,
    EvidenceRow,
    ObligationRow,
    PartyRow,
    RetractionRow,
    SourceRow,
    StatusRow,
)

T = TypeVar("T")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Clock:
    """Where "today" and "now" come from; tests and the TUI's as-of mode inject a fixed one."""

    def __init__(self, today: dt.date | None = None, now: dt.datetime | None = None) -> None:
        self._today = today
        self._now = now

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def now(self) -> dt.datetime:
        return self._now or utcnow()


# ---------------------------------------------------------------------------
# Read models handed to the shells


@dataclass(frozen=True)
class ObligationState:
    obligation: Obligation
    status: Status
    since: dt.date | None
    confidence: Confidence | None
    deadline: assess.DeadlineState
    counts: dict[str, int]


@dataclass(frozen=True)
class SourceSummary:
    id: int
    title: str
    outlet: str | None
    published_on: dt.date | None
    evidence_count: int
    length: int


@dataclass(frozen=True)
class EvidenceView:
    evidence: Evidence
    source_title: str
    source_outlet: str | None
    echo_of: int | None = None  # id of the first evidence item this one repeats


@dataclass(frozen=True)
class ObligationDetail:
    obligation: Obligation
    agreement: Agreement
    status: StatusChange | None
    deadline: assess.DeadlineState
    evidence: tuple[EvidenceView, ...]
    history: tuple[StatusChange, ...]
    metric: assess.MetricProgress | None
    independent_claimants: int


@dataclass(frozen=True)
class AddedSource:
    id: int
    created: bool
    title: str
    path: str | None = None


@dataclass(frozen=True)
class SearchHit:
    kind: str  # source | obligation | evidence
    ref: str
    title: str
    snippet: str


@dataclass
class VerifyResult:
    problems: list[str] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # per-obligation status heads ("status/<obligation>") and every hash of every chain,
    # so that heads kept elsewhere can be checked (`tracker verify --expect FILE`)
    chain_heads: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SourceInput:
    """A source to import: its text plus what the user said about it."""

    text: str
    name: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_on: dt.date | None = None


# ---------------------------------------------------------------------------


class Tracker:
    """The tracker's use cases over one database."""

    def __init__(self, db_url: str | None = None, author: str | None = None, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.db_url = config.resolve_db_url(db_url)
        self.author = config.resolve_author(author)
        self._engine: Engine | None = None
        self._catalogue: Catalogue | None = None
        self._passage_index: tuple[tuple[int, ...], PassageIndex[int]] | None = None

    # -- plumbing ----------------------------------------------------------

    def today(self) -> dt.date:
        """The day every deadline is counted from (the injected clock's)."""
        return self.clock.today()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            if self.db_url == config.default_db_url():
                config.data_dir().mkdir(parents=True, exist_ok=True)
            self._engine = store_engine.make_engine(self.db_url)
        return self._engine

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _db_error(self, exc: SQLAlchemyError) -> DatabaseError:
        return DatabaseError(store_engine.describe_operational_error(exc, self.engine))

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except TrackerError:
            raise
        except SQLAlchemyError as exc:
            raise self._db_error(exc) from None

    def _write(self, work: Callable[[Session], T], retries: int = 8) -> T:
        """Run `work` in one write transaction, retrying when another writer wins."""
        delay = 0.05
        lock_waits = 0
        for attempt in range(retries + 1):
            try:
                with self.engine.connect() as connection:
                    connection = connection.execution_options(sqlite_begin="IMMEDIATE")
                    with connection.begin(), Session(bind=connection, expire_on_commit=False) as session:
                        if self.backend == "postgresql":
                            session.execute(text("SELECT pg_advisory_xact_lock(7301)"))
                        result = work(session)
                        session.flush()
                    return result
            except TrackerError:
                raise
            except (IntegrityError, OperationalError) as exc:
                message = str(exc).lower()
                locked = "locked" in message or "deadlock" in message
                # A lock error comes after a full busy timeout: try once more, then say so.
                lock_waits += locked
                transient = isinstance(exc, IntegrityError) or (locked and lock_waits <= 1)
                if transient and attempt < retries:
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
                    continue
                raise self._db_error(exc) from None
            except SQLAlchemyError as exc:
                raise self._db_error(exc) from None
        raise AssertionError("unreachable")

    def _ensure_schema(self) -> None:
        store_engine.check_schema(self.engine)

    # -- schema and catalogue ------------------------------------------------

    def upgrade(self) -> tuple[str | None, str]:
        try:
            return store_engine.upgrade(self.engine)
        except TrackerError:
            raise
        except SQLAlchemyError as exc:
            raise self._db_error(exc) from None

    def schema_revision(self) -> str | None:
        try:
            return store_engine.current_revision(self.engine)
        except SQLAlchemyError as exc:
            raise self._db_error(exc) from None

    @staticmethod
    def parse_catalogue_file(path: Path) -> Catalogue:
        text = read_text_file(path, what="catalogue")
        try:
            return parse_catalogue(text, str(path))
        except CatalogueError as exc:
            raise InvalidInput(str(exc)) from None

    def load_catalogue(self, path: Path) -> Catalogue:
        """Load (or update) agreements, parties and obligations from YAML.

        Obligations already referenced by evidence or status history may be
        edited but not removed."""
        catalogue = self.parse_catalogue_file(path)
        self._ensure_schema()

        def work(session: Session) -> Catalogue:
            new_ids = {o.id for o in catalogue.obligations}
            for row in session.scalars(select(ObligationRow)):
                if row.id not in new_ids:
                    used = session.scalar(select(func.count()).select_from(EvidenceRow).where(EvidenceRow.obligation_id == row.id))
                    used = (used or 0) + (session.scalar(select(func.count()).select_from(StatusRow).where(StatusRow.obligation_id == row.id)) or 0)
                    if used:
                        raise InvalidInput(
                            f"{path}: obligation '{row.id}' has evidence or history and cannot be removed from the catalogue; keep it"
                        )
                    session.delete(row)
            session.flush()
            for agreement in catalogue.agreements:
                session.merge(AgreementRow(id=agreement.id, data=agreement.model_dump(mode="json")))
            for party in catalogue.parties:
                session.merge(PartyRow(id=party.id, data=party.model_dump(mode="json")))
            session.flush()
            for position, obligation in enumerate(catalogue.obligations):
                session.merge(ObligationRow(
                    id=obligation.id, agreement_id=obligation.agreement, position=position,
                    data=obligation.model_dump(mode="json"),
                ))
            return catalogue

        result = self._write(work)
        self._catalogue = None
        return result

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._ensure_schema()
            with self._read() as session:
                agreements = tuple(Agreement.model_validate(r.data) for r in session.scalars(select(AgreementRow)))
                parties = tuple(Party.model_validate(r.data) for r in session.scalars(select(PartyRow)))
                obligations = tuple(
                    Obligation.model_validate(r.data)
                    for r in session.scalars(select(ObligationRow).order_by(ObligationRow.position))
                )
            self._catalogue = Catalogue(agreements=agreements, parties=parties, obligations=obligations)
        return self._catalogue

    def obligation(self, obligation_id: str) -> Obligation:
        catalogue = self.catalogue()
        found = catalogue.obligation(obligation_id)
        if found is None:
            if not catalogue.obligations:
                raise NotFound(
                    f"unknown obligation '{obligation_id}': the catalogue is empty; run `tracker init` to load it"
                )
            raise NotFound(_unknown_message("obligation", obligation_id, [o.id for o in catalogue.obligations],
                                            "see `tracker obligations`"))
        return found

    def agreement_for(self, obligation: Obligation) -> Agreement:
        agreement = self.catalogue().agreement(obligation.agreement)
        assert agreement is not None  # the catalogue loader checks references
        return agreement

    # -- sources -------------------------------------------------------------

    def add_source_files(
        self, paths: Sequence[Path], *, title: str | None = None, outlet: str | None = None,
        url: str | None = None, published_on: dt.date | None = None, author: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        on_added: Callable[[AddedSource], None] | None = None,
    ) -> list[AddedSource]:
        """Import plain-text files; all are checked before any is stored."""
        inputs = [
            SourceInput(
                text=read_text_file(path, what="source", limit=config.max_source_bytes()),
                name=path.name, title=title, outlet=outlet, author=author, url=url,
                published_on=published_on,
            )
            for path in paths
        ]
        results = []
        for index, item in enumerate(inputs):
            added = self.add_source(item)
            results.append(AddedSource(added.id, added.created, added.title, str(paths[index])))
            if on_added:
                on_added(results[-1])
            if progress:
                progress(index + 1, len(inputs))
        return results

    def add_source(self, item: SourceInput) -> AddedSource:
        text_value = unify_newlines(item.text)
        if not text_value.strip():
            raise InvalidInput(f"{item.name or 'the source'} is empty; give a file with the article's text")
        if not is_text_printable(text_value):
            raise InvalidInput(f"{item.name or 'the source'} looks binary, not plain text; save the article as UTF-8 text")
        if len(text_value.encode("utf-8")) > config.max_source_bytes():
            raise InvalidInput(
                f"{item.name or 'the source'} is larger than {config.max_source_bytes()} bytes; "
                "split it or raise TRACKER_MAX_SOURCE_BYTES"
            )
        digest = hashlib.sha256(text_value.encode("utf-8")).hexdigest()
        meta = read_meta(text_value)
        chrome = chrome_spans(text_value)
        title = item.title or meta.title or item.name or "untitled"
        self._ensure_schema()

        def work(session: Session) -> AddedSource:
            existing = session.scalar(select(SourceRow).where(SourceRow.sha256 == digest))
            if existing is not None:
                return AddedSource(existing.id, False, existing.title)
            row = SourceRow(
                sha256=digest, title=title, outlet=item.outlet or meta.outlet,
                author=item.author or meta.author, url=item.url,
                published_on=item.published_on or meta.published_on, retrieved_at=self.clock.now(),
                filename=item.name, text=text_value, chrome=[list(span) for span in chrome],
                added_by=self.author,
            )
            session.add(row)
            session.flush()
            return AddedSource(row.id, True, row.title)

        return self._write(work)

    def list_sources(self) -> list[SourceSummary]:
        self._ensure_schema()
        with self._read() as session:
            counts = dict(
                session.execute(
                    select(EvidenceRow.source_id, func.count()).group_by(EvidenceRow.source_id)
                ).all()
            )
            rows = session.execute(
                select(SourceRow.id, SourceRow.title, SourceRow.outlet, SourceRow.published_on,
                       func.length(SourceRow.text)).order_by(SourceRow.id)
            ).all()
        return [
            SourceSummary(r[0], r[1], r[2], r[3], int(counts.get(r[0], 0)), int(r[4] or 0)) for r in rows
        ]

    def source(self, source_id: int | str) -> Source:
        self._ensure_schema()
        sid = _parse_int_id(source_id, "source")
        with self._read() as session:
            row = _get_or_not_found(session, SourceRow, sid, "source", source_id, "see `tracker sources list`")
            return _source(row)

    # -- evidence ------------------------------------------------------------

    def add_evidence(
        self, obligation_id: str, source_id: int | str, quote: str, *, prefix: str = "",
        suffix: str = "", stance: str | Stance = Stance.CONTEXT, claimant: str | None = None,
        observed_on: str | dt.date | None = None, value: float | str | None = None,
        note: str | None = None, start: int | None = None, end: int | None = None,
        created_at: dt.datetime | None = None,
    ) -> Evidence:
        obligation = self.obligation(obligation_id)
        source = self.source(source_id)
        stance_value = parse_stance(stance)
        if start is not None and end is not None:
            if not (0 <= start < end <= len(source.text)):
                raise InvalidInput(f"span {start}-{end} is outside source {source.id} (length {len(source.text)})")
            span = (start, end)
        else:
            spans = find_all(source.text, quote)
            article_spans = [s for s in spans if not overlaps_chrome(*s, source.chrome)]
            if spans and not article_spans:
                raise InvalidInput(
                    f"that passage of source {source.id} is page furniture (menus, share links), not article text; quote the article"
                )
            if len(article_spans) == 1 and len(spans) > 1:
                span = article_spans[0]
            else:
                try:
                    anchor = locate(source.text, quote, prefix, suffix)
                except AnchorError as exc:
                    raise InvalidInput(f"{exc} (source {source.id})") from None
                span = (anchor.start, anchor.end)
        if overlaps_chrome(span[0], span[1], source.chrome):
            raise InvalidInput(
                f"that passage of source {source.id} is page furniture (menus, share links), not article text; quote the article"
            )
        observed = _parse_observed(observed_on, source.published_on)
        number = _parse_value(value)
        quote_selector, position = selectors_for(source.text, *span)
        stamp = created_at or self.clock.now()
        claimant_value = (claimant or "").strip() or None
        note_value = (note or "").strip() or None

        def work(session: Session) -> Evidence:
            last = session.scalars(select(EvidenceRow).order_by(EvidenceRow.id.desc()).limit(1)).first()
            new_id = (last.id + 1) if last else 1
            prev = last.hash if last else ledger.GENESIS
            fields = ledger.evidence_fields(
                id=new_id, obligation_id=obligation.id, source_id=source.id, exact=quote_selector.exact,
                prefix=quote_selector.prefix, suffix=quote_selector.suffix, start=position.start,
                end=position.end, stance=stance_value.value, claimant=claimant_value, observed_on=observed,
                value=number, note=note_value, author=self.author, created_at=stamp,
                source_sha256=source.sha256,
            )
            row = EvidenceRow(
                id=new_id, obligation_id=obligation.id, source_id=source.id, exact=quote_selector.exact,
                prefix=quote_selector.prefix, suffix=quote_selector.suffix, start=position.start,
                end=position.end, stance=stance_value.value, claimant=claimant_value,
                observed_on=observed, value=number, note=note_value, author=self.author,
                created_at=stamp, prev_hash=prev, hash=ledger.record_hash(prev, fields),
            )
            session.add(row)
            session.flush()
            return _evidence(row, None)

        return self._write(work)

    def evidence(self, evidence_id: int | str) -> Evidence:
        self._ensure_schema()
        eid = _parse_int_id(evidence_id, "evidence")
        with self._read() as session:
            row = _get_or_not_found(session, EvidenceRow, eid, "evidence", evidence_id, "see `tracker show OBLIGATION`")
            retraction = session.scalar(select(RetractionRow).where(RetractionRow.evidence_id == eid))
            return _evidence(row, retraction)

    def retract_evidence(self, evidence_id: int | str, reason: str, *, at: dt.datetime | None = None) -> Evidence:
        if not reason or not reason.strip():
            raise InvalidInput("a retraction needs a reason; give --reason 'why this evidence no longer stands'")
        item = self.evidence(evidence_id)
        if item.retracted:
            raise InvalidInput(f"evidence {item.id} was already retracted on {item.retracted_at:%Y-%m-%d}; nothing to do")
        stamp = at or self.clock.now()

        def work(session: Session) -> Evidence:
            if session.scalar(select(RetractionRow).where(RetractionRow.evidence_id == item.id)):
                raise InvalidInput(f"evidence {item.id} was already retracted; nothing to do")
            evidence_row = session.get(EvidenceRow, item.id)
            assert evidence_row is not None
            last = session.scalars(select(RetractionRow).order_by(RetractionRow.id.desc()).limit(1)).first()
            new_id = (last.id + 1) if last else 1
            prev = last.hash if last else ledger.GENESIS
            fields = ledger.retraction_fields(
                id=new_id, evidence_id=item.id, evidence_hash=evidence_row.hash, reason=reason.strip(),
                author=self.author, retracted_at=stamp,
            )
            row = RetractionRow(
                id=new_id, evidence_id=item.id, reason=reason.strip(), author=self.author,
                retracted_at=stamp, prev_hash=prev, hash=ledger.record_hash(prev, fields),
            )
            session.add(row)
            session.flush()
            return _evidence(evidence_row, row)

        return self._write(work)

    def evidence_for(
        self, obligation_id: str | None = None, source_id: int | None = None, *, mark_echoes: bool = True
    ) -> list[EvidenceView]:
        self._ensure_schema()
        with self._read() as session:
            query = select(EvidenceRow, SourceRow.title, SourceRow.outlet, RetractionRow).join(
                SourceRow, SourceRow.id == EvidenceRow.source_id
            ).outerjoin(RetractionRow, RetractionRow.evidence_id == EvidenceRow.id).order_by(EvidenceRow.id)
            if obligation_id is not None:
                query = query.where(EvidenceRow.obligation_id == obligation_id)
            if source_id is not None:
                query = query.where(EvidenceRow.source_id == source_id)
            rows = session.execute(query).all()
        views = [EvidenceView(_evidence(r[0], r[3]), r[1], r[2]) for r in rows]
        return _mark_echoes(views) if mark_echoes else views

    # -- status --------------------------------------------------------------

    def set_status(
        self, obligation_id: str, status: str | Status, *, effective: str | dt.date, because: str,
        evidence_ids: Sequence[int | str] = (), confidence: str | Confidence = Confidence.MEDIUM,
        recorded_at: dt.datetime | None = None,
    ) -> StatusChange:
        obligation = self.obligation(obligation_id)
        status_value = parse_status(status)
        confidence_value = parse_confidence(confidence)
        agreement = self.agreement_for(obligation)
        effective_on = effective if isinstance(effective, dt.date) else _parse_user_date(effective, "effective date")
        if effective_on < agreement.signed_on:
            raise InvalidInput(
                f"effective date {effective_on} is before the agreement was signed ({agreement.signed_on}); "
                "give a date on or after signing"
            )
        stamp = recorded_at or self.clock.now()
        if effective_on > stamp.date():
            raise InvalidInput(f"effective date {effective_on} is in the future; record what is true as of today or earlier")
        if not because or not because.strip():
            raise InvalidInput("a status change needs a rationale; give --because 'why, citing the evidence'")
        ids = sorted({_parse_int_id(e, "evidence") for e in evidence_ids})
        for eid in ids:
            item = self.evidence(eid)
            if item.obligation_id != obligation.id:
                raise InvalidInput(
                    f"evidence {eid} belongs to '{item.obligation_id}', not '{obligation.id}'; cite evidence of this obligation"
                )
            if item.retracted:
                raise InvalidInput(f"evidence {eid} is retracted; cite evidence that still stands")

        def work(session: Session) -> StatusChange:
            last = session.scalars(
                select(StatusRow).where(StatusRow.obligation_id == obligation.id)
                .order_by(StatusRow.seq.desc()).limit(1)
            ).first()
            seq = (last.seq + 1) if last else 1
            prev = last.hash if last else ledger.GENESIS
            fields = ledger.status_fields(
                obligation_id=obligation.id, seq=seq, status=status_value.value,
                confidence=confidence_value.value, effective_on=effective_on, recorded_at=stamp,
                rationale=because.strip(), evidence_ids=ids, author=self.author,
            )
            row = StatusRow(
                obligation_id=obligation.id, seq=seq, status=status_value.value,
                confidence=confidence_value.value, effective_on=effective_on, recorded_at=stamp,
                rationale=because.strip(), evidence_ids=ids, author=self.author, prev_hash=prev,
                hash=ledger.record_hash(prev, fields),
            )
            session.add(row)
            session.flush()
            return _status(row)

        return self._write(work)

    def history(self, obligation_id: str) -> list[StatusChange]:
        obligation = self.obligation(obligation_id)
        with self._read() as session:
            rows = session.scalars(
                select(StatusRow).where(StatusRow.obligation_id == obligation.id).order_by(StatusRow.seq)
            ).all()
        return [_status(r) for r in rows]

    def all_history(self) -> dict[str, list[StatusChange]]:
        self._ensure_schema()
        with self._read() as session:
            rows = session.scalars(select(StatusRow).order_by(StatusRow.obligation_id, StatusRow.seq)).all()
        grouped: dict[str, list[StatusChange]] = defaultdict(list)
        for row in rows:
            grouped[row.obligation_id].append(_status(row))
        return grouped

    # -- reading -------------------------------------------------------------

    def obligation_rows(
        self, *, as_of: dt.date | None = None, status: str | None = None, party: str | None = None,
        theme: str | None = None, overdue: bool = False, side: str = "obligor",
    ) -> list[ObligationState]:
        """Every obligation with its state as of a date, in three queries.

        `party` keeps what that party owes; with side="beneficiary", what it is owed."""
        from tracker.domain.filters import ObligationQuery, Side, matches

        catalogue = self.catalogue()
        try:
            side_value = Side(side)
        except ValueError:
            raise InvalidInput(f"unknown side '{side}'; use obligor or beneficiary") from None
        day = as_of or self.today()
        if status is not None:
            parse_status(status)
        if party is not None and catalogue.party(party) is None:
            raise NotFound(_unknown_message("party", party, [p.id for p in catalogue.parties], "see obligations.yaml"))
        if theme is not None:
            themes = sorted({t for o in catalogue.obligations for t in o.themes})
            if theme not in themes:
                raise NotFound(_unknown_message("theme", theme, themes, "themes come from obligations.yaml"))
        history = self.all_history()
        stance_counts = self._stance_counts(as_of)
        query_filter = (
            ObligationQuery(status=status, party=party, side=side_value, theme=theme, overdue=overdue)
            if (status, party, theme) != (None, None, None) or overdue else None
        )
        rows = []
        for obligation in catalogue.obligations:
            current = assess.current_status(history.get(obligation.id, []), as_of)
            current_status = current.status if current else Status.NOT_ASSESSED
            agreement = catalogue.agreement(obligation.agreement)
            assert agreement is not None
            deadline = assess.deadline_state(obligation, agreement.signed_on, current_status, day)
            counts = stance_counts.get(obligation.id, Counter())
            row = ObligationState(
                obligation, current_status, current.effective_on if current else None,
                current.confidence if current else None, deadline,
                {s.value: counts.get(s.value, 0) for s in Stance},
            )
            if query_filter is not None and not matches(
                query_filter, obligation, status=current_status.value, overdue=deadline.overdue
            ):
                continue
            rows.append(row)
        return rows

    def _stance_counts(self, as_of: dt.date | None) -> dict[str, Counter[str]]:
        """Evidence counts by obligation and stance, as of a date, in one query."""
        query = select(EvidenceRow.obligation_id, EvidenceRow.stance, func.count()).outerjoin(
            RetractionRow, RetractionRow.evidence_id == EvidenceRow.id
        ).group_by(EvidenceRow.obligation_id, EvidenceRow.stance)
        if as_of is None:
            query = query.where(RetractionRow.id.is_(None))
        else:
            cutoff = assess.end_of_day(as_of)
            query = query.where(EvidenceRow.created_at <= cutoff).where(
                (RetractionRow.id.is_(None)) | (RetractionRow.retracted_at > cutoff)
            )
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        with self._read() as session:
            for obligation_id, stance, number in session.execute(query):
                counts[obligation_id][stance] = int(number)
        return counts

    def all_evidence(self) -> list[Evidence]:
        self._ensure_schema()
        with self._read() as session:
            rows = session.execute(
                select(EvidenceRow, RetractionRow).outerjoin(
                    RetractionRow, RetractionRow.evidence_id == EvidenceRow.id
                ).order_by(EvidenceRow.id)
            ).all()
        return [_evidence(r[0], r[1]) for r in rows]

    def detail(self, obligation_id: str, as_of: dt.date | None = None) -> ObligationDetail:
        obligation = self.obligation(obligation_id)
        agreement = self.agreement_for(obligation)
        history = self.history(obligation.id)
        visible_history = assess.changes_as_of(history, as_of)
        current = visible_history[-1] if visible_history else None
        views = self.evidence_for(obligation.id)
        if as_of is not None:
            cutoff = assess.end_of_day(as_of)
            views = [v for v in views if v.evidence.created_at <= cutoff]
            views = [
                EvidenceView(
                    v.evidence.model_copy(update={"retracted_at": None, "retraction_reason": None})
                    if v.evidence.retracted_at and v.evidence.retracted_at > cutoff else v.evidence,
                    v.source_title, v.source_outlet, v.echo_of,
                )
                for v in views
            ]
        live = [v.evidence for v in views if not v.evidence.retracted]
        deadline = assess.deadline_state(
            obligation, agreement.signed_on, current.status if current else Status.NOT_ASSESSED,
            as_of or self.today(),
        )
        return ObligationDetail(
            obligation=obligation, agreement=agreement, status=current, deadline=deadline,
            evidence=tuple(views), history=tuple(visible_history),
            metric=assess.metric_progress(obligation, live, as_of),
            independent_claimants=_independent_claimants([v for v in views if not v.evidence.retracted]),
        )

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
        if not words:
            raise InvalidInput("the search is empty; give one or more words, e.g. tracker search 'prisoners'")
        catalogue = self.catalogue()
        hits: list[SearchHit] = []
        lowered = [w.lower() for w in words]
        for obligation in catalogue.obligations:
            haystack = " ".join([obligation.id, obligation.title, obligation.summary, *obligation.keywords]).lower()
            if all(w in haystack for w in lowered):
                hits.append(SearchHit("obligation", obligation.id, obligation.title, obligation.summary[:160]))
        with self._read() as session:
            if self.backend == "sqlite":
                match = " ".join('"' + w.replace('"', "") + '"' for w in words)
                rows = session.execute(
                    text(
                        "SELECT rowid, title, snippet(sources_fts, 1, '«', '»', '…', 16) FROM sources_fts "
                        "WHERE sources_fts MATCH :q ORDER BY rank LIMIT :n"
                    ),
                    {"q": match, "n": limit},
                ).all()
            else:
                rows = session.execute(
                    text(
                        "SELECT id, title, ts_headline('english', text, plainto_tsquery('english', :q), "
                        "'StartSel=«, StopSel=», MaxWords=20, MinWords=8') FROM sources "
                        "WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ plainto_tsquery('english', :q) "
                        "ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), "
                        "plainto_tsquery('english', :q)) DESC LIMIT :n"
                    ),
                    {"q": " ".join(words), "n": limit},
                ).all()
        for rowid, title, snippet in rows:
            hits.append(SearchHit("source", str(rowid), title, " ".join(str(snippet).split())))
        return hits

    def report(self, *, as_of: dt.date | None = None, since: dt.date | None = None) -> ReportData:
        """The status report, replayed as the record stood at the end of `as_of`."""
        from tracker.domain.report import build_report

        day = as_of or self.today()
        if since is not None and since > day:
            raise InvalidInput(f"--since {since} is after the report date {day}; give an earlier date")
        catalogue = self.catalogue()
        if not catalogue.agreements:
            raise InvalidInput("the catalogue is empty; run `tracker init` to load obligations.yaml")
        views = self.evidence_for(mark_echoes=False)
        cutoff = assess.end_of_day(day)
        # Evidence that existed by then; a retraction made later is not known yet.
        records = [
            e.model_copy(update={"retracted_at": None, "retraction_reason": None, "retracted_by": None})
            if e.retracted_at and e.retracted_at > cutoff else e
            for e in (v.evidence for v in views) if e.created_at <= cutoff
        ]
        by_id = {v.evidence.id: v for v in views}
        live_views = [by_id[e.id] for e in records if not e.retracted]
        echo_of = {v.evidence.id: v.echo_of for v in _mark_echoes(live_views) if v.echo_of is not None}
        grouped: dict[str, list[EvidenceView]] = defaultdict(list)
        for view in live_views:
            grouped[view.evidence.obligation_id].append(view)
        claimants = {key: _independent_claimants(value) for key, value in grouped.items()}
        return build_report(
            catalogue, self.all_history(), records, self._report_sources({e.source_id for e in records}),
            as_of=day, since=since, generated_at=self.clock.now(), independent_claimants=claimants,
            echo_of=echo_of,
        )

    def _report_sources(self, ids: set[int]) -> list[SourceItem]:
        """What a report cites of each source (not its text)."""
        if not ids:
            return []
        with self._read() as session:
            rows = session.execute(
                select(SourceRow.id, SourceRow.title, SourceRow.outlet, SourceRow.author, SourceRow.url,
                       SourceRow.published_on, SourceRow.sha256, SourceRow.retrieved_at)
                .where(SourceRow.id.in_(sorted(ids))).order_by(SourceRow.id)
            ).all()
        return [SourceItem(*row) for row in rows]

    # -- suggestions -----------------------------------------------------------

    def suggest_text(
        self, text_value: str, *, published_on: dt.date | None = None, top_k: int = 5,
        obligation_ids: set[str] | None = None,
    ) -> list[Suggestion]:
        """Rank passages of an article that need not be imported; stores nothing."""
        from tracker.domain.suggest import suggest

        catalogue = self.catalogue()
        if top_k < 1:
            raise InvalidInput(f"--top must be at least 1 (got {top_k})")
        for obligation_id in obligation_ids or ():
            self.obligation(obligation_id)
        text_value = unify_newlines(text_value)
        signed = catalogue.agreements[0].signed_on if catalogue.agreements else dt.date(2020, 2, 29)
        return suggest(
            text_value, catalogue.obligations, catalogue.parties,
            published_on=published_on or read_meta(text_value).published_on,
            chrome=chrome_spans(text_value), top_k=top_k, obligation_ids=obligation_ids, signed_on=signed,
        )

    def suggest_source(self, source_id: int | str, *, top_k: int = 5,
                       obligation_ids: set[str] | None = None) -> tuple[Source, list[Suggestion]]:
        source = self.source(source_id)
        return source, self.suggest_text(
            source.text, published_on=source.published_on, top_k=top_k, obligation_ids=obligation_ids
        )

    def suggest_obligation(self, obligation_id: str, *, top_k: int = 10) -> list[tuple[SourceSummary, Suggestion]]:
        """Rank passages across every source for one obligation."""
        from tracker.domain.suggest import PassageIndex

        obligation = self.obligation(obligation_id)
        if top_k < 1:
            raise InvalidInput(f"--top must be at least 1 (got {top_k})")
        catalogue = self.catalogue()
        summaries = {s.id: s for s in self.list_sources()}
        key = tuple(sorted(summaries))
        if self._passage_index is None or self._passage_index[0] != key:
            with self._read() as session:
                rows = session.execute(
                    select(SourceRow.id, SourceRow.text, SourceRow.published_on, SourceRow.chrome)
                ).all()
            index = PassageIndex.build(
                {r[0]: r[1] for r in rows}, published_on={r[0]: r[2] for r in rows},
                chrome={r[0]: tuple((int(a), int(b)) for a, b in r[3]) for r in rows},
            )
            self._passage_index = (key, index)
        index = self._passage_index[1]
        signed = self.agreement_for(obligation).signed_on
        found = index.search(obligation, catalogue.parties, top_k=top_k, signed_on=signed)
        return [(summaries[f.source], f.suggestion) for f in found]

    def accept_suggestion(self, source_id: int, suggestion: Suggestion) -> Evidence:
        """Store a suggestion as evidence, with its stance, claimant, date and number."""
        source = self.source(source_id)
        return self.add_evidence(
            suggestion.obligation, source.id, suggestion.exact, start=suggestion.start, end=suggestion.end,
            stance=suggestion.stance, claimant=suggestion.claimant,
            observed_on=suggestion.observed_on or source.published_on,
            value=suggestion.values[0] if suggestion.values else None,
            note=f"accepted suggestion: {suggestion.explanation}"[:500] if suggestion.explanation else None,
        )

    # -- integrity -----------------------------------------------------------

    def verify(self, expect: dict[str, str] | None = None) -> VerifyResult:
        """Check every hash chain, every source hash and every evidence anchor.

        `expect` maps chain names to heads printed by an earlier verify: each must
        still be in its chain. That catches what no check inside the database
        can: entries deleted from the end of a chain."""
        self._ensure_schema()
        result = VerifyResult()
        with self._read() as session:
            sources = {r.id: r for r in session.scalars(select(SourceRow))}
            for src in sources.values():
                if hashlib.sha256(src.text.encode("utf-8")).hexdigest() != src.sha256:
                    result.problems.append(f"source {src.id}: its text no longer matches its sha256 (changed after import)")
            evidence_rows = session.scalars(select(EvidenceRow).order_by(EvidenceRow.id)).all()
            links = []
            for row in evidence_rows:
                source = sources.get(row.source_id)
                links.append(ledger.ChainLink(
                    f"evidence {row.id}", row.hash, row.prev_hash,
                    ledger.evidence_fields(
                        id=row.id, obligation_id=row.obligation_id, source_id=row.source_id, exact=row.exact,
                        prefix=row.prefix, suffix=row.suffix, start=row.start, end=row.end, stance=row.stance,
                        claimant=row.claimant, observed_on=row.observed_on, value=row.value, note=row.note,
                        author=row.author, created_at=row.created_at,
                        source_sha256=source.sha256 if source else "",
                    ),
                ))
                if source is None:
                    result.problems.append(f"evidence {row.id}: its source {row.source_id} is missing")
                    continue
                anchor = reanchor(
                    source.text, TextQuoteSelector(exact=row.exact, prefix=row.prefix, suffix=row.suffix),
                    TextPositionSelector(start=row.start, end=row.end),
                )
                if anchor is None:
                    result.problems.append(f"evidence {row.id}: its quote can no longer be found in source {row.source_id}")
                elif anchor.method != "position":
                    result.problems.append(
                        f"evidence {row.id}: its quote moved in source {row.source_id} "
                        f"(found by {anchor.method} match at {anchor.start}-{anchor.end})"
                    )
            problems, head = ledger.check_chain("evidence", links)
            result.problems.extend(problems)
            result.heads["evidence"] = head
            result.members["evidence"] = {link.stored_hash for link in links}
            result.counts["evidence"] = len(links)
            evidence_hashes = {r.id: r.hash for r in evidence_rows}
            retractions = session.scalars(select(RetractionRow).order_by(RetractionRow.id)).all()
            problems, head = ledger.check_chain("retractions", [
                ledger.ChainLink(
                    f"retraction {r.id} (of evidence {r.evidence_id})", r.hash, r.prev_hash,
                    ledger.retraction_fields(
                        id=r.id, evidence_id=r.evidence_id, evidence_hash=evidence_hashes.get(r.evidence_id, ""),
                        reason=r.reason, author=r.author, retracted_at=r.retracted_at,
                    ),
                )
                for r in retractions
            ])
            result.problems.extend(problems)
            result.heads["retractions"] = head
            result.members["retractions"] = {r.hash for r in retractions}
            result.counts["retractions"] = len(retractions)
            status_rows = session.scalars(select(StatusRow).order_by(StatusRow.obligation_id, StatusRow.seq, StatusRow.id)).all()
        by_obligation: dict[str, list[StatusRow]] = defaultdict(list)
        for status_row in status_rows:
            by_obligation[status_row.obligation_id].append(status_row)
        combined = hashlib.sha256()
        for obligation_id in sorted(by_obligation):
            rows = by_obligation[obligation_id]
            for expected, status_row in enumerate(rows, start=1):
                if status_row.seq != expected:
                    result.problems.append(
                        f"status history of {obligation_id}: entry {expected} is missing or out of order (found seq {status_row.seq})"
                    )
                    break
            problems, head = ledger.check_chain(f"status history of {obligation_id}", [
                ledger.ChainLink(
                    f"entry {row.seq} ({row.effective_on} {row.status})", row.hash, row.prev_hash,
                    ledger.status_fields(
                        obligation_id=row.obligation_id, seq=row.seq, status=row.status,
                        confidence=row.confidence, effective_on=row.effective_on, recorded_at=row.recorded_at,
                        rationale=row.rationale, evidence_ids=[int(i) for i in row.evidence_ids], author=row.author,
                    ),
                )
                for row in rows
            ])
            result.problems.extend(problems)
            combined.update(f"{obligation_id}:{head}\n".encode())
            result.chain_heads[f"status/{obligation_id}"] = head
            result.members[f"status/{obligation_id}"] = {row.hash for row in rows}
        result.heads["status"] = combined.hexdigest()
        result.counts["status"] = len(status_rows)
        result.counts["sources"] = len(sources)
        for name, kept in (expect or {}).items():
            if name == "status" and any(key.startswith("status/") for key in expect or {}):
                continue  # a digest of the per-obligation heads, which are checked one by one
            if name == "status" and kept != result.heads["status"]:
                result.problems.append(
                    "status: the kept digest no longer matches; keep the status/<obligation> lines to check each history"
                )
            elif name != "status" and kept != ledger.GENESIS and kept not in result.members.get(name, set()):
                result.problems.append(
                    f"{name}: the head you kept ({kept[:12]}…) is no longer in the chain "
                    "(entries were deleted from its end, or the chain was replaced)"
                )
        return result

    # -- export / import -------------------------------------------------------

    def export_data(self) -> dict[str, Any]:
        self._ensure_schema()
        with self._read() as session:
            return {
                "format": "tracker-export",
                "version": 1,
                "schema": self.schema_revision(),
                "agreements": [r.data for r in session.scalars(select(AgreementRow))],
                "parties": [r.data for r in session.scalars(select(PartyRow))],
                "obligations": [r.data for r in session.scalars(select(ObligationRow).order_by(ObligationRow.position))],
                "sources": [_row_dict(r) for r in session.scalars(select(SourceRow).order_by(SourceRow.id))],
                "evidence": [_row_dict(r) for r in session.scalars(select(EvidenceRow).order_by(EvidenceRow.id))],
                "retractions": [_row_dict(r) for r in session.scalars(select(RetractionRow).order_by(RetractionRow.id))],
                "status_changes": [_row_dict(r) for r in session.scalars(select(StatusRow).order_by(StatusRow.id))],
            }

    def import_data(self, data: dict[str, Any]) -> dict[str, int]:
        """Load an export into an empty database, keeping ids and hashes."""
        if not isinstance(data, dict) or data.get("format") != "tracker-export":
            raise InvalidInput("this file is not a tracker export; create one with `tracker export -o FILE`")
        self._ensure_schema()
        try:
            catalogue = Catalogue(
                agreements=tuple(Agreement.model_validate(a) for a in data["agreements"]),
                parties=tuple(Party.model_validate(p) for p in data["parties"]),
                obligations=tuple(Obligation.model_validate(o) for o in data["obligations"]),
            )
        except (KeyError, ValueError) as exc:
            raise InvalidInput(f"the export is damaged ({str(exc).splitlines()[0]}); export it again") from None

        def work(session: Session) -> dict[str, int]:
            if session.scalar(select(func.count()).select_from(SourceRow)) or session.scalar(
                select(func.count()).select_from(StatusRow)
            ):
                raise InvalidInput("the database is not empty; import into a new database (--db) instead")
            for agreement in catalogue.agreements:
                session.merge(AgreementRow(id=agreement.id, data=agreement.model_dump(mode="json")))
            for party in catalogue.parties:
                session.merge(PartyRow(id=party.id, data=party.model_dump(mode="json")))
            session.flush()
            for position, obligation in enumerate(catalogue.obligations):
                session.merge(ObligationRow(id=obligation.id, agreement_id=obligation.agreement, position=position,
                                            data=obligation.model_dump(mode="json")))
            session.flush()
            for model, key in ((SourceRow, "sources"), (EvidenceRow, "evidence"),
                               (RetractionRow, "retractions"), (StatusRow, "status_changes")):
                for item in data.get(key, []):
                    session.add(model(**_from_row_dict(model, item)))
                session.flush()
            if self.backend == "postgresql":
                for table in ("sources", "status_changes"):
                    session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                    ))
            return {k: len(data.get(k, [])) for k in ("sources", "evidence", "retractions", "status_changes")}

        counts = self._write(work)
        self._catalogue = None
        return counts


# ---------------------------------------------------------------------------
# helpers


def read_text_file(path: Path, *, what: str, limit: int | None = None) -> str:
    """Read a UTF-8 text file or raise InvalidInput saying what is wrong."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read()
    else:
        if not path.exists():
            raise InvalidInput(f"{path}: no such file; check the path")
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder; give the {what} file itself (or a glob like {path}/*.txt)")
        try:
            size = path.stat().st_size
            if limit is not None and size > limit:
                raise InvalidInput(
                    f"{path} is {size} bytes, over the {limit}-byte limit for a {what}; "
                    "split it or raise TRACKER_MAX_SOURCE_BYTES"
                )
            data = path.read_bytes()
        except PermissionError:
            raise InvalidInput(f"{path}: permission denied; check the file's permissions") from None
    if not data.strip():
        raise InvalidInput(f"{path} is empty; give a file with the {what}'s text")
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{path} is a binary file, not text; save the {what} as UTF-8 plain text")
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); "
            f"convert it, e.g. iconv -f latin1 -t utf-8 {path}"
        ) from None
    if not is_text_printable(decoded):
        raise InvalidInput(f"{path} looks binary, not plain text; save the {what} as UTF-8 text")
    return decoded


def _unknown_message(kind: str, value: str, known: Sequence[str], hint: str) -> str:
    near = nearest(value, known)
    if near:
        return f"unknown {kind} '{value}'; did you mean {', '.join(near)}? ({hint})"
    if not known:
        return f"unknown {kind} '{value}': there are none yet ({hint})"
    return f"unknown {kind} '{value}' ({hint})"


RowT = TypeVar("RowT", SourceRow, EvidenceRow)


def _get_or_not_found(session: Session, model: type[RowT], key: int, kind: str, given: object, hint: str) -> RowT:
    """The row with this id, or NotFound naming the nearest ids."""
    row = session.get(model, key)
    if row is None:
        ids = [str(i) for i in session.scalars(select(model.id).order_by(model.id))]
        raise NotFound(_unknown_message(kind, str(given), ids, hint))
    return row


def _parse_int_id(value: int | str, kind: str) -> int:
    if isinstance(value, int):
        return value
    raw = str(value).strip().removeprefix("#")
    for prefix in ("src-", "ev-", "s", "e"):
        if raw.lower().startswith(prefix) and raw[len(prefix):].isdigit():
            raw = raw[len(prefix):]
            break
    if not raw.isdigit():
        article = "an" if kind[:1] in "aeiou" else "a"
        raise InvalidInput(f"'{value}' is not {article} {kind} id; {kind} ids are numbers like 3")
    return int(raw)


def parse_status(value: str | Status) -> Status:
    try:
        return Status(value)
    except ValueError:
        names = [s.value for s in Status]
        near = nearest(str(value), names)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise InvalidInput(f"unknown status '{value}'; {hint}use one of {', '.join(names)}") from None


def parse_stance(value: str | Stance) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        names = ", ".join(s.value for s in Stance)
        raise InvalidInput(f"unknown stance '{value}'; use one of {names}") from None


def parse_confidence(value: str | Confidence) -> Confidence:
    try:
        return Confidence(value)
    except ValueError:
        raise InvalidInput(f"unknown confidence '{value}'; use low, medium or high") from None


def _parse_user_date(value: str, what: str, reference: dt.date | None = None) -> dt.date:
    try:
        return parse_date(value, reference)
    except DateError as exc:
        raise InvalidInput(f"bad {what}: {exc}") from None


def _parse_observed(value: str | dt.date | None, published: dt.date | None) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value
    return _parse_user_date(value, "observed date", reference=published)


def _parse_value(value: float | str | None) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise InvalidInput(f"value '{value}' is not a number; give digits such as 8600") from None


def _source(row: SourceRow) -> Source:
    return Source(
        id=row.id, title=row.title, outlet=row.outlet, author=row.author, url=row.url,
        published_on=row.published_on, retrieved_at=row.retrieved_at, text=row.text, sha256=row.sha256,
        chrome=tuple((int(a), int(b)) for a, b in row.chrome), added_by=row.added_by,
    )


def _evidence(row: EvidenceRow, retraction: RetractionRow | None) -> Evidence:
    return Evidence(
        id=row.id, obligation_id=row.obligation_id, source_id=row.source_id,
        quote=TextQuoteSelector(exact=row.exact, prefix=row.prefix, suffix=row.suffix),
        position=TextPositionSelector(start=row.start, end=row.end), stance=Stance(row.stance),
        claimant=row.claimant, observed_on=row.observed_on, value=row.value, note=row.note,
        author=row.author, created_at=row.created_at,
        retracted_at=retraction.retracted_at if retraction else None,
        retraction_reason=retraction.reason if retraction else None,
        retracted_by=retraction.author if retraction else None,
    )


def _status(row: StatusRow) -> StatusChange:
    return StatusChange(
        id=row.id, obligation_id=row.obligation_id, seq=row.seq, status=Status(row.status),
        confidence=Confidence(row.confidence), effective_on=row.effective_on, recorded_at=row.recorded_at,
        rationale=row.rationale, evidence_ids=tuple(int(i) for i in row.evidence_ids), author=row.author,
        prev_hash=row.prev_hash, hash=row.hash,
    )


def _echo_leaders(views: Sequence[EvidenceView]) -> dict[int, int]:
    """Map each evidence id to the first id of the group of passages it echoes.

    Only evidence of the same obligation is compared, and identical passages
    are compared once, so this stays cheap on large records."""
    from tracker.domain.echoes import echo_groups
    from tracker.domain.text import normalise_str

    by_obligation: dict[str, list[EvidenceView]] = defaultdict(list)
    for view in views:
        by_obligation[view.evidence.obligation_id].append(view)
    leaders: dict[int, int] = {}
    for group_views in by_obligation.values():
        same_text: dict[str, list[int]] = defaultdict(list)
        for view in group_views:
            same_text[normalise_str(view.evidence.quote.exact)].append(view.evidence.id)
        texts = list(same_text)
        for group in echo_groups(list(enumerate(texts))):
            members = [eid for index in group for eid in same_text[texts[index]]]
            first = min(members)
            for member in members:
                leaders[member] = first
    return leaders


def _independent_claimants(views: Sequence[EvidenceView]) -> int:
    """Distinct claimants, counting a quote repeated across articles once."""
    leaders = _echo_leaders(views)
    keys = set()
    for v in views:
        claimant = (v.evidence.claimant or "").strip().lower()
        keys.add(claimant or f"echo:{leaders.get(v.evidence.id, v.evidence.id)}")
    return len(keys)


def _mark_echoes(views: list[EvidenceView]) -> list[EvidenceView]:
    leaders = _echo_leaders(views)
    return [
        EvidenceView(v.evidence, v.source_title, v.source_outlet,
                     leaders.get(v.evidence.id) if leaders.get(v.evidence.id) != v.evidence.id else None)
        for v in views
    ]


def _row_dict(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        out[column.key] = value
    return out


def _from_row_dict(model: Any, item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in model.__table__.columns:
        value = item.get(column.key)
        if value is not None:
            python_type = column.type.python_type if hasattr(column.type, "python_type") else None
            if python_type is dt.datetime:
                value = dt.datetime.fromisoformat(value)
            elif python_type is dt.date:
                value = dt.date.fromisoformat(value)
        out[column.key] = value
    return out
