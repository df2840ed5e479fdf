"""Use case: administering the database (PostgreSQL roles, whether this login may write)."""

from __future__ import annotations

from tracker.errors import InvalidInput
from tracker.service.context import Context

NOT_POSTGRES = "database roles are a PostgreSQL feature; this tracker's database is {backend} ({url})"


def database_roles(ctx: Context, *, dry_run: bool = False) -> str:
    """Create (or refresh) tracker_reader and tracker_editor and the history triggers;
    with dry_run, only return the SQL. Returns the SQL either way."""
    if ctx.store.backend != "postgresql":
        raise InvalidInput(NOT_POSTGRES.format(backend=ctx.store.backend, url=ctx.store.safe_url()))
    return ctx.store.roles_script() if dry_run else ctx.store.create_roles()


def can_write(ctx: Context) -> bool:
    """False for a read-only login (a PostgreSQL reader, a SQLite file that cannot be written)."""
    return ctx.store.can_write()
