"""The service: the one API that the CLI, the TUI and the report renderers call.

One module per use case (catalogue, sources, evidence, status, reading,
suggestions, integrity) over the store's unit of work; `Tracker` is the thin
front that the shells hold. Nothing here imports SQLAlchemy.
"""

from tracker.service.clock import Clock, utcnow
from tracker.service.files import read_text_file
from tracker.service.models import (
    AddedSource,
    ConditionView,
    EntryFlags,
    EvidenceView,
    IntakeOutcome,
    ObligationDetail,
    ObligationState,
    SearchHit,
    SourceInput,
    SourceSummary,
    VerifyResult,
)
from tracker.service.parsing import parse_confidence, parse_stance, parse_status
from tracker.service.tracker import Tracker

__all__ = [
    "AddedSource",
    "Clock",
    "ConditionView",
    "EntryFlags",
    "EvidenceView",
    "IntakeOutcome",
    "ObligationDetail",
    "ObligationState",
    "SearchHit",
    "SourceInput",
    "SourceSummary",
    "Tracker",
    "VerifyResult",
    "parse_confidence",
    "parse_stance",
    "parse_status",
    "read_text_file",
    "utcnow",
]
