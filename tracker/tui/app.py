"""The Textual application: routes what the screens ask for, opens the
dialogs, and does every write through the service.

Screens and widgets post request messages (`tracker.tui.messages`); the App
handles them with `@on`. Reads and writes run in thread workers whose results
come back as messages declared here; after a write the App tells every screen
on the stack (`RecordChanged`) and each reloads what it owns. Nothing imports
this module but `launch.py` (and type checkers)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from tracker.domain import assess
from tracker.errors import InvalidInput, TrackerError
from tracker.labels import stance_label
from tracker.service import IntakeOutcome, SourceInput
from tracker.tui import keymap as keymaps
from tracker.tui import settings
from tracker.tui.commands import ObligationCommands, SourceCommands
from tracker.tui.detail import EvidenceList
from tracker.tui.forms import ObligationPicker, PathInput
from tracker.tui.inbox import InboxScreen
from tracker.tui.inputs import AsOfChoice, EvidenceInput, FileImport, RetractInput, SourceImport, StatusInput
from tracker.tui.main import MainScreen
from tracker.tui.messages import (
    AcceptSuggestion,
    AsOfChanged,
    AttachPassage,
    EvidenceStored,
    FindPassages,
    HideSuggestion,
    OpenSource,
    RecordChanged,
    RecordStatus,
    RetractEvidence,
    ShowObligation,
    SuggestionsHidden,
    Triage,
)
from tracker.tui.modals import (
    AddSourceModal,
    AsOfModal,
    AttachModal,
    ConfirmModal,
    FormModal,
    ProgressModal,
    RetractModal,
    StatusForm,
    StatusModal,
)
from tracker.tui.passages import PassagesScreen
from tracker.tui.reader import ReaderScreen
from tracker.tui.screens import BindingGroup, HelpScreen, ReportScreen, ScorecardScreen, SourcesScreen
from tracker.tui.session import Session, suggestion_key
from tracker.tui.suggestions import ObligationSuggestions, SourceSuggestions, SuggestionList
from tracker.tui.table import ObligationTable

if TYPE_CHECKING:
    from tracker.domain.models import Catalogue, Evidence, Source, StatusChange
    from tracker.service import AddedSource, EvidenceView, Tracker


class TrackerApp(App[None]):
    TITLE = "Compliance tracker"
    CSS_PATH = "tracker.tcss"
    COMMANDS = App.COMMANDS | {ObligationCommands, SourceCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", id="command-palette", show=False),
    ]

    # -- results of the App's workers ----------------------------------------

    @dataclass
    class CatalogueLoaded(Message):
        catalogue: Catalogue | None
        error: str | None
        can_write: bool = True

    @dataclass
    class SourceLoaded(Message):
        request: OpenSource
        source: Source | None
        error: str | None

    @dataclass
    class StatusFormLoaded(Message):
        form: StatusForm | None
        error: str | None

    @dataclass
    class TriageDone(Message):
        request: Triage
        message: str | None
        error: str | None

    @dataclass
    class StatusWritten(Message):
        form: StatusForm
        given: StatusInput
        change: StatusChange | None
        error: str | None

    @dataclass
    class AttachReady(Message):
        draft: EvidenceInput
        source: Source | None
        error: str | None

    @dataclass
    class EvidenceWritten(Message):
        source: Source
        given: EvidenceInput
        evidence: Evidence | None
        error: str | None

    @dataclass
    class SuggestionStored(Message):
        evidence: Evidence | None
        error: str | None

    @dataclass
    class RetractionWritten(Message):
        view: EvidenceView
        given: RetractInput
        evidence: Evidence | None
        error: str | None

    @dataclass
    class ImportProgress(Message):
        done: int
        total: int

    @dataclass
    class SourcesImported(Message):
        given: SourceImport
        added: list[AddedSource] | None
        error: str | None
        failures: tuple[str, ...] = ()

    def __init__(
        self, tracker: Tracker, *, keymap_path: Path | None = None, as_of: dt.date | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.session: Session | None = None  # set once the catalogue is loaded
        self.keymap_file = keymap_path or keymaps.keymap_path()
        self.keymap: dict[str, str] = {}
        self.cursor_blink = cursor_blink  # tests turn it off: a blinking cursor races screenshots
        self._start_as_of = as_of
        self._writes = 0  # writes under way (quitting asks first)
        self.read_only = False  # a login that may only read (set once the catalogue is loaded)

    def compose(self) -> ComposeResult:
        yield Static("loading the catalogue…", id="app-loading")

    # -- start ---------------------------------------------------------------

    def on_mount(self) -> None:
        # A UI whose terminal closed without sending it a hangup (seen under `make demo`
        # when tmux went away) would spin on the dead tty: leave once it is no terminal.
        self._tty_fd = _terminal_fd()
        if self._tty_fd is not None:
            self.set_interval(2.0, self._leave_if_terminal_gone, name="terminal-check")
        keymap, error = keymaps.load_keymap(self.keymap_file)
        if keymap:
            self.set_keymap(keymap)
            self.keymap = keymap
        self._load_theme()
        if error:
            self.notify(error, title="Keymap", severity="warning")
        self._update_sub_title()
        self._load_catalogue()

    @work(thread=True, group="start")
    def _load_catalogue(self) -> None:
        try:
            catalogue = self.tracker.catalogue()
            can_write = self.tracker.can_write()
        except TrackerError as exc:
            self.post_message(self.CatalogueLoaded(None, str(exc)))
            return
        self.post_message(self.CatalogueLoaded(catalogue, None, can_write))

    @on(CatalogueLoaded)
    def _catalogue_loaded(self, event: CatalogueLoaded) -> None:
        if event.catalogue is None:
            self.exit(message=event.error, return_code=1)
            return
        if not event.catalogue.obligations:
            self.exit(message="the catalogue is empty; run `tracker init` first", return_code=1)
            return
        if not event.can_write:
            self.read_only = True
            self.title = f"{self.TITLE} (read-only login)"
        as_of = self._start_as_of
        self.session = Session(
            reads=self.tracker, catalogue=event.catalogue, clock=self.tracker.today,
            as_of=as_of if as_of is not None and as_of < self.tracker.today() else None,
        )
        self._update_sub_title()
        self.push_screen(MainScreen(self.session))

    def _load_theme(self) -> None:
        """TRACKER_THEME, else the theme last chosen in the command palette."""
        name = os.environ.get("TRACKER_THEME") or settings.load_theme(settings.settings_path(self.keymap_file))
        if name and name in self.available_themes:
            self.theme = name
        elif name:
            self.notify(f"unknown theme '{name}'; pick one with ctrl+p → Theme", severity="warning")
        # after the change above is announced: only a theme the user picks is saved
        self.call_next(self.theme_changed_signal.subscribe, self, self._save_theme)

    def _save_theme(self, theme) -> None:
        settings.save_theme(settings.settings_path(self.keymap_file), theme.name)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and isinstance(event.widget, Input | TextArea):
            event.widget.cursor_blink = False

    # -- state ---------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.tracker.today()

    @property
    def as_of(self) -> dt.date | None:
        return self.session.as_of if self.session else None

    @property
    def main_screen(self) -> MainScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def _leave_if_terminal_gone(self) -> None:
        if self._tty_fd is not None and not os.isatty(self._tty_fd):
            self.exit(return_code=129)

    def _update_sub_title(self) -> None:
        self.sub_title = self.session.view_label if self.session else f"today {self.today}"

    def set_as_of(self, day: dt.date | None, audit: bool = False) -> None:
        if self.session is None:
            return
        today = self.today
        if day is not None and day >= today:
            day = None
        audit = audit and day is not None
        if (day, audit) == (self.session.as_of, self.session.audit):
            return
        self.session.as_of, self.session.audit = day, audit
        self._update_sub_title()
        self._tell_screens(lambda: AsOfChanged(day))
        self.notify(f"showing the record {self.session.view_label}" if day else f"back to today ({today})", title="As of")

    def _tell_screens(self, make: Callable[[], Message]) -> None:
        """Post a fresh notice to every screen on the stack."""
        for screen in self.screen_stack:
            screen.post_message(make())

    def _refuse_write(self) -> bool:
        """True (and says so) when this login may only read: no write dialog opens."""
        if self.read_only:
            self.notify("this login is read-only: it can browse and export, not record", title="Read-only",
                        severity="warning")
        return self.read_only

    def _record_changed(self, evidence: Evidence | None = None) -> None:
        self._tell_screens(RecordChanged)
        if evidence is not None:
            self._tell_screens(lambda: EvidenceStored(evidence))

    # -- conveniences (the palette, tests) -------------------------------------

    def select_obligation(self, obligation_id: str) -> None:
        self.post_message(ShowObligation(obligation_id))

    def open_source(self, source_id: int, focus_evidence: int | None = None) -> None:
        self.post_message(OpenSource(source_id, focus_evidence))

    def open_status(self, obligation_id: str, cite: tuple[int, ...] = ()) -> None:
        self.post_message(RecordStatus(obligation_id, cite))

    # -- navigation ------------------------------------------------------------

    @on(ShowObligation)
    def _show_obligation(self, event: ShowObligation) -> None:
        main = self.main_screen
        if main is None:
            return
        while self.screen is not main and len(self.screen_stack) > 1:
            self.pop_screen()
        main.select(event.obligation_id)

    @on(OpenSource)
    def _open_source(self, event: OpenSource) -> None:
        self._fetch_source(event)

    @work(thread=True, group="open-source")
    def _fetch_source(self, request: OpenSource) -> None:
        try:
            source = self.tracker.source(request.source_id)
        except TrackerError as exc:
            self.post_message(self.SourceLoaded(request, None, str(exc)))
            return
        self.post_message(self.SourceLoaded(request, source, None))

    @on(SourceLoaded)
    def _source_loaded(self, event: SourceLoaded) -> None:
        if event.source is None or self.session is None:
            self.notify(event.error or "", title="Could not open the source", severity="error")
            return
        request = event.request
        self.push_screen(ReaderScreen(event.source, self.session, request.focus_evidence, request.suggestion))

    @on(FindPassages)
    def _find_passages(self, event: FindPassages) -> None:
        if self.session is not None:
            self.push_screen(PassagesScreen(event.obligation_id, self.session))

    # -- status ----------------------------------------------------------------

    @on(RecordStatus)
    def _record_status(self, event: RecordStatus) -> None:
        if self.session is not None and not self._refuse_write():
            self._fetch_status_form(event.obligation_id, event.cite, self.session.day)

    @work(thread=True, group="status-form")
    def _fetch_status_form(self, obligation_id: str, cite: tuple[int, ...], day: dt.date) -> None:
        today = self.today
        try:
            obligation = self.tracker.obligation(obligation_id)
            evidence = self.tracker.evidence_for(obligation_id)
            history = self.tracker.history(obligation_id)
        except TrackerError as exc:
            self.post_message(self.StatusFormLoaded(None, str(exc)))
            return
        current = assess.current_status(history, None)
        fallback = min(day, today)
        # citing evidence: the status took effect when the latest cited fact was observed
        observed = [v.evidence.observed_on for v in evidence if v.evidence.id in cite and v.evidence.observed_on]
        default = min(max(observed), today) if observed else fallback
        form = StatusForm(obligation, evidence, current.status if current else None, default, fallback, today, cite)
        self.post_message(self.StatusFormLoaded(form, None))

    @on(StatusFormLoaded)
    def _status_form_loaded(self, event: StatusFormLoaded) -> None:
        if event.form is None:
            self.notify(event.error or "", severity="error")
            return
        self._ask_status(event.form)

    def _ask_status(self, form: StatusForm, draft: StatusInput | None = None, error: str | None = None) -> None:
        def done(given: StatusInput | None) -> None:
            if given is not None:
                self._writes += 1
                self._write_status(form, given)

        self.push_screen(StatusModal(form, draft=draft, error=error), done)

    @work(thread=True, group="write")
    def _write_status(self, form: StatusForm, given: StatusInput) -> None:
        try:
            change = self.tracker.set_status(
                given.obligation_id, given.status, effective=given.effective, because=given.rationale,
                evidence_ids=given.evidence_ids, confidence=given.confidence,
            )
        except TrackerError as exc:
            self.post_message(self.StatusWritten(form, given, None, str(exc)))
            return
        self.post_message(self.StatusWritten(form, given, change, None))

    @on(StatusWritten)
    def _status_written(self, event: StatusWritten) -> None:
        self._writes -= 1
        change = event.change
        if change is None:
            self._ask_status(event.form, event.given, event.error)
            return
        self._record_changed()
        cited = f", citing {', '.join(f'#{i}' for i in change.evidence_ids)}" if change.evidence_ids else ""
        self.notify(f"{change.obligation_id} is now {change.status.value} (effective {change.effective_on}){cited}",
                    title="Status recorded")
        if self.as_of is not None and change.effective_on > self.as_of:
            self.notify("you are viewing an earlier date; press t to see it", severity="warning")

    # -- evidence --------------------------------------------------------------

    @on(AttachPassage)
    def _attach_passage(self, event: AttachPassage) -> None:
        if self._refuse_write():
            return
        draft = event.draft
        main = self.main_screen
        if draft.obligation_id is None and main is not None and main.current_id is not None:
            draft = replace(draft, obligation_id=main.current_id)
        self._fetch_attach_source(draft)

    @work(thread=True, group="attach")
    def _fetch_attach_source(self, draft: EvidenceInput) -> None:
        try:
            source = self.tracker.source(draft.source_id)
        except TrackerError as exc:
            self.post_message(self.AttachReady(draft, None, str(exc)))
            return
        self.post_message(self.AttachReady(draft, source, None))

    @on(AttachReady)
    def _attach_ready(self, event: AttachReady) -> None:
        if event.source is None:
            self.notify(event.error or "", title="Could not open the source", severity="error")
            return
        self._ask_attach(event.source, event.draft)

    def _ask_attach(self, source: Source, draft: EvidenceInput, error: str | None = None) -> None:
        if self.session is None:
            return

        def done(given: EvidenceInput | None) -> None:
            if given is not None:
                self._writes += 1
                self._write_evidence(source, given)

        self.push_screen(AttachModal(source, draft, self.session.catalogue.obligations, self.today, error=error,
                                     reopened=error is not None), done)

    @work(thread=True, group="write")
    def _write_evidence(self, source: Source, given: EvidenceInput) -> None:
        try:
            evidence = self.tracker.add_evidence(
                given.obligation_id or "", source.id, source.text[given.start:given.end], start=given.start,
                end=given.end, stance=given.stance, claimant=given.claimant, observed_on=given.observed,
                value=given.value, note=given.note,
            )
        except TrackerError as exc:
            self.post_message(self.EvidenceWritten(source, given, None, str(exc)))
            return
        self.post_message(self.EvidenceWritten(source, given, evidence, None))

    @on(EvidenceWritten)
    def _evidence_written(self, event: EvidenceWritten) -> None:
        self._writes -= 1
        evidence = event.evidence
        if evidence is None:
            self._ask_attach(event.source, event.given, event.error)
            return
        self._record_changed(evidence)
        self.notify(f"evidence #{evidence.id} attached to {evidence.obligation_id}; press s to set a status citing it",
                    title="Attached")

    @on(AcceptSuggestion)
    def _accept_suggestion(self, event: AcceptSuggestion) -> None:
        if self._refuse_write():
            return
        self._writes += 1
        self._write_suggestion(event)

    @work(thread=True, group="write")
    def _write_suggestion(self, request: AcceptSuggestion) -> None:
        try:
            evidence = self.tracker.accept_suggestion(request.source_id, request.suggestion)
        except TrackerError as exc:
            self.post_message(self.SuggestionStored(None, str(exc)))
            return
        self.post_message(self.SuggestionStored(evidence, None))

    @on(SuggestionStored)
    def _suggestion_stored(self, event: SuggestionStored) -> None:
        self._writes -= 1
        evidence = event.evidence
        if evidence is None:
            self.notify(event.error or "", title="Could not store the suggestion", severity="error")
            return
        self._record_changed(evidence)
        self.notify(f"evidence {evidence.id} stored: {evidence.obligation_id}, {stance_label(evidence.stance).short}",
                    title="Accepted")

    @on(HideSuggestion)
    def _hide_suggestion(self, event: HideSuggestion) -> None:
        if self.session is None:
            return
        self.session.hidden.add(suggestion_key(event.source_id, event.suggestion))
        self._tell_screens(SuggestionsHidden)
        self.notify("suggestion hidden for this session", timeout=2)

    @on(RetractEvidence)
    def _retract_evidence(self, event: RetractEvidence) -> None:
        if self._refuse_write():
            return
        self._ask_retract(event.view)

    def _ask_retract(self, view: EvidenceView, draft: RetractInput | None = None, error: str | None = None) -> None:
        def done(given: RetractInput | None) -> None:
            if given is not None:
                self._writes += 1
                self._write_retraction(view, given)

        self.push_screen(RetractModal(view, draft=draft, error=error), done)

    @work(thread=True, group="write")
    def _write_retraction(self, view: EvidenceView, given: RetractInput) -> None:
        try:
            evidence = self.tracker.retract_evidence(given.evidence_id, given.reason)
        except TrackerError as exc:
            self.post_message(self.RetractionWritten(view, given, None, str(exc)))
            return
        self.post_message(self.RetractionWritten(view, given, evidence, None))

    @on(RetractionWritten)
    def _retraction_written(self, event: RetractionWritten) -> None:
        self._writes -= 1
        if event.evidence is None:
            self._ask_retract(event.view, event.given, event.error)
            return
        self._record_changed()
        self.notify(f"evidence #{event.evidence.id} retracted", title="Retracted")

    # -- sources -----------------------------------------------------------------

    def action_add_source(self) -> None:
        if not self._refuse_write():
            self._ask_source()

    def _ask_source(self, draft: SourceImport | None = None, error: str | None = None) -> None:
        def done(given: SourceImport | None) -> None:
            if given is None:
                return
            self._writes += 1
            if isinstance(given, FileImport):
                self.push_screen(ProgressModal(f"Importing {len(given.targets)} item(s)…", len(given.targets)))
            self._import_sources(given)

        self.push_screen(AddSourceModal(self.today, draft=draft, error=error), done)

    @work(thread=True, group="write")
    def _import_sources(self, given: SourceImport) -> None:
        failures: list[str] = []
        try:
            if isinstance(given, FileImport):
                def progress(outcome: IntakeOutcome, done: int, total: int) -> None:
                    if outcome.error:
                        failures.append(outcome.error)
                    self.post_message(self.ImportProgress(done, total))

                outcomes = self.tracker.add_targets(list(given.targets), on_item=progress)
                added = [o.added for o in outcomes if o.added is not None]
                if not added:
                    raise InvalidInput(failures[0] if failures else "nothing was imported")
            else:
                added = [self.tracker.add_source(SourceInput(
                    text=given.text, name="pasted text", title=given.title or None, outlet=given.outlet or None,
                    published_on=given.published,
                ))]
        except TrackerError as exc:
            self.post_message(self.SourcesImported(given, None, str(exc)))
            return
        self.post_message(self.SourcesImported(given, added, None, tuple(failures)))

    @on(ImportProgress)
    def _import_progress(self, event: ImportProgress) -> None:
        if isinstance(self.screen, ProgressModal):
            self.screen.advance(event.done, event.total)

    @on(SourcesImported)
    def _sources_imported(self, event: SourcesImported) -> None:
        self._writes -= 1
        if isinstance(self.screen, ProgressModal):
            self.screen.dismiss()
        added = event.added
        if added is None:
            self._ask_source(event.given, event.error)
            return
        self._record_changed()
        if event.failures:
            more = f" (and {len(event.failures) - 1} more)" if len(event.failures) > 1 else ""
            self.notify(event.failures[0] + more, title=f"{len(event.failures)} item(s) not imported",
                        severity="warning", timeout=12)
        if len(added) == 1:
            a = added[0]
            self.notify(f"source {a.id}: {a.title}" + ("" if a.created else " (already in the tracker)"),
                        title="Source added" if a.created else "Source exists")
            self.post_message(OpenSource(a.id))
        else:
            new = sum(1 for a in added if a.created)
            self.notify(f"{new} new source(s), {len(added) - new} already present", title="Sources added")
            self.action_sources()

    # -- actions -------------------------------------------------------------

    def binding_groups(self) -> list[BindingGroup]:
        """Every binding of the UI by where it applies, for the help screen."""
        return [
            ("everywhere", TrackerApp.BINDINGS),
            ("obligations", MainScreen.BINDINGS),
            ("table", ObligationTable.BINDINGS),
            ("evidence list", EvidenceList.BINDINGS),
            ("reader", ReaderScreen.BINDINGS),
            ("suggestions", SourceSuggestions.BINDINGS),
            ("suggestions", SuggestionList.BINDINGS),
            ("passages", PassagesScreen.BINDINGS),
            ("passages", ObligationSuggestions.BINDINGS),
            ("dialogs", FormModal.BINDINGS),
            ("dialogs", ObligationPicker.BINDINGS),
            ("dialogs", PathInput.BINDINGS),
            ("sources", SourcesScreen.BINDINGS),
            ("inbox", InboxScreen.BINDINGS),
            ("report", ReportScreen.BINDINGS),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups(), self.keymap, self.keymap_file))

    def action_as_of(self) -> None:
        if self.session is None:
            return

        def done(choice: AsOfChoice | None) -> None:
            if choice is not None:
                self.set_as_of(choice.day, choice.audit)

        self.push_screen(AsOfModal(self.session.as_of, self.today, self.session.audit), done)

    def action_today(self) -> None:
        self.set_as_of(None)

    def action_sources(self) -> None:
        if self.session is not None:
            self.push_screen(SourcesScreen(self.session))

    def action_report(self) -> None:
        if self.session is not None:
            self.push_screen(ReportScreen(self.session))

    def action_scorecard(self) -> None:
        if self.session is not None:
            self.push_screen(ScorecardScreen(self.session))

    def action_inbox(self) -> None:
        if self.session is not None:
            self.push_screen(InboxScreen(self.session))

    @on(Triage)
    def _triage(self, event: Triage) -> None:
        self._writes += 1
        self._write_triage(event)

    @work(thread=True, group="write")
    def _write_triage(self, request: Triage) -> None:
        try:
            if request.accept:
                evidence = self.tracker.accept_stored(request.suggestion_id)
                message = f"suggestion #{request.suggestion_id} stored as evidence #{evidence.id}"
            else:
                self.tracker.reject_stored(request.suggestion_id, request.reason)
                message = f"suggestion #{request.suggestion_id} rejected; it will not come back"
        except TrackerError as exc:
            self.post_message(self.TriageDone(request, None, str(exc)))
            return
        self.post_message(self.TriageDone(request, message, None))

    @on(TriageDone)
    def _triage_done(self, event: TriageDone) -> None:
        self._writes -= 1
        if event.error:
            self.notify(event.error, title="Not stored", severity="error")
        else:
            self.notify(event.message or "", title="Accepted" if event.request.accept else "Rejected")
        self._record_changed()

    def action_set_status(self) -> None:
        main = self.main_screen
        if main is not None and main.current_id:
            self.open_status(main.current_id)

    async def action_quit(self) -> None:
        dirty = any(isinstance(s, FormModal) and s.is_dirty() for s in self.screen_stack)
        if not dirty and not self._writes:
            self.exit()
            return

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        question = ("A change is still being saved. Quit anyway?" if self._writes and not dirty
                    else "You have unsaved input in a dialog. Quit and lose it?")
        self.push_screen(ConfirmModal(question, "Quit", "Stay", danger=True), answer)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Set status", "Record a status for the selected obligation", self.action_set_status)
        yield SystemCommand("As of date…", "Show the whole record as it stood on a date", self.action_as_of)
        yield SystemCommand("Scorecard", "What each party owes and how it stands", self.action_scorecard)
        yield SystemCommand("Back to today", "Leave as-of mode", self.action_today)
        yield SystemCommand("Sources", "List every source; open one in the reader", self.action_sources)
        yield SystemCommand("Inbox", "Triage the suggestions kept for new sources (i)", self.action_inbox)
        yield SystemCommand("Add source", "Import article files or pasted text", self.action_add_source)
        yield SystemCommand("Report", "Preview and export the status report", self.action_report)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand("Suggest passages in this source", "Find evidence: the suggestions panel (f)",
                                screen.action_suggest)
        main = self.main_screen
        selected = main.current_id if main else None
        if selected:
            yield SystemCommand(f"Suggest passages for {selected}",
                                "Passages across all sources that bear on this obligation (f)",
                                partial(self.post_message, FindPassages(selected)))
        yield SystemCommand("Help: keys", "Every key binding and its id for keymap.yaml", self.action_help)
        if main is not None and self.session is not None:
            yield SystemCommand("Filter obligations", "Filter the table as you type", main.action_filter)
            yield SystemCommand("Clear filters", "Show every obligation", main.action_clear_filters)
            # one command per theme of the catalogue
            for theme in self.session.themes():
                yield SystemCommand(f"Show theme: {theme}", f"Obligations the catalogue tags '{theme}'",
                                    partial(self._quick_filter, f"theme:{theme}"))
            yield SystemCommand("Show overdue obligations", "Deadline passed and not met",
                                partial(self._quick_filter, "overdue"))

    def _quick_filter(self, text: str) -> None:
        main = self.main_screen
        if main is None:
            return
        while self.screen is not main and len(self.screen_stack) > 1:
            self.pop_screen()
        main.set_filter(text)


def _terminal_fd() -> int | None:
    """The UI's terminal (its standard input when that is one; None under test pilots)."""
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None
