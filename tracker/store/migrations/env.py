"""Alembic environment: runs on the connection the tracker hands over."""

from __future__ import annotations

from alembic import context

from tracker.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the tracker always passes one
    raise RuntimeError("run migrations through `tracker db upgrade`")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
