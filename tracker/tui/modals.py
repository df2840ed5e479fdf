"""Dialogs: confirm, as-of date, status change, attach evidence, retract
evidence, add source, and the progress of a file import.

A form dialog returns a typed value (`tracker.tui.inputs`) and never writes;
the App does the write. When the service refuses it, the App opens the dialog
again with what was typed (`draft`) and the service's one-line message
(`error`). Escape asks before throwing typed input away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    ProgressBar,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from tracker.domain.dates import DateError, parse_date
from tracker.domain.models import Confidence, Status
from tracker.errors import InvalidInput, TrackerError
from tracker.labels import STANCES, stance_label
from tracker.tui.forms import (
    DateHint,
    ObligationPicker,
    PathInput,
    PathSuggester,
    describe_date,
    expand_paths,
)
from tracker.tui.inputs import (
    AsOfChoice,
    EvidenceInput,
    FileImport,
    PastedSource,
    RetractInput,
    SourceImport,
    StatusInput,
)
from tracker.tui.render import one_line, quoted, safe

if TYPE_CHECKING:
    from tracker.domain.models import Obligation, Source
    from tracker.service import EvidenceView

ResultT = TypeVar("ResultT")


class ConfirmModal(ModalScreen[bool]):
    """Yes or no. Enter/y confirms, Escape/n declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str | Text, yes: str = "Yes", no: str = "No", danger: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes, self.no, self.danger = yes, no, danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question if isinstance(self.question, Text) else Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error" if self.danger else "primary", compact=True)
                yield Button(f"{self.no} (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class FormModal(ModalScreen[ResultT | None]):
    """A dialog with inputs that returns what was typed as a `ResultT`.

    `collect()` reads and checks the inputs (raising a TrackerError to show in
    the dialog); Escape asks before discarding what was typed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        # not a priority binding: it then waits its turn behind the keys typed before it
        Binding("ctrl+s", "submit", "Save", id="form-submit"),
    ]

    def __init__(self, *, error: str | None = None, reopened: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self._initial: tuple[Any, ...] | None = None
        self.error = error
        # opened again after the service refused the input: what is shown was typed
        self.reopened = reopened

    @property
    def short(self) -> bool:
        """A short terminal (80x24): borderless inputs to fit."""
        return self.app.size.height < 32

    def on_mount(self) -> None:
        self.show_error(self.error or "")
        self.call_after_refresh(self._remember_initial)

    def _remember_initial(self) -> None:
        self._initial = self._values()

    def _values(self) -> tuple[Any, ...]:
        values: list[Any] = []
        for widget in self.query("Input, TextArea, Select, SelectionList"):
            if isinstance(widget, Input):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Select):
                values.append(widget.value)
            elif isinstance(widget, SelectionList):
                values.append(tuple(widget.selected))
        return tuple(values)

    def is_dirty(self) -> bool:
        return self.reopened or (self._initial is not None and self._values() != self._initial)

    def show_error(self, message: str) -> None:
        error = self.query_one(".error", Static)
        error.update(Text(message, style="bold"))
        error.display = bool(message)

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard what you typed in this dialog?", "Discard", "Keep editing", danger=True), answer)

    def action_submit(self) -> None:
        try:
            result = self.collect()
        except TrackerError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(result)

    def collect(self) -> ResultT:  # pragma: no cover - overridden
        raise NotImplementedError

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _buttons(save_label: str) -> Horizontal:
    return Horizontal(
        Button(f"{save_label} (ctrl+s)", id="save", variant="primary", compact=True),
        Button("Cancel (esc)", id="cancel", compact=True),
        classes="buttons",
    )


# ---------------------------------------------------------------------------


class AsOfModal(FormModal[AsOfChoice]):
    """Put the whole UI in 'as of DATE' mode, or back to today."""

    def __init__(self, current: dt.date | None, today: dt.date, audit: bool = False) -> None:
        super().__init__()
        self.current, self.today, self.audit = current, today, audit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Show the record on a date", classes="title")
            yield Static(Text(
                "As of: what is known now about that day (entries in force by then, whenever recorded). "
                "Audit view: only what had been recorded by the end of that day. "
                "Type a date the way you would say it: 2024-05-01, May 1 2024, last week. Empty = today.",
                style="dim",
            ))
            yield Input(str(self.current or ""), placeholder="e.g. 2024-05-01", id="as-of", compact=self.short)
            yield DateHint(id="as-of-hint")
            yield Checkbox("Audit view: only what had been recorded by that day", self.audit, id="audit",
                           compact=True)
            yield Static(classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Apply (enter)", id="save", variant="primary", compact=True)
                yield Button("Back to today", id="today", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self._hint(self.query_one("#as-of", Input).value)

    @on(Input.Changed, "#as-of")
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, value: str) -> None:
        _, hint = describe_date(value, self.today, empty="empty: back to today")
        self.query_one("#as-of-hint", DateHint).update(hint)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#today")
    def _today(self) -> None:
        self.dismiss(AsOfChoice(None))

    def is_dirty(self) -> bool:
        return False

    def collect(self) -> AsOfChoice:
        value = self.query_one("#as-of", Input).value
        if not value.strip():
            return AsOfChoice(None)
        try:
            day = parse_date(value, self.today)
        except DateError as exc:
            raise InvalidInput(str(exc)) from None
        if day > self.today:
            raise InvalidInput(f"{day} is in the future; the record can only be replayed up to today ({self.today})")
        return AsOfChoice(None if day >= self.today else day, self.query_one("#audit", Checkbox).value)


# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusForm:
    """What the status dialog shows, loaded by the App before it opens."""

    obligation: Obligation
    evidence: Sequence[EvidenceView]
    current: Status | None
    default_effective: dt.date  # the latest observed date of the cited evidence, else `fallback_effective`
    fallback_effective: dt.date  # today, or the as-of date
    today: dt.date
    cite: tuple[int, ...] = ()


class StatusModal(FormModal[StatusInput]):
    """Record a new status entry for one obligation."""

    def __init__(self, form: StatusForm, *, draft: StatusInput | None = None, error: str | None = None) -> None:
        super().__init__(error=error, reopened=draft is not None)
        self.form = form
        self.obligation = form.obligation
        self.draft = draft
        cite = draft.evidence_ids if draft else form.cite
        self.cite = cite
        self._auto_effective = draft.effective_text if draft else form.default_effective.isoformat()
        live = [v for v in form.evidence if not v.evidence.retracted]
        # the evidence being cited first, so the user sees it is ticked
        self.evidence = sorted(live, key=lambda v: (v.evidence.id not in cite, v.evidence.id))

    def compose(self) -> ComposeResult:
        o = self.obligation
        draft = self.draft
        current = self.form.current.value if self.form.current else Status.IN_PROGRESS.value
        with Vertical(classes="dialog wide"):
            yield Label(Text("Set status · ") + safe(o.id, "bold"), classes="title")
            yield Static(safe(one_line(o.title), "dim"))
            with VerticalScroll(classes="form"):
                with Horizontal(classes="row"):
                    with Vertical(classes="field"):
                        yield Label("Status")
                        yield Select([(s.value, s.value) for s in Status], value=draft.status if draft else current,
                                     allow_blank=False, id="status", compact=True)
                    with Vertical(classes="field"):
                        yield Label("Confidence")
                        yield Select([(c.value, c.value) for c in Confidence],
                                     value=draft.confidence if draft else Confidence.MEDIUM.value, allow_blank=False,
                                     id="confidence", compact=True)
                    with Vertical(classes="field"):
                        yield Label("Effective date")
                        yield Input(self._auto_effective, id="effective", compact=True)
                yield DateHint(id="effective-hint")
                yield Label("Rationale (why; cite the evidence)")
                yield TextArea(draft.rationale if draft else "", id="rationale", soft_wrap=True, show_line_numbers=False,
                               compact=self.short)
                yield Label(f"Evidence to cite ({len(self.evidence)} standing; space toggles)")
                if self.evidence:
                    yield SelectionList[int](
                        *[(self._evidence_label(v), v.evidence.id, v.evidence.id in self.cite) for v in self.evidence],
                        id="cite", compact=self.short,
                    )
                else:
                    yield Static(Text("no evidence yet: open a source (o) and attach a passage first", style="dim"))
            yield Static(classes="error")
            yield _buttons("Record status")

    @staticmethod
    def _evidence_label(view: EvidenceView) -> Text:
        e = view.evidence
        shown = stance_label(e.stance)
        label = Text(f"#{e.id} ", style="bold")
        label += Text(f"{shown.short:<8}", style=shown.colour)
        quote = one_line(e.quote.exact)
        label += safe(quote if len(quote) < 90 else quote[:87] + "…")
        label += Text(" — ", style="dim") + safe(e.claimant or view.source_outlet or view.source_title, "dim")
        return label

    def on_mount(self) -> None:
        super().on_mount()
        self._hint(self.query_one("#effective", Input).value)
        self.query_one("#status", Select).focus()

    @on(Input.Changed, "#effective")
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, value: str) -> None:
        _, hint = describe_date(value, self.form.today)
        if value == self._auto_effective and value != self.form.fallback_effective.isoformat():
            hint += Text("  (latest observed date of the cited evidence)", style="dim")
        self.query_one("#effective-hint", DateHint).update(hint)

    @on(SelectionList.SelectedChanged, "#cite")
    def _cited_changed(self, event: SelectionList.SelectedChanged) -> None:
        """While the analyst has not typed a date, follow the latest observed date of what is cited."""
        effective = self.query_one("#effective", Input)
        if effective.value != self._auto_effective:
            return
        chosen = set(event.selection_list.selected)
        observed = [v.evidence.observed_on for v in self.evidence if v.evidence.id in chosen and v.evidence.observed_on]
        day = min(max(observed), self.form.today) if observed else self.form.fallback_effective
        self._auto_effective = day.isoformat()
        effective.value = self._auto_effective

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def collect(self) -> StatusInput:
        rationale = self.query_one("#rationale", TextArea).text
        if not rationale.strip():
            self.query_one("#rationale", TextArea).focus()
            raise InvalidInput("a status change needs a rationale: say why, citing the evidence")
        effective_text = self.query_one("#effective", Input).value
        try:
            effective = parse_date(effective_text, self.form.today)
        except DateError as exc:
            raise InvalidInput(f"bad effective date: {exc}") from None
        cite: list[int] = list(self.query_one("#cite", SelectionList).selected) if self.evidence else []
        return StatusInput(
            obligation_id=self.obligation.id, status=str(self.query_one("#status", Select).value),
            confidence=str(self.query_one("#confidence", Select).value), effective=effective,
            effective_text=effective_text, rationale=rationale, evidence_ids=tuple(cite),
        )


# ---------------------------------------------------------------------------


class AttachModal(FormModal[EvidenceInput]):
    """Attach a selected passage of a source to an obligation as evidence."""

    def __init__(
        self, source: Source, draft: EvidenceInput, obligations: Sequence[Obligation], today: dt.date, *,
        error: str | None = None, reopened: bool = False,
    ) -> None:
        super().__init__(error=error, reopened=reopened)
        self.source = source
        self.draft = draft
        self.start, self.end = draft.start, draft.end
        self.obligations = obligations
        self.today = today

    def compose(self) -> ComposeResult:
        quote = one_line(self.source.text[self.start:self.end])
        reference = self.source.published_on
        draft = self.draft
        with Vertical(classes="dialog wide"):
            yield Label("Attach passage as evidence", classes="title")
            yield Static(quoted(quote, limit=400), classes="quote")
            with VerticalScroll(classes="form"):
                yield Label("Obligation")
                yield ObligationPicker(self.obligations, draft.obligation_id, id="obligation")
                with Horizontal(classes="row"):
                    with Vertical(classes="field"):
                        yield Label("Stance")
                        yield Select([(shown.label, stance.value) for stance, shown in STANCES.items()],
                                     value=draft.stance, allow_blank=False, id="stance", compact=True)
                    with Vertical(classes="field"):
                        yield Label("Claimant (who says it)")
                        yield Input(draft.claimant, placeholder="e.g. a named official or outlet", id="claimant",
                                    compact=True)
                with Horizontal(classes="row"):
                    with Vertical(classes="field"):
                        yield Label(f"Observed (vs article date {reference or 'unknown'})")
                        yield Input(draft.observed, placeholder="e.g. last week, May 1 2024", id="observed",
                                    compact=True)
                    with Vertical(classes="field"):
                        yield Label("Value (number, optional)")
                        yield Input(draft.value, placeholder="e.g. 1200", id="value", compact=True)
                yield DateHint(id="observed-hint")
                yield Label("Note (optional)")
                yield Input(draft.note, placeholder="anything a reader should know about this passage", id="note",
                            compact=True)
            yield Static(classes="error")
            yield _buttons("Attach")

    def on_mount(self) -> None:
        super().on_mount()
        self._hint(self.draft.observed)
        self.query_one("#obligation-search", Input).focus()

    @on(Input.Changed, "#observed")
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, value: str) -> None:
        reference = self.source.published_on or self.today
        _, hint = describe_date(value, reference, empty="empty: not stated")
        self.query_one("#observed-hint", DateHint).update(hint)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "obligation-search":
            self.query_one("#stance", Select).focus()
            return
        self.action_submit()

    def collect(self) -> EvidenceInput:
        obligation = self.query_one(ObligationPicker).value
        if obligation is None:
            raise InvalidInput("choose an obligation: type part of its id or title, then pick it with up/down")
        return EvidenceInput(
            source_id=self.source.id, start=self.start, end=self.end, obligation_id=obligation,
            stance=str(self.query_one("#stance", Select).value),
            claimant=self.query_one("#claimant", Input).value,
            observed=self.query_one("#observed", Input).value,
            value=self.query_one("#value", Input).value,
            note=self.query_one("#note", Input).value,
        )


# ---------------------------------------------------------------------------


class RetractModal(FormModal[RetractInput]):
    """Retract one evidence item, with a reason and a confirmation."""

    def __init__(self, view: EvidenceView, *, draft: RetractInput | None = None, error: str | None = None) -> None:
        super().__init__(error=error, reopened=draft is not None)
        self.view = view
        self.draft = draft

    def compose(self) -> ComposeResult:
        e = self.view.evidence
        with Vertical(classes="dialog"):
            yield Label(Text(f"Retract evidence #{e.id}"), classes="title")
            yield Static(quoted(e.quote.exact), classes="quote")
            yield Static(Text("Evidence is never deleted: it stays in the record marked retracted, with your reason.", style="dim"))
            yield Label("Reason")
            yield Input(self.draft.reason if self.draft else "", placeholder="why this evidence no longer stands",
                        id="reason", compact=self.short)
            yield Static(classes="error")
            yield _buttons("Retract")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def collect(self) -> RetractInput:
        reason = self.query_one("#reason", Input).value
        if not reason.strip():
            raise InvalidInput("a retraction needs a reason: say why this evidence no longer stands")
        return RetractInput(self.view.evidence.id, reason)

    def action_submit(self) -> None:
        try:
            result = self.collect()
        except TrackerError as exc:
            self.show_error(str(exc))
            return
        e = self.view.evidence

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(result)

        self.app.push_screen(
            ConfirmModal(Text(f"Retract evidence #{e.id} from {e.obligation_id}? It will no longer count.", style="bold"),
                         "Retract", "Cancel", danger=True),
            answer,
        )


# ---------------------------------------------------------------------------


class AddSourceModal(FormModal[SourceImport]):
    """Name article files to import, or paste an article's text."""

    def __init__(self, today: dt.date, *, draft: SourceImport | None = None, error: str | None = None) -> None:
        super().__init__(error=error, reopened=draft is not None)
        self.today = today
        self.draft = draft

    def compose(self) -> ComposeResult:
        pasted = self.draft if isinstance(self.draft, PastedSource) else None
        files = self.draft if isinstance(self.draft, FileImport) else None
        with Vertical(classes="dialog wide"):
            yield Label("Add a source", classes="title")
            with TabbedContent(id="source-tabs", initial="paste-tab" if pasted else "files-tab"):
                with TabPane("From files", id="files-tab"):
                    yield Label("Files, folders, globs or URLs: .txt .md .html .pdf (separate with spaces; Tab or → completes)")
                    yield PathInput(files.pattern if files else "", placeholder="~/articles/*.txt", id="paths",
                                    suggester=PathSuggester(), compact=self.short)
                with TabPane("Paste text", id="paste-tab"):
                    yield TextArea(pasted.text if pasted else "", id="pasted", soft_wrap=True, compact=self.short)
                    with Horizontal(classes="row"):
                        yield Input(pasted.title if pasted else "", placeholder="title (optional)", id="title",
                                    compact=True)
                        yield Input(pasted.outlet if pasted else "", placeholder="outlet", id="outlet", compact=True)
                        yield Input(pasted.published_text if pasted else "", placeholder="published (e.g. May 1 2024)",
                                    id="published", compact=True)
                    yield DateHint(id="published-hint")
            yield Static(classes="error")
            yield _buttons("Import")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#pasted" if isinstance(self.draft, PastedSource) else "#paths").focus()

    @on(Input.Changed, "#published")
    def _changed(self, event: Input.Changed) -> None:
        _, hint = describe_date(event.value, self.today)
        self.query_one("#published-hint", DateHint).update(hint)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def collect(self) -> SourceImport:
        tabs = self.query_one("#source-tabs", TabbedContent)
        if tabs.active == "paste-tab":
            text = self.query_one("#pasted", TextArea).text
            if not text.strip():
                raise InvalidInput("paste the article's text into the box first")
            published_text = self.query_one("#published", Input).value
            published = None
            if published_text.strip():
                try:
                    published = parse_date(published_text, self.today)
                except DateError as exc:
                    raise InvalidInput(f"bad published date: {exc}") from None
            return PastedSource(
                text=text, title=self.query_one("#title", Input).value.strip(),
                outlet=self.query_one("#outlet", Input).value.strip(), published=published,
                published_text=published_text,
            )
        value = self.query_one("#paths", Input).value
        if not value.strip():
            raise InvalidInput("give a file path (→ completes), a folder, a glob such as ~/articles/*.txt or a URL")
        targets = expand_paths(value)
        if not targets:
            raise InvalidInput("no files found there")
        return FileImport(value, tuple(targets))


class ProgressModal(ModalScreen[None]):
    """Shown while files are imported; the App updates it and closes it."""

    def __init__(self, title: str, total: int) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield ProgressBar(total=self.total, show_eta=False, id="progress")

    def advance(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
