"""Modal dialogs: confirm, as-of date, status change, attach evidence,
retract evidence, add source. Each one writes through the service itself,
shows a TrackerError inside the dialog, and asks before throwing away input."""

from __future__ import annotations

import datetime as dt
import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from tracker.domain.dates import DateError, parse_date
from tracker.domain.models import Confidence, Stance, Status
from tracker.errors import TrackerError
from tracker.tui.render import STANCE_LABELS, STANCE_SHORT, STANCE_STYLES, one_line, safe

if TYPE_CHECKING:
    from tracker.domain.models import Obligation, Source
    from tracker.service import EvidenceView
    from tracker.tui.app import TrackerApp


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


class DateHint(Static):
    """Live feedback under a date input: what the typed text means."""


def describe_date(value: str, reference: dt.date, *, empty: str = "") -> tuple[dt.date | None, Text]:
    if not value.strip():
        return None, Text(empty, style="dim")
    try:
        day = parse_date(value, reference)
    except DateError as exc:
        return None, Text(str(exc), style="red")
    return day, Text(f"→ {day:%A %-d %B %Y} ({day})", style="green")


class FormModal(ModalScreen[Any]):
    """A dialog with inputs; Escape asks before discarding what was typed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "submit", "Save", id="form-submit", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._initial: tuple[Any, ...] | None = None
        self.busy = False

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    @property
    def short(self) -> bool:
        """A short terminal (80x24): borderless inputs to fit."""
        return self.app.size.height < 32

    def on_mount(self) -> None:
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
        return self._initial is not None and self._values() != self._initial

    def show_error(self, message: str) -> None:
        error = self.query_one(".error", Static)
        error.update(Text(message, style="bold"))
        error.display = bool(message)

    def action_cancel(self) -> None:
        if self.busy:
            self.notify("still working; wait for it to finish", severity="warning")
            return
        if not self.is_dirty():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard what you typed in this dialog?", "Discard", "Keep editing", danger=True), answer)

    def action_submit(self) -> None:
        if self.busy:
            return
        try:
            result = self.save()
        except TrackerError as exc:
            self.show_error(str(exc))
            return
        if result is not None:
            self.dismiss(result)

    def save(self) -> Any:  # pragma: no cover - overridden
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


class AsOfModal(FormModal):
    """Put the whole UI in 'as of DATE' mode, or back to today."""

    def __init__(self, current: dt.date | None, today: dt.date) -> None:
        super().__init__()
        self.current, self.today = current, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Show the record as it stood on a date", classes="title")
            yield Static(Text(
                "Table, detail and timeline will show only what was known and in force by the end of that day. "
                "Type a date the way you would say it: 2020-03-01, March 1 2020, last week. Empty = today.",
                style="dim",
            ))
            yield Input(str(self.current or ""), placeholder="e.g. 2020-03-01", id="as-of", compact=self.short)
            yield DateHint(id="as-of-hint")
            yield Static(classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Apply (enter)", id="save", variant="primary", compact=True)
                yield Button("Back to today", id="today", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".error").display = False
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
        self.dismiss(("today",))

    def is_dirty(self) -> bool:
        return False

    def save(self) -> Any:
        value = self.query_one("#as-of", Input).value
        if not value.strip():
            return ("today",)
        try:
            day = parse_date(value, self.today)
        except DateError as exc:
            raise _Invalid(str(exc)) from None
        if day > self.today:
            raise _Invalid(f"{day} is in the future; the record can only be replayed up to today ({self.today})")
        if day >= self.today:
            return ("today",)
        return ("date", day)


class _Invalid(TrackerError):
    pass


# ---------------------------------------------------------------------------


class StatusModal(FormModal):
    """Record a new status entry for one obligation."""

    def __init__(
        self, obligation: Obligation, evidence: list[EvidenceView], current: Status | None,
        default_effective: dt.date, cite: tuple[int, ...] = (), fallback_effective: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.obligation = obligation
        # with no evidence ticked the effective date defaults to this (today or the as-of date)
        self.fallback_effective = fallback_effective or default_effective
        self._auto_effective = default_effective.isoformat()
        live = [v for v in evidence if not v.evidence.retracted]
        # the evidence being cited first, so the user sees it is ticked
        self.evidence = sorted(live, key=lambda v: (v.evidence.id not in cite, v.evidence.id))
        self.current = current
        self.default_effective = default_effective
        self.cite = cite

    def compose(self) -> ComposeResult:
        o = self.obligation
        with Vertical(classes="dialog wide"):
            yield Label(Text("Set status · ") + safe(o.id, "bold"), classes="title")
            yield Static(safe(one_line(o.title), "dim"))
            with VerticalScroll(classes="form"):
                with Horizontal(classes="row"):
                    with Vertical(classes="field"):
                        yield Label("Status")
                        yield Select(
                            [(s.value, s.value) for s in Status], value=self.current.value if self.current else Status.IN_PROGRESS.value,
                            allow_blank=False, id="status", compact=True,
                        )
                    with Vertical(classes="field"):
                        yield Label("Confidence")
                        yield Select([(c.value, c.value) for c in Confidence], value="medium", allow_blank=False,
                                     id="confidence", compact=True)
                    with Vertical(classes="field"):
                        yield Label("Effective date")
                        yield Input(self.default_effective.isoformat(), id="effective", compact=True)
                yield DateHint(id="effective-hint")
                yield Label("Rationale (why; cite the evidence)")
                yield TextArea(id="rationale", soft_wrap=True, show_line_numbers=False, compact=self.short)
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
        label = Text(f"#{e.id} ", style="bold")
        label += Text(f"{STANCE_SHORT[e.stance.value]:<8}", style=STANCE_STYLES[e.stance.value])
        quote = one_line(e.quote.exact)
        label += safe(quote if len(quote) < 90 else quote[:87] + "…")
        label += Text(" — ", style="dim") + safe(e.claimant or view.source_outlet or view.source_title, "dim")
        return label

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".error").display = False
        self._hint(self.query_one("#effective", Input).value)
        self.query_one("#status", Select).focus()

    @on(Input.Changed, "#effective")
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, value: str) -> None:
        _, hint = describe_date(value, self.tracker_app.today)
        if value == self._auto_effective and value != self.fallback_effective.isoformat():
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
        day = min(max(observed), self.tracker_app.today) if observed else self.fallback_effective
        self._auto_effective = day.isoformat()
        effective.value = self._auto_effective

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def save(self) -> Any:
        rationale = self.query_one("#rationale", TextArea).text
        if not rationale.strip():
            self.query_one("#rationale", TextArea).focus()
            raise _Invalid("a status change needs a rationale: say why, citing the evidence")
        effective_text = self.query_one("#effective", Input).value
        try:
            effective = parse_date(effective_text, self.tracker_app.today)
        except DateError as exc:
            raise _Invalid(f"bad effective date: {exc}") from None
        cite: list[int] = list(self.query_one("#cite", SelectionList).selected) if self.evidence else []
        status = self.query_one("#status", Select).value
        confidence = self.query_one("#confidence", Select).value
        return self.tracker_app.tracker.set_status(
            self.obligation.id, str(status), effective=effective, because=rationale,
            evidence_ids=cite, confidence=str(confidence),
        )


# ---------------------------------------------------------------------------


class ObligationPicker(Vertical):
    """Type to narrow the list; up/down move; the highlighted one is chosen."""

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="picker-down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker-up"),
    ]

    def __init__(self, obligations: list[Obligation], selected: str | None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.obligations = obligations
        self.initial = selected

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to search obligations (id, title, party); ↑/↓ choose", id="obligation-search",
                    compact=True)
        listing = OptionList(id="obligation-list")
        listing.can_focus = False  # up/down in the search box move the highlight
        yield listing

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        current = self.value
        options = []
        for o in self.obligations:
            hay = " ".join([o.id, o.title, *o.obligor, *o.themes, *o.keywords]).lower()
            if all(w in hay for w in words):
                options.append(Option(Text(o.id, style="bold") + Text("  ") + safe(one_line(o.title), "dim"), id=o.id))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        target = current or self.initial
        ids = [opt.id for opt in options]
        if options:
            listing.highlighted = ids.index(target) if target in ids else 0
            self.call_after_refresh(listing.scroll_to_highlight)

    @on(Input.Changed, "#obligation-search")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def action_move(self, delta: int) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.highlighted = max(0, min(listing.option_count - 1, (listing.highlighted or 0) + delta))

    @property
    def value(self) -> str | None:
        try:
            listing = self.query_one(OptionList)
        except Exception:
            return None
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id


class AttachModal(FormModal):
    """Attach a selected passage of a source to an obligation as evidence."""

    def __init__(
        self, source: Source, start: int, end: int, obligation_id: str | None, *, stance: str = Stance.CONTEXT.value,
        claimant: str = "", observed: str = "", value: str = "", note: str = "",
    ) -> None:
        super().__init__()
        self.source, self.start, self.end = source, start, end
        self.obligation_id = obligation_id
        self.prefill = {"stance": stance, "claimant": claimant, "observed": observed, "value": value, "note": note}

    def compose(self) -> ComposeResult:
        quote = one_line(self.source.text[self.start:self.end])
        reference = self.source.published_on
        with Vertical(classes="dialog wide"):
            yield Label("Attach passage as evidence", classes="title")
            yield Static(Text("“", style="dim") + safe(quote if len(quote) < 400 else quote[:397] + "…", "italic") + Text("”", style="dim"),
                         classes="quote")
            with VerticalScroll(classes="form"):
                yield Label("Obligation")
                yield ObligationPicker(list(self.tracker_app.catalogue.obligations), self.obligation_id, id="obligation")
                with Horizontal(classes="row"):
                    with Vertical(classes="field"):
                        yield Label("Stance")
                        yield Select([(STANCE_LABELS[s.value], s.value) for s in Stance], value=self.prefill["stance"],
                                     allow_blank=False, id="stance", compact=True)
                    with Vertical(classes="field"):
                        yield Label("Claimant (who says it)")
                        yield Input(self.prefill["claimant"], placeholder="e.g. UN Monitoring Team", id="claimant",
                                    compact=True)
                with Horizontal(classes="row"):
                    with Vertical(classes="field"):
                        yield Label(f"Observed (vs article date {reference or 'unknown'})")
                        yield Input(self.prefill["observed"], placeholder="e.g. last week, May 25 2020", id="observed",
                                    compact=True)
                    with Vertical(classes="field"):
                        yield Label("Value (number, optional)")
                        yield Input(self.prefill["value"], placeholder="e.g. 8600", id="value", compact=True)
                yield DateHint(id="observed-hint")
                yield Label("Note (optional)")
                yield Input(self.prefill["note"], placeholder="anything a reader should know about this passage", id="note",
                            compact=True)
            yield Static(classes="error")
            yield _buttons("Attach")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".error").display = False
        self._hint(self.prefill["observed"])
        self.query_one("#obligation-search", Input).focus()

    @on(Input.Changed, "#observed")
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, value: str) -> None:
        reference = self.source.published_on or self.tracker_app.today
        _, hint = describe_date(value, reference, empty="empty: not stated")
        self.query_one("#observed-hint", DateHint).update(hint)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "obligation-search":
            self.query_one("#stance", Select).focus()
            return
        self.action_submit()

    def save(self) -> Any:
        obligation = self.query_one(ObligationPicker).value
        if obligation is None:
            raise _Invalid("choose an obligation: type part of its id or title, then pick it with up/down")
        return self.tracker_app.tracker.add_evidence(
            obligation, self.source.id, self.source.text[self.start:self.end],
            start=self.start, end=self.end,
            stance=str(self.query_one("#stance", Select).value),
            claimant=self.query_one("#claimant", Input).value,
            observed_on=self.query_one("#observed", Input).value,
            value=self.query_one("#value", Input).value,
            note=self.query_one("#note", Input).value,
        )


# ---------------------------------------------------------------------------


class RetractModal(FormModal):
    """Retract one evidence item, with a reason and a confirmation."""

    def __init__(self, view: EvidenceView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        e = self.view.evidence
        with Vertical(classes="dialog"):
            yield Label(Text(f"Retract evidence #{e.id}"), classes="title")
            yield Static(Text("“", style="dim") + safe(one_line(e.quote.exact), "italic") + Text("”", style="dim"), classes="quote")
            yield Static(Text("Evidence is never deleted: it stays in the record marked retracted, with your reason.", style="dim"))
            yield Label("Reason")
            yield Input(placeholder="why this evidence no longer stands", id="reason", compact=self.short)
            yield Static(classes="error")
            yield _buttons("Retract")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".error").display = False
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        reason = self.query_one("#reason", Input).value
        if not reason.strip():
            self.show_error("a retraction needs a reason: say why this evidence no longer stands")
            return
        e = self.view.evidence

        def answer(yes: bool | None) -> None:
            if yes:
                super(RetractModal, self).action_submit()

        self.app.push_screen(
            ConfirmModal(Text(f"Retract evidence #{e.id} from {e.obligation_id}? It will no longer count.", style="bold"),
                         "Retract", "Cancel", danger=True),
            answer,
        )

    def save(self) -> Any:
        return self.tracker_app.tracker.retract_evidence(self.view.evidence.id, self.query_one("#reason", Input).value)


# ---------------------------------------------------------------------------


class PathInput(Input):
    """An input whose Tab accepts the path completion (like a shell)."""

    BINDINGS = [Binding("tab", "complete", "Complete path", show=False, id="path-complete")]

    def action_complete(self) -> None:
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()


class PathSuggester(Suggester):
    """Complete file paths inline (accept with the right arrow)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def complete_path(value: str) -> str | None:
    if not value or "*" in value:
        return None
    expanded = os.path.expanduser(value)
    folder, _, stem = expanded.rpartition("/")
    base = Path(folder or ".") if folder or not value.startswith("/") else Path("/")
    try:
        names = sorted(p.name + ("/" if p.is_dir() else "") for p in base.iterdir() if p.name.startswith(stem))
    except OSError:
        return None
    names = [n for n in names if not n.startswith(".") or stem.startswith(".")]
    if not names:
        return None
    prefix = os.path.commonprefix(names) if len(names) > 1 else names[0]  # noqa: RUF071 (character-wise on purpose)
    if prefix == stem:
        return None
    return value[: len(value) - len(stem)] + prefix


def expand_paths(value: str) -> list[Path]:
    paths: list[Path] = []
    for part in value.split():
        expanded = os.path.expanduser(part)
        matches = sorted(glob.glob(expanded)) if any(c in expanded for c in "*?[") else [expanded]
        if not matches:
            raise _Invalid(f"{part}: no file matches; check the pattern")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                paths.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
            else:
                paths.append(path)
    return paths


class AddSourceModal(FormModal):
    """Import article files (in a worker, with progress) or pasted text."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Add a source", classes="title")
            with TabbedContent(id="source-tabs"):
                with TabPane("From files", id="files-tab"):
                    yield Label("File, folder or glob (several separated by spaces; Tab or → completes)")
                    yield PathInput(placeholder="~/articles/*.txt", id="paths", suggester=PathSuggester(), compact=self.short)
                    yield ProgressBar(id="progress", show_eta=False)
                with TabPane("Paste text", id="paste-tab"):
                    yield TextArea(id="pasted", soft_wrap=True, compact=self.short)
                    with Horizontal(classes="row"):
                        yield Input(placeholder="title (optional)", id="title", compact=True)
                        yield Input(placeholder="outlet", id="outlet", compact=True)
                        yield Input(placeholder="published (e.g. June 1 2020)", id="published", compact=True)
                    yield DateHint(id="published-hint")
            yield Static(classes="error")
            yield _buttons("Import")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".error").display = False
        self.query_one("#progress").display = False
        self.query_one("#paths", Input).focus()

    @on(Input.Changed, "#published")
    def _changed(self, event: Input.Changed) -> None:
        _, hint = describe_date(event.value, self.tracker_app.today)
        self.query_one("#published-hint", DateHint).update(hint)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def save(self) -> Any:
        from tracker.service import SourceInput

        tabs = self.query_one("#source-tabs", TabbedContent)
        if tabs.active == "paste-tab":
            text = self.query_one("#pasted", TextArea).text
            if not text.strip():
                raise _Invalid("paste the article's text into the box first")
            published_text = self.query_one("#published", Input).value
            published = None
            if published_text.strip():
                try:
                    published = parse_date(published_text, self.tracker_app.today)
                except DateError as exc:
                    raise _Invalid(f"bad published date: {exc}") from None
            added = self.tracker_app.tracker.add_source(SourceInput(
                text=text, name="pasted text", title=self.query_one("#title", Input).value.strip() or None,
                outlet=self.query_one("#outlet", Input).value.strip() or None, published_on=published,
            ))
            return [added]
        value = self.query_one("#paths", Input).value
        if not value.strip():
            raise _Invalid("give a file path (→ completes), a folder or a glob such as ~/articles/*.txt")
        paths = expand_paths(value)
        if not paths:
            raise _Invalid("no files found there")
        self.busy = True
        self.show_error("")
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=len(paths), progress=0)
        self.import_files(paths)
        return None

    @work(thread=True, exclusive=True, group="import")
    def import_files(self, paths: list[Path]) -> None:
        bar = self.query_one("#progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            added = self.tracker_app.tracker.add_source_files(paths, progress=progress)
        except TrackerError as exc:
            message = str(exc)
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._done, added)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.query_one("#progress").display = False
        self.show_error(message)

    def _done(self, added: list[Any]) -> None:
        self.busy = False
        self.dismiss(added)
