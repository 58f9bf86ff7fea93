"""A fake Viber REST API over real HTTP on 127.0.0.1, for tests of the Viber channel.

The bot's real ViberClient talks to it at `fake.url` (`POST /pa/<endpoint>` with the
X-Viber-Auth-Token header). A LocalViberApi records what was sent and answers, including
error statuses on demand (`fake.api.fail_next(6)`). Like Viber, `set_webhook` calls the
given URL back at once with a signed `webhook` event and succeeds only on a 200; since the
bot's public URL is not reachable from here, `callbacks_to` names where it really listens.
`post_event` plays Viber calling the bot: a signed callback to the bot's webhook."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.channels.viber.client import AUTH_HEADER
from bot.channels.viber.local import LocalViberApi
from bot.channels.viber.signature import SIGNATURE_HEADER, sign


class FakeViberApi:
    def __init__(self, token: str) -> None:
        self.api = LocalViberApi()
        self.token = token
        self.callbacks_to: str | None = None  # e.g. http://127.0.0.1:PORT
        self.unauthorized_requests = 0
        self.webhook_checks: list[int] = []  # the HTTP status of each check callback
        self.webhook_set = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    @property
    def url(self) -> str:
        if self._port is None:
            raise RuntimeError("the fake Viber API is not started")
        return f"http://127.0.0.1:{self._port}"

    async def __aenter__(self) -> FakeViberApi:
        app = web.Application()
        app.router.add_post("/pa/{endpoint}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.headers.get(AUTH_HEADER) != self.token:
            self.unauthorized_requests += 1
            return web.json_response({"status": 2, "status_message": "invalidAuthToken"})
        endpoint = request.match_info["endpoint"]
        payload = await request.json()
        if endpoint == "set_webhook" and not await self._check(str(payload.get("url", ""))):
            return web.json_response({"status": 1, "status_message": "invalidUrl"})
        answer = self.api.answer(endpoint, payload)
        if endpoint == "set_webhook" and answer["status"] == 0:
            self.webhook_set.set()
        return web.json_response(answer)

    async def _check(self, url: str) -> bool:
        """Viber's availability check of a new webhook URL."""
        status = await self.post_event(
            {"event": "webhook", "timestamp": int(time.time() * 1000)}, url=url
        )
        self.webhook_checks.append(status)
        return status == 200

    def _local(self, url: str) -> str:
        if self.callbacks_to is None:
            return url
        return self.callbacks_to.rstrip("/") + urlsplit(url).path

    async def post_event(
        self,
        event: dict[str, Any],
        *,
        url: str | None = None,
        signed: bool = True,
        signature: str | None = None,
        body: bytes | None = None,
    ) -> int:
        """POST a callback the way Viber does: signed, or with `signature` as given, or (not
        `signed`) with no signature header at all."""
        status, _ = await self.call_bot(
            event, url=url, signed=signed, signature=signature, body=body
        )
        return status

    async def call_bot(
        self,
        event: dict[str, Any],
        *,
        url: str | None = None,
        signed: bool = True,
        signature: str | None = None,
        body: bytes | None = None,
    ) -> tuple[int, dict[str, Any] | None]:
        """Like post_event; also returns the JSON the bot answered with (the welcome)."""
        raw = body if body is not None else json.dumps(event, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers[SIGNATURE_HEADER] = signature
        elif signed:
            headers[SIGNATURE_HEADER] = sign(raw, self.token)
        target = self._local(url or self.api.webhook_url or "")
        async with (
            aiohttp.ClientSession() as http,
            http.post(target, data=raw, headers=headers) as response,
        ):
            text = await response.text()
            return response.status, (json.loads(text) if text.strip() else None)
