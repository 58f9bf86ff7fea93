"""A bounded memo: values made once by key, the oldest dropped first when it is full."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._values: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value kept for `key`, or what `make` gives, kept from now on."""
        try:
            return self._values[key]
        except KeyError:
            pass
        made = make()
        if len(self._values) >= self._limit:
            del self._values[next(iter(self._values))]
        self._values[key] = made
        return made
