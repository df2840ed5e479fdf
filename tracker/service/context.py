"""What every use case works with: the store, the clock, the author, the catalogue."""

from __future__ import annotations

from tracker.domain.models import Agreement, Catalogue, Obligation
from tracker.errors import NotFound
from tracker.service.clock import Clock
from tracker.service.parsing import unknown_message
from tracker.store.uow import Store


class Context:
    def __init__(self, store: Store, clock: Clock, author: str) -> None:
        self.store = store
        self.clock = clock
        self.author = author
        self._catalogue: Catalogue | None = None

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            with self.store.read() as repo:
                self._catalogue = repo.catalogue()
        return self._catalogue

    def forget_catalogue(self) -> None:
        self._catalogue = None

    def obligation(self, obligation_id: str) -> Obligation:
        catalogue = self.catalogue()
        found = catalogue.obligation(obligation_id)
        if found is None:
            if not catalogue.obligations:
                raise NotFound(
                    f"unknown obligation '{obligation_id}': the catalogue is empty; run `tracker init` to load it"
                )
            raise NotFound(unknown_message("obligation", obligation_id, [o.id for o in catalogue.obligations],
                                           "see `tracker obligations`"))
        return found

    def agreement_for(self, obligation: Obligation) -> Agreement:
        agreement = self.catalogue().agreement(obligation.agreement)
        assert agreement is not None  # the catalogue loader checks references
        return agreement
