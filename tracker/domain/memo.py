"""Memoising on the identity of a catalogue (or any large immutable value).

`functools.lru_cache` hashes its arguments on every call; a frozen pydantic
catalogue hashes every obligation, party and word inside it, which cost more
than the work saved. Catalogues are loaded once and passed around, so their
identity is the key (the value itself is kept, so the id cannot be reused).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

R = TypeVar("R")


def by_identity(limit: int = 64) -> Callable[[Callable[..., R]], Callable[..., R]]:
    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        cache: dict[tuple[int, ...], tuple[tuple[Any, ...], R]] = {}

        @wraps(fn)
        def wrapper(*args: Any) -> R:
            key = tuple(id(a) for a in args)
            hit = cache.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], args, strict=True)):
                return hit[1]
            if len(cache) >= limit:
                cache.clear()
            result = fn(*args)
            cache[key] = (args, result)
            return result

        return wrapper

    return decorate
