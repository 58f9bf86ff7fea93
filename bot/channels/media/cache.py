"""The folder of fetched photos, one file per key, within a total size: when a new file
would pass it, the least recently used files go (they are fetched again when asked for)."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


class MediaCache:
    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.bin"

    async def read(self, key: str) -> bytes | None:
        return await asyncio.to_thread(self._read, key)

    async def drop(self, keys: list[str]) -> None:
        await asyncio.to_thread(self._drop, keys)

    def _drop(self, keys: list[str]) -> None:
        for key in keys:
            self._path(key).unlink(missing_ok=True)

    async def write(self, key: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return  # the cache cannot hold it; it is fetched for each request instead
        await asyncio.to_thread(self._write, key, data)

    def _read(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: evicted last
        except FileNotFoundError:
            return None
        return data

    def _write(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._make_room(len(data))
        temporary = self._path(key).with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(self._path(key))  # readers never see half a file

    def _make_room(self, incoming: int) -> None:
        files = []
        for entry in os.scandir(self.folder):
            if entry.is_file() and entry.name.endswith(".bin"):
                stat = entry.stat()
                files.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        total = sum(size for _, size, _ in files) + incoming
        for _, size, path in sorted(files):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            log.debug("Media cache: dropped %s", path.name)
