"""Intake: files, standard input, URLs and feeds turned into clean documents.

An adapter layer: it does I/O (files, HTTP) but knows nothing of storage. The
service turns an `IntakeDocument` into a source; the shells never call the
readers except through the service.
"""

from tracker.intake.batch import IntakeItem, IntakeResult, expand, read_item, read_items
from tracker.intake.document import MEDIA_TYPES, IntakeDocument, Kind, Original
from tracker.intake.errors import FeedError, FetchError, IntakeError
from tracker.intake.feeds import FeedEntry, FeedPull, FeedValidators, pull_feed
from tracker.intake.readers import document_from_bytes, read_path, read_stdin, read_target, read_url
from tracker.intake.settings import USER_AGENT, IntakeLimits
from tracker.intake.web import display_url, is_url, make_client, storable_url

__all__ = [
    "MEDIA_TYPES", "USER_AGENT", "FeedEntry", "FeedError", "FeedPull", "FeedValidators", "FetchError",
    "IntakeDocument", "IntakeError", "IntakeItem", "IntakeLimits", "IntakeResult", "Kind", "Original",
    "display_url", "document_from_bytes", "expand", "is_url", "make_client", "pull_feed", "read_item",
    "read_items", "read_path", "read_stdin", "read_target", "read_url", "storable_url",
]
