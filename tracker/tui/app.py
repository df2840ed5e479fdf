"""The Textual application: caches the catalogue and the obligation rows,
loads detail per selection, and routes every write through the service."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tracker.domain import assess
from tracker.errors import TrackerError
from tracker.service import EvidenceView, ObligationDetail, ObligationState, Tracker
from tracker.tui.commands import ObligationCommands, SourceCommands


class TrackerApp(App[None]):
    TITLE = "Doha compliance tracker"
    CSS_PATH = "tracker.tcss"
    COMMANDS = App.COMMANDS | {ObligationCommands, SourceCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", id="command-palette", show=False),
    ]

    def __init__(
        self, tracker: Tracker, *, today: dt.date | None = None, keymap_path: Path | None = None,
        as_of: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.today = today or dt.date.today()
        self.as_of: dt.date | None = as_of
        self._rows: list[ObligationState] | None = None
        self._details: dict[str, ObligationDetail] = {}
        self._keymap_path = keymap_path
        self._keymap_error: str | None = None
        # suggestions the analyst rejected: (obligation, source, start, end), for this session
        self.hidden_suggestions: set[tuple[str, int, int, int]] = set()

    # -- start ---------------------------------------------------------------

    def on_mount(self) -> None:
        from tracker.tui.keymap import load_keymap
        from tracker.tui.main import MainScreen

        keymap, error = load_keymap(self._keymap_path)
        if keymap:
            self.set_keymap(keymap)
        self._load_theme()
        try:
            self.catalogue = self.tracker.catalogue()
        except TrackerError as exc:
            self.exit(message=str(exc), return_code=1)
            return
        if not self.catalogue.obligations:
            self.exit(message="the catalogue is empty; run `tracker init` first", return_code=1)
            return
        self.push_screen(MainScreen())
        self._update_sub_title()
        if error:
            self.notify(error, title="Keymap", severity="warning")

    def _settings_path(self) -> Path:
        from tracker.tui.keymap import keymap_path

        return (self._keymap_path or keymap_path()).parent / "settings.yaml"

    def _load_theme(self) -> None:
        """TRACKER_THEME, else the theme last chosen in the command palette."""
        import os

        import yaml

        name = os.environ.get("TRACKER_THEME")
        if not name:
            try:
                data = yaml.safe_load(self._settings_path().read_text(encoding="utf-8")) or {}
                name = data.get("theme") if isinstance(data, dict) else None
            except (OSError, yaml.YAMLError):
                name = None
        if name and name in self.available_themes:
            self.theme = name
        elif name:
            self.notify(f"unknown theme '{name}'; pick one with ctrl+p → Theme", severity="warning")
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def _save_theme(self, theme) -> None:
        import yaml

        path = self._settings_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump({"theme": theme.name}), encoding="utf-8")
        except OSError:
            pass  # a read-only config dir only loses the preference

    # -- data cache ----------------------------------------------------------

    @property
    def day(self) -> dt.date:
        return self.as_of or self.today

    def rows(self) -> list[ObligationState]:
        if self._rows is None:
            rows = self.tracker.obligation_rows(as_of=self.as_of)
            self._rows = [dataclasses.replace(r, deadline=self._deadline(r.obligation, r.status)) for r in rows]
        return self._rows

    def detail(self, obligation_id: str) -> ObligationDetail:
        cached = self._details.get(obligation_id)
        if cached is None:
            detail = self.tracker.detail(obligation_id, as_of=self.as_of)
            status = detail.status.status if detail.status else None
            cached = dataclasses.replace(detail, deadline=self._deadline(detail.obligation, status))
            self._details[obligation_id] = cached
        return cached

    def _deadline(self, obligation, status) -> assess.DeadlineState:
        agreement = self.catalogue.agreement(obligation.agreement)
        assert agreement is not None
        return assess.deadline_state(obligation, agreement.signed_on, status, self.day)

    def data_changed(self) -> None:
        """Something was written: drop caches and refresh what is on screen."""
        self._rows = None
        self._details.clear()
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()
        main = self.main_screen
        if main is not None:
            main.reload()

    @property
    def main_screen(self):
        from tracker.tui.main import MainScreen

        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    @property
    def selected_obligation(self) -> str | None:
        main = self.main_screen
        return main.current_id if main else None

    def set_as_of(self, day: dt.date | None) -> None:
        if day is not None and day >= self.today:
            day = None
        if day == self.as_of:
            return
        self.as_of = day
        self._rows = None
        self._details.clear()
        self._update_sub_title()
        main = self.main_screen
        if main is not None:
            main.update_banner()
            main.reload()
        self.notify(f"showing the record as of {day}" if day else f"back to today ({self.today})", title="As of")

    def _update_sub_title(self) -> None:
        self.sub_title = f"as of {self.as_of}" if self.as_of else f"today {self.today}"

    # -- flows ---------------------------------------------------------------

    def select_obligation(self, obligation_id: str) -> None:
        main = self.main_screen
        if main is None:
            return
        while self.screen is not main and len(self.screen_stack) > 1:
            self.pop_screen()
        main.select(obligation_id)

    def open_source(self, source_id: int, focus_evidence: int | None = None, suggestion: Any = None) -> None:
        """Open the reader; with `suggestion`, at that passage with the suggestions panel open."""
        from tracker.tui.reader import ReaderScreen

        try:
            source = self.tracker.source(source_id)
        except TrackerError as exc:
            self.notify(str(exc), title="Could not open the source", severity="error")
            return
        self.push_screen(ReaderScreen(source, focus_evidence, suggestion))

    def find_passages(self, obligation_id: str) -> None:
        """Suggested passages across every source for one obligation."""
        from tracker.tui.screens import PassagesScreen

        self.push_screen(PassagesScreen(obligation_id))

    def open_status(self, obligation_id: str, cite: tuple[int, ...] = ()) -> None:
        from tracker.tui.modals import StatusModal

        try:
            obligation = self.tracker.obligation(obligation_id)
            evidence = self.tracker.evidence_for(obligation_id)
            history = self.tracker.history(obligation_id)
        except TrackerError as exc:
            self.notify(str(exc), severity="error")
            return
        current = assess.current_status(history, None)
        default = min(self.day, self.today)
        # citing evidence: the status took effect when the latest cited fact was observed
        observed = [v.evidence.observed_on for v in evidence if v.evidence.id in cite and v.evidence.observed_on]
        if observed:
            default = min(max(observed), self.today)

        def done(change: Any) -> None:
            if change is not None:
                self.data_changed()
                self.notify(
                    f"{obligation_id} is now {change.status.value} (effective {change.effective_on})"
                    + (f", citing {', '.join(f'#{i}' for i in change.evidence_ids)}" if change.evidence_ids else ""),
                    title="Status recorded",
                )
                if self.as_of is not None and change.effective_on > self.as_of:
                    self.notify("you are viewing an earlier date; press t to see it", severity="warning")

        fallback = min(self.day, self.today)
        self.push_screen(StatusModal(obligation, evidence, current.status if current else None, default, cite,
                                     fallback_effective=fallback), done)

    def open_retract(self, view: EvidenceView, callback: Callable[[Any], None] | None = None) -> None:
        from tracker.tui.modals import RetractModal

        def done(result: Any) -> None:
            if result is not None:
                self.data_changed()
                self.notify(f"evidence #{result.id} retracted", title="Retracted")
            if callback is not None:
                callback(result)

        self.push_screen(RetractModal(view), done)

    # -- actions -------------------------------------------------------------

    def action_help(self) -> None:
        from tracker.tui.screens import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_as_of(self) -> None:
        from tracker.tui.modals import AsOfModal

        def done(result: Any) -> None:
            if result is None:
                return
            self.set_as_of(result[1] if result[0] == "date" else None)

        self.push_screen(AsOfModal(self.as_of, self.today), done)

    def action_today(self) -> None:
        self.set_as_of(None)

    def action_sources(self) -> None:
        from tracker.tui.screens import SourcesScreen

        self.push_screen(SourcesScreen())

    def action_report(self) -> None:
        from tracker.tui.screens import ReportScreen

        self.push_screen(ReportScreen())

    def action_add_source(self) -> None:
        from tracker.tui.modals import AddSourceModal

        def done(added: Any) -> None:
            if not added:
                return
            self.data_changed()
            new = [a for a in added if a.created]
            if len(added) == 1:
                a = added[0]
                self.notify(f"source {a.id}: {a.title}" + ("" if a.created else " (already in the tracker)"),
                            title="Source added" if a.created else "Source exists")
                self.open_source(a.id)
            else:
                self.notify(f"{len(new)} new source(s), {len(added) - len(new)} already present", title="Sources added")
                self.action_sources()

        self.push_screen(AddSourceModal(), done)

    def action_set_status(self) -> None:
        selected = self.selected_obligation
        if selected:
            self.open_status(selected)

    async def action_quit(self) -> None:
        from tracker.tui.modals import ConfirmModal, FormModal

        dirty = [s for s in self.screen_stack if isinstance(s, FormModal) and (s.is_dirty() or s.busy)]
        if not dirty:
            self.exit()
            return

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmModal("You have unsaved input in a dialog. Quit and lose it?", "Quit", "Stay", danger=True),
                         answer)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Set status", "Record a status for the selected obligation", self.action_set_status)
        yield SystemCommand("As of date…", "Show the whole record as it stood on a date", self.action_as_of)
        yield SystemCommand("Back to today", "Leave as-of mode", self.action_today)
        yield SystemCommand("Sources", "List every source; open one in the reader", self.action_sources)
        yield SystemCommand("Add source", "Import article files or pasted text", self.action_add_source)
        yield SystemCommand("Report", "Preview and export the status report", self.action_report)
        from tracker.tui.reader import ReaderScreen

        if isinstance(screen, ReaderScreen):
            yield SystemCommand("Suggest passages in this source", "Find evidence: the suggestions panel (f)",
                                screen.action_suggest)
        selected = self.selected_obligation
        if selected:
            yield SystemCommand(f"Suggest passages for {selected}",
                                "Passages across all sources that bear on this obligation (f)",
                                lambda: self.find_passages(selected))
        yield SystemCommand("Help: keys", "Every key binding and its id for keymap.yaml", self.action_help)
        main = self.main_screen
        if main is not None:
            yield SystemCommand("Filter obligations", "Filter the table as you type", main.action_filter)
            yield SystemCommand("Clear filters", "Show every obligation", main.action_clear_filters)
            yield SystemCommand("Show al-Qaeda obligations", "Filter on theme and keywords", lambda: self._quick_filter("qaeda"))
            yield SystemCommand("Show overdue obligations", "Deadline passed and not met", lambda: self._quick_filter("overdue"))

    def _quick_filter(self, text: str) -> None:
        from textual.widgets import Input

        main = self.main_screen
        if main is None:
            return
        while self.screen is not main and len(self.screen_stack) > 1:
            self.pop_screen()
        main.query_one("#filter", Input).value = text
