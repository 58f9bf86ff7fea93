"""pymorphy3's dictionaries mapped from disk instead of copied into memory.

dawg-python reads each DAWG file into an array: about 30 MB for Ukrainian and Russian,
most of it never touched (the prediction tables serve only words no dictionary knows, which
the FAQ never parses). Mapped read-only, only the pages lookups touch are loaded, by the
kernel, shared with other processes and dropped under memory pressure like any file cache.
Lookups are as fast: a memoryview is indexed like the array it replaces."""

from __future__ import annotations

import contextlib
import mmap
import struct
from collections.abc import Iterator
from typing import IO, Any, Literal

from dawg_python import wrapper

_SIZE = struct.Struct("=I")


def _mapped(stream: IO[bytes], code: Literal["I", "B"], item_count: int) -> memoryview[int]:
    """`item_count` items of `code` at the stream's position, which moves past them."""
    start = stream.tell()
    size = item_count * struct.calcsize(code)
    mapping = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    # Lookups jump around the file: reading ahead would load pages nobody asked for.
    mapping.madvise(mmap.MADV_RANDOM)
    if start + size > len(mapping):
        raise ValueError(f"{stream.name}: the dictionary is shorter than its header says")
    stream.seek(start + size)
    return memoryview(mapping)[start : start + size].cast(code)


def _read_dictionary(self: Any, stream: IO[bytes]) -> None:
    (units,) = _SIZE.unpack(stream.read(_SIZE.size))
    self._units = _mapped(stream, "I", units)


def _read_guide(self: Any, stream: IO[bytes]) -> None:
    (units,) = _SIZE.unpack(stream.read(_SIZE.size))
    self._units = _mapped(stream, "B", units * 2)


@contextlib.contextmanager
def mapped_dawgs() -> Iterator[None]:
    """DAWG files loaded inside this block are mapped (dawg-python only: pymorphy3 with the
    compiled `dawg` package reads its own way, and is left alone). Not for concurrent use:
    the caller holds a lock."""
    import pymorphy3.dawg

    if pymorphy3.dawg.EXTENSION_AVAILABLE:
        yield
        return
    originals = wrapper.Dictionary.read, wrapper.Guide.read
    setattr(wrapper.Dictionary, "read", _read_dictionary)  # noqa: B010
    setattr(wrapper.Guide, "read", _read_guide)  # noqa: B010
    try:
        yield
    finally:
        setattr(wrapper.Dictionary, "read", originals[0])  # noqa: B010
        setattr(wrapper.Guide, "read", originals[1])  # noqa: B010
