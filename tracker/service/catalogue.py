"""Use case: load (or update) the catalogue of agreements, parties and obligations."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.catalogue import CatalogueError, parse_catalogue
from tracker.domain.models import Catalogue
from tracker.errors import InvalidInput
from tracker.service.context import Context
from tracker.service.files import read_text_file
from tracker.store.repository import Repository


def parse_catalogue_file(path: Path) -> Catalogue:
    text = read_text_file(path, what="catalogue")
    try:
        return parse_catalogue(text, str(path))
    except CatalogueError as exc:
        raise InvalidInput(str(exc)) from None


def upsert_catalogue(repo: Repository, catalogue: Catalogue, origin: str) -> None:
    """Make the database's catalogue this one. Obligations that evidence or
    history refer to may be edited but not removed."""
    keep = {o.id for o in catalogue.obligations}
    for obligation_id in repo.obligation_ids():
        if obligation_id in keep:
            continue
        if repo.obligation_use_count(obligation_id):
            raise InvalidInput(
                f"{origin}: obligation '{obligation_id}' has evidence or history and cannot be removed "
                "from the catalogue; keep it"
            )
        repo.delete_obligation(obligation_id)
    repo.upsert_catalogue(catalogue)


def load_catalogue(ctx: Context, path: Path) -> Catalogue:
    catalogue = parse_catalogue_file(path)
    ctx.store.write(lambda repo: upsert_catalogue(repo, catalogue, str(path)))
    ctx.forget_catalogue()
    return catalogue
