"""The detail pane of the obligations screen: overview, evidence by stance,
and the status timeline of one obligation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tracker.domain.models import Stance
from tracker.tui.messages import OpenSource, RetractEvidence
from tracker.tui.render import evidence_prompt, overview_renderable, stance_heading, timeline_renderable

if TYPE_CHECKING:
    from tracker.service import EvidenceView, ObligationDetail


class EvidenceList(OptionList):
    """The evidence of one obligation, grouped by stance."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="evidence-down"),
        Binding("k", "cursor_up", "Up", show=False, id="evidence-up"),
        Binding("enter,r", "read_evidence", "Read in source", tooltip="Open the source at this passage",
                id="evidence-read"),
        Binding("x", "retract", "Retract", tooltip="Retract this evidence (with a reason)", id="evidence-retract"),
        Binding("escape", "screen.focus_table", "Back to table", show=False, id="evidence-back"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: tuple[EvidenceView, ...] = ()
        self.shared: tuple[EvidenceView, ...] = ()

    def show(self, views: tuple[EvidenceView, ...], shared: tuple[EvidenceView, ...] = ()) -> None:
        """This obligation's evidence by stance, then what it shares with the
        same act in another agreement (read-only here)."""
        keep = self.highlighted_id()
        self.views = views
        self.shared = shared
        self.clear_options()
        options: list[Option | None] = []
        for stance in Stance:
            group = [v for v in views if v.evidence.stance == stance]
            if not group:
                continue
            if options:
                options.append(None)
            options.append(Option(stance_heading(stance, sum(1 for v in group if not v.evidence.retracted)),
                                  id=f"head-{stance.value}", disabled=True))
            options.extend(Option(evidence_prompt(view), id=f"ev-{view.evidence.id}") for view in group)
        if shared:
            if options:
                options.append(None)
            others = ", ".join(dict.fromkeys(v.evidence.obligation_id for v in shared))
            options.append(Option(Text(f"Shared from {others}, the same act in another agreement ({len(shared)})",
                                       style="bold underline"), id="head-shared", disabled=True))
            for stance in Stance:
                group = [v for v in shared if v.evidence.stance == stance]
                if group:
                    options.append(Option(stance_heading(stance, sum(1 for v in group if not v.evidence.retracted)),
                                          id=f"head-shared-{stance.value}", disabled=True))
                    options.extend(Option(evidence_prompt(view), id=f"ev-{view.evidence.id}") for view in group)
        if not options:
            options.append(Option(Text("No evidence yet. Open a source (o), select a passage and press a to attach it.",
                                       style="dim"), id="empty", disabled=True))
        self.add_options(options)
        if keep is not None and any(v.evidence.id == keep for v in (*views, *shared)):
            self.highlighted = self.get_option_index(f"ev-{keep}")
        elif self.has_focus:
            # the list was focused before this obligation's evidence came: start at its first item
            self.highlight_first()

    def on_focus(self) -> None:
        # Focus is applied after the call that asks for it, so it may come
        # after this obligation's evidence: start at the first item then too.
        self.highlight_first()

    def highlighted_id(self) -> int | None:
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        if option.id and option.id.startswith("ev-"):
            return int(option.id[3:])
        return None

    def highlighted_view(self) -> EvidenceView | None:
        eid = self.highlighted_id()
        return next((v for v in (*self.views, *self.shared) if v.evidence.id == eid), None) if eid is not None else None

    def highlight_first(self) -> None:
        if self.highlighted is None and self.option_count:
            for index in range(self.option_count):
                if not self.get_option_at_index(index).disabled:
                    self.highlighted = index
                    break

    def action_read_evidence(self) -> None:
        view = self.highlighted_view()
        if view is None:
            self.notify("highlight an evidence item first (e, then j/k)", severity="warning")
            return
        self.post_message(OpenSource(view.evidence.source_id, focus_evidence=view.evidence.id))

    def action_retract(self) -> None:
        view = self.highlighted_view()
        if view is None:
            self.notify("highlight an evidence item first (e, then j/k)", severity="warning")
            return
        if view.evidence.retracted:
            self.notify(f"evidence #{view.evidence.id} is already retracted")
            return
        if view in self.shared:
            self.notify(f"evidence #{view.evidence.id} is {view.evidence.obligation_id}'s: retract it there",
                        severity="warning")
            return
        self.post_message(RetractEvidence(view))


class DetailPane(Vertical):
    """Overview, evidence and timeline tabs for the selected obligation."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="detail"):
            with TabPane("Overview", id="overview"), VerticalScroll(id="overview-scroll"):
                yield Static(id="overview-body")
            with TabPane("Evidence", id="evidence"):
                yield EvidenceList(id="evidence-list")
            with TabPane("Timeline", id="timeline"), VerticalScroll(id="timeline-scroll"):
                yield Static(id="timeline-body")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#detail", TabbedContent)

    @property
    def evidence_list(self) -> EvidenceList:
        return self.query_one(EvidenceList)

    def show(self, detail: ObligationDetail, statuses: dict[str, str], as_of: dt.date | None) -> None:
        self.query_one("#overview-body", Static).update(overview_renderable(detail, statuses))
        self.query_one("#timeline-body", Static).update(timeline_renderable(detail.history, as_of))
        self.evidence_list.show(detail.evidence, detail.shared)
        tabs = self.tabs
        tabs.get_tab("evidence").label = f"Evidence ({len(detail.evidence)})" + (
            f" +{len(detail.shared)} shared" if detail.shared else "")
        tabs.get_tab("timeline").label = f"Timeline ({len(detail.history)})"

    def show_message(self, message: RenderableType) -> None:
        """No obligation to show (nothing matches, or still loading): say so in the overview."""
        self.query_one("#overview-body", Static).update(message)
        self.query_one("#timeline-body", Static).update("")
        listing = self.evidence_list
        listing.views = ()
        listing.shared = ()
        listing.clear_options()

    def activate(self, tab: str) -> None:
        self.tabs.active = tab
        if tab == "evidence":
            self.focus_evidence()

    def focus_evidence(self) -> None:
        self.tabs.active = "evidence"
        listing = self.evidence_list
        listing.focus()
        listing.highlight_first()
