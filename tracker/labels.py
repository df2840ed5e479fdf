"""The words and colours a stance is shown with, in one table for every shell.

The Rich views of the CLI (`tracker/views.py`) and the terminal UI
(`tracker/tui/`) both read this table, so a stance looks and reads the same
everywhere. Colours are Rich style strings kept as plain text: this module
imports neither Rich nor Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.models import Stance


@dataclass(frozen=True)
class StanceLabel:
    """How one stance is shown."""

    label: str  # headings and pickers: "For compliance"
    short: str  # one-line listings: "for"
    colour: str  # text colour (Rich style)
    mark: str  # suffix after a count in "3+ 1− 0·"
    passage: str  # highlight of a passage in the article reader (Rich style)
    mono: str  # the same highlight when colour is off (NO_COLOR)


STANCES: dict[Stance, StanceLabel] = {
    Stance.SUPPORTS: StanceLabel(
        label="For compliance", short="for", colour="green", mark="+",
        passage="#e8ffe8 on #1d4d2a", mono="underline",
    ),
    Stance.BREACH: StanceLabel(
        label="Indicates breach", short="against", colour="red", mark="−",
        passage="#ffe8e8 on #5c1f24", mono="bold underline",
    ),
    Stance.CONTEXT: StanceLabel(
        label="Context", short="context", colour="blue", mark="·",
        passage="#e8f0ff on #23395b", mono="italic underline",
    ),
}


def stance_label(stance: Stance | str) -> StanceLabel:
    """The label of a stance given as the enum or its stored value.

    An unknown value (say, from a newer database) is shown as itself, uncoloured."""
    try:
        return STANCES[Stance(stance)]
    except ValueError:
        text = str(stance)
        return StanceLabel(label=text, short=text, colour="", mark="?", passage="reverse", mono="reverse")
