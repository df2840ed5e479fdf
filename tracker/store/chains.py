"""Appending to and reading back the hash chains, for every chained table alike.

What each chain protects is declared once, in tracker.domain.ledger; this
module only knows how to find the end of a chain in the database and add a
link to it. Callers hold the write lock (see uow.Store.write), so two writers
never append to the same chain at once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain import ledger
from tracker.store.schema import Base

RowT = TypeVar("RowT", bound=Base)


def last_link(session: Session, spec: ledger.ChainSpec, model: type[RowT], scope: dict[str, Any]) -> RowT | None:
    """The newest row of the chain (of this scope, for scoped chains)."""
    counter = getattr(model, spec.counter)
    query = select(model)
    for attribute in spec.scope:
        query = query.where(getattr(model, attribute) == scope[attribute])
    return session.scalars(query.order_by(counter.desc()).limit(1)).first()


def append_link(
    session: Session, spec: ledger.ChainSpec, model: type[RowT], values: dict[str, Any], **derived: Any
) -> RowT:
    """Number, hash and insert one row at the end of its chain.

    `values` are the row's columns except the counter and the two hashes;
    `derived` are the facts the chain also protects (see ChainSpec)."""
    last = last_link(session, spec, model, {attribute: values[attribute] for attribute in spec.scope})
    prev = str(last.hash) if last is not None else ledger.GENESIS  # type: ignore[attr-defined]
    number = int(getattr(last, spec.counter)) + 1 if last is not None else 1
    full = {**values, spec.counter: number}
    row = model(**full, prev_hash=prev, hash=ledger.record_hash(prev, spec.hashed(full, **derived)))
    session.add(row)
    session.flush()
    return row


def link_of(spec: ledger.ChainSpec, row: Any, label: str, **derived: Any) -> ledger.ChainLink:
    """A stored row as a link to check: its hashes and its fields recomputed."""
    return ledger.ChainLink(label, row.hash, row.prev_hash, spec.hashed(row, **derived))
