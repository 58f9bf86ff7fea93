"""Parsed Fluent files kept beside them, as Python keeps bytecode in `__pycache__`.

fluent.syntax's parser is pure Python: the bot's two languages take about 0.3 s to parse,
a fifth of a start-up. A parsed file is stored once (a pickle keyed by the file's contents,
the parser's version and Python's) and read back in milliseconds. Like bytecode, nothing is
written when Python is told not to (PYTHONDONTWRITEBYTECODE) or the folder is read-only."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

from fluent.runtime import FluentResource
from fluent.syntax.ast import Resource

log = logging.getLogger(__name__)

CACHE_FOLDER = "__pycache__"
_TAG = "ftl-{parser}-py{python}".format(
    parser=importlib.metadata.version("fluent.syntax"),
    python="".join(map(str, sys.version_info[:2])),
)


def parse_ftl(file: Path, *, write: bool | None = None) -> Resource:
    """The parsed `file`, from its cache when that is current. `write`: store a fresh parse
    (default: unless Python writes no bytecode)."""
    source = file.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    cache = cache_path(file)
    cached = _read(cache, digest)
    if cached is not None:
        return cached
    resource = FluentResource(source.decode("utf-8"))
    if write if write is not None else not sys.dont_write_bytecode:
        _write(cache, digest, resource)
    return resource


def cache_path(file: Path) -> Path:
    return file.parent / CACHE_FOLDER / f"{file.name}.{_TAG}.pickle"


def _read(cache: Path, digest: str) -> Resource | None:
    try:
        with cache.open("rb") as stream:
            stored_digest, resource = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a cache half written, or from another version: parse again
        log.debug("Ignoring unreadable %s", cache, exc_info=True)
        return None
    if stored_digest != digest or not isinstance(resource, Resource):
        return None
    return resource


def _write(cache: Path, digest: str, resource: Resource) -> None:
    """Atomically (a temporary file renamed), so a reader never sees half a cache."""
    try:
        cache.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
    except OSError:
        log.debug("Cannot cache %s", cache, exc_info=True)
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((digest, resource), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache)
    except OSError:
        log.debug("Cannot cache %s", cache, exc_info=True)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
