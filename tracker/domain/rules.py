"""Small rules that every door (CLI, TUI, import) applies the same way."""

from __future__ import annotations

NOTE_LIMIT = 500


def rationale_problem(rationale: str | None) -> str | None:
    """Why a status rationale cannot be recorded, or None when it can."""
    if not rationale or not rationale.strip():
        return "a status change needs a rationale; give --because 'why, citing the evidence'"
    return None


def retraction_problem(reason: str | None) -> str | None:
    if not reason or not reason.strip():
        return "a retraction needs a reason; give --reason 'why this evidence no longer stands'"
    return None


def suggestion_note(explanation: str | None) -> str | None:
    """The note stored with evidence accepted from a suggestion."""
    if not explanation:
        return None
    return f"accepted suggestion: {explanation}"[:NOTE_LIMIT]


def duplicate_message(obligation_id: str, source_id: int, existing_id: int) -> str:
    return (
        f"that passage of source {source_id} is already evidence {existing_id} for '{obligation_id}'; "
        f"see `tracker show {obligation_id}` (retract it first to record it again)"
    )
