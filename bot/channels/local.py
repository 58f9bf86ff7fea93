"""An aiogram session that carries Bot API calls out in-process, on a BotApiEmulator.
The terminal demo uses it; so can tests that need no network."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile
from aiohttp import ClientResponseError, RequestInfo
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.channels.emulator import ApiError, BotApiEmulator


class LocalSession(BaseSession):
    def __init__(self, emulator: BotApiEmulator) -> None:
        super().__init__()
        self.emulator = emulator

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        files: dict[str, InputFile] = {}
        params = {
            key: prepared
            for key, value in method.model_dump(warnings=False).items()
            if (prepared := self.prepare_value(value, bot=bot, files=files)) is not None
        }
        for key, value in params.items():
            attached = files.get(str(value).removeprefix("attach://"))
            if attached is not None:  # an uploaded file reaches the emulator as its bytes
                content = b"".join([chunk async for chunk in attached.read(bot)])
                params[key] = {"file_name": attached.filename, "content": content}
        try:
            status, payload = (
                200,
                {"ok": True, "result": self.emulator.call(method.__api_method__, params)},
            )
        except ApiError as error:
            status, payload = error.failure.status, error.failure.payload()
        response = self.check_response(bot, method, status, json.dumps(payload))
        return cast(TelegramType, response.result)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """A file Telegram keeps (bot.download_file): its bytes from the emulator."""
        _, _, path = url.partition("/file/bot")
        content = self.emulator.file_content(path.partition("/")[2])
        if content is None and raise_for_status:
            raise ClientResponseError(
                RequestInfo(URL(url), "GET", CIMultiDictProxy(CIMultiDict())), (), status=404
            )
        yield content or b""

    async def close(self) -> None:
        """Nothing to release."""
