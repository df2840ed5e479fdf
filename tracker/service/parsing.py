"""Reading what the user typed: ids, statuses, stances, dates and numbers.

Each failure is an InvalidInput whose one line says what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tracker.domain.dates import DateError, parse_date
from tracker.domain.models import Confidence, Stance, Status
from tracker.domain.nearest import nearest
from tracker.errors import InvalidInput


def unknown_message(kind: str, value: str, known: Sequence[str], hint: str) -> str:
    near = nearest(value, known)
    if near:
        return f"unknown {kind} '{value}'; did you mean {', '.join(near)}? ({hint})"
    if not known:
        return f"unknown {kind} '{value}': there are none yet ({hint})"
    return f"unknown {kind} '{value}' ({hint})"


def parse_int_id(value: int | str, kind: str) -> int:
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


def parse_user_date(value: str, what: str, reference: dt.date | None = None) -> dt.date:
    try:
        return parse_date(value, reference)
    except DateError as exc:
        raise InvalidInput(f"bad {what}: {exc}") from None


def parse_observed(value: str | dt.date | None, published: dt.date | None) -> dt.date | None:
    """The date of a fact; words like 'last week' are read against the article's date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value
    return parse_user_date(value, "observed date", reference=published)


def parse_value(value: float | str | None) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise InvalidInput(f"value '{value}' is not a number; give digits such as 8600") from None
