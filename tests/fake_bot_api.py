"""A fake Telegram Bot API over real HTTP, for tests of the polling and webhook channels.

The bot's real `AiohttpSession` talks to it at `TelegramAPIServer.from_base(fake.url)`:
`POST /bot<token>/<method>` with form fields, exactly what it would send to Telegram. The
methods themselves are carried out by a `BotApiEmulator` (the same one the offline demo
uses); this module adds only what needs HTTP and time: the token check, Telegram's error
JSON with the matching HTTP status, and the long-polling `getUpdates` queue with offsets.

A test plays the resident: it builds updates (a message, a contact, a photo, a press on an
inline button the bot really sent) and either queues them for `getUpdates` or POSTs them to
a webhook itself; then it waits, with a bounded timeout, for the bot's answer to appear."""

from __future__ import annotations

import asyncio
import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.channels.emulator import ApiError, ApiFailure, BotApiEmulator, Call, decode_params

# Telegram's default when allowed_updates is empty or was never given.
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
TEXT_METHODS = frozenset({"sendMessage", "editMessageText"})
DEFAULT_WAIT = 2.0


@dataclass(slots=True)
class GetUpdatesCall:
    """One getUpdates request as the fake server saw it, and what it answered."""

    offset: int | None
    limit: int
    timeout: int
    update_ids: list[int] = field(default_factory=list)
    status: int = 200


def _update_type(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


class FakeBotApi:
    """`async with FakeBotApi(token) as fake:` serves on 127.0.0.1 on a free port."""

    def __init__(self, token: str, emulator: BotApiEmulator | None = None) -> None:
        self.emulator = emulator or BotApiEmulator(bot_id=int(token.partition(":")[0]))
        self.get_updates_calls: list[GetUpdatesCall] = []
        self.unauthorized_requests = 0
        self._token = token
        self._queue: list[dict[str, Any]] = []  # updates not yet confirmed by an offset
        self._update_ids = itertools.count(10_000)
        self._query_ids = itertools.count(1)
        self._allowed: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._method_failures: dict[str, list[ApiFailure]] = {}
        self._gates: dict[str, asyncio.Event] = {}
        self.held: dict[str, int] = {}  # calls that waited at a closed gate, by method
        self._poller = 0  # which getUpdates request is the current one
        self._closing = False
        self._updates_changed = asyncio.Condition()
        self._calls_changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._outage: ApiFailure | None = None  # every call but getUpdates answers this
        self._outage_html = False
        self.outage_calls = 0  # calls answered by the outage

    # --- serving ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL for `TelegramAPIServer.from_base(...)`."""
        if self._port is None:
            raise RuntimeError("the fake Bot API is not started")
        return f"http://127.0.0.1:{self._port}"

    async def start(self) -> None:
        """Serve on a free port, or on the same port again after `go_offline`."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._port or 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def go_offline(self) -> None:
        """Stop listening: connections are refused until `come_online`."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def come_online(self) -> None:
        if self._runner is None:
            await self.start()

    @property
    def online(self) -> bool:
        return self._runner is not None

    async def stop(self) -> None:
        self._closing = True
        for gate in self._gates.values():
            gate.set()
        async with self._updates_changed:
            self._updates_changed.notify_all()  # long polls return at once
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self._token:
            self.unauthorized_requests += 1
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        raw = await self._read_params(request)
        if method.lower() == "getupdates":
            return await self._get_updates(decode_params(raw))
        gate = self._gates.get(method)
        if gate is not None and not gate.is_set():
            self.held[method] = self.held.get(method, 0) + 1
            async with self._calls_changed:
                self._calls_changed.notify_all()
            await gate.wait()
        if self._outage is not None:
            self.outage_calls += 1
            return self._outage_response(self._outage)
        failures = self._method_failures.get(method)
        if failures:
            self.emulator.pending_failures.insert(0, failures.pop(0))
        try:
            result = self.emulator.call(method, raw)
        except ApiError as error:
            return web.json_response(error.failure.payload(), status=error.failure.status)
        finally:
            async with self._calls_changed:
                self._calls_changed.notify_all()
        if method in {"deleteWebhook", "setWebhook"} and raw.get("drop_pending_updates") == "true":
            self._queue.clear()
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        """A file download, as bot.download_file makes it after getFile."""
        content = self.emulator.file_content(request.match_info["path"])
        if request.match_info["token"] != self._token or content is None:
            return web.Response(status=404)
        return web.Response(body=content, content_type="application/octet-stream")

    @staticmethod
    async def _read_params(request: web.Request) -> dict[str, Any]:
        """Query string, then urlencoded or multipart form fields, or a JSON object."""
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                # An uploaded file (attach://...) is kept as its name: nothing reads its bytes.
                if isinstance(value, str):
                    params[key] = value
                elif isinstance(value, web.FileField):
                    params[key] = value.filename
                else:
                    params[key] = bytes(value).decode("utf-8", "replace")
        return params

    # --- getUpdates --------------------------------------------------------------------------

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            del self._queue[:offset]  # keep the last -offset updates
            return
        self._queue = [u for u in self._queue if u["update_id"] >= offset]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        wanted = [u for u in self._queue if _update_type(u) in self._allowed]
        return wanted[:limit]

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(int(params.get("timeout") or 0), 0)
        call = GetUpdatesCall(offset if isinstance(offset, int) else None, limit, timeout)
        self.get_updates_calls.append(call)
        if self.emulator.webhook.get("url"):
            return self._get_updates_failure(
                call,
                ApiFailure(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                ),
            )
        if "allowed_updates" in params:
            self._allowed = frozenset(params["allowed_updates"] or DEFAULT_UPDATE_TYPES)
        self._poller += 1
        me = self._poller
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._updates_changed:
            self._updates_changed.notify_all()  # an older long poll is now terminated
            self._confirm(call.offset)
            async with self._calls_changed:
                self._calls_changed.notify_all()  # tests may wait for a confirmation
            batch = self._deliverable(limit)
            while not batch and me == self._poller and not self._closing:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    async with asyncio.timeout(remaining):
                        await self._updates_changed.wait()
                except TimeoutError:
                    break
                batch = self._deliverable(limit)
            if me != self._poller:
                return self._get_updates_failure(
                    call,
                    ApiFailure(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    ),
                )
        call.update_ids = [u["update_id"] for u in batch]
        return web.json_response({"ok": True, "result": batch})

    @staticmethod
    def _get_updates_failure(call: GetUpdatesCall, failure: ApiFailure) -> web.Response:
        call.status = failure.status
        return web.json_response(failure.payload(), status=failure.status)

    async def inject(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (a long poll in progress returns with it)."""
        async with self._updates_changed:
            self._queue.append(update)
            self._updates_changed.notify_all()
        return update

    @property
    def pending_update_ids(self) -> list[int]:
        return [u["update_id"] for u in self._queue]

    def delivered_update_ids(self) -> list[int]:
        """Update ids in the order getUpdates answered with them (repeats included)."""
        return [i for call in self.get_updates_calls for i in call.update_ids]

    # --- failures ------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str | None = None,
        *,
        status: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """The next call of `method` (of any method but getUpdates if None) fails."""
        if status == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if status == 429
                else f"Error {status}"
            )
        failure = ApiFailure(status, description, retry_after)
        if method is None:
            self.emulator.pending_failures.append(failure)
        else:
            self._method_failures.setdefault(method, []).append(failure)

    def start_outage(self, status: int = 502, *, html: bool = False) -> None:
        """Every call but getUpdates fails with `status` until `end_outage`; with `html`, the
        body is a proxy's HTML error page, as nginx in front of a dead Bot API gives."""
        self._outage = ApiFailure(status, f"Error {status}")
        self._outage_html = html

    def end_outage(self) -> None:
        self._outage = None

    def _outage_response(self, failure: ApiFailure) -> web.Response:
        if self._outage_html:
            page = f"<html><body><h1>{failure.status} Bad Gateway</h1></body></html>"
            return web.Response(text=page, status=failure.status, content_type="text/html")
        return web.json_response(failure.payload(), status=failure.status)

    def hold(self, method: str) -> asyncio.Event:
        """Calls of `method` wait (a slow Telegram) until the returned event is set."""
        gate = self._gates[method] = asyncio.Event()
        return gate

    def block(self, chat_id: int) -> None:
        """The resident blocked the bot: every send to their chat gets 403."""
        self.emulator.blocked.add(chat_id)

    # --- updates a resident causes --------------------------------------------------------------

    def _next_update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}

    def message_update(self, user: dict[str, Any], **content: Any) -> dict[str, Any]:
        """The resident sent a message; it is recorded in the chat's history."""
        message = self.emulator.record_user_message(user, **content)
        return self._next_update(message=copy.deepcopy(message))

    def text_update(self, user: dict[str, Any], text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.message_update(user, **content)

    def contact_update(
        self, user: dict[str, Any], phone: str = "+380671234567", *, own: bool = True
    ) -> dict[str, Any]:
        contact = {
            "phone_number": phone,
            "first_name": user.get("first_name", ""),
            "user_id": user["id"] if own else user["id"] + 1,
        }
        return self.message_update(user, contact=contact)

    def photo_update(self, user: dict[str, Any], caption: str | None = None) -> dict[str, Any]:
        photo = [
            {"file_id": "AgAD-small", "file_unique_id": "ph1", "width": 90, "height": 90},
            {"file_id": "AgAD-large", "file_unique_id": "ph2", "width": 1280, "height": 960},
        ]
        extra = {"caption": caption} if caption else {}
        return self.message_update(user, photo=photo, **extra)

    def newest_keyboard_message(self, chat_id: int) -> dict[str, Any] | None:
        for message in reversed(self.emulator.bot_messages(chat_id)):
            if message.get("reply_markup", {}).get("inline_keyboard"):
                return dict(message)
        return None

    def button_update(self, user: dict[str, Any], label: str) -> dict[str, Any]:
        """A press on the button whose label is (or contains) `label`, in the newest bot
        message of the chat that has an inline keyboard, with the callback_data it carries."""
        message = self.newest_keyboard_message(user["id"])
        if message is None:
            raise AssertionError(f"no inline keyboard in chat {user['id']} to press {label!r}")
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        matches = [b for b in buttons if b["text"] == label] or [
            b for b in buttons if label in b["text"]
        ]
        if len(matches) != 1:
            raise AssertionError(
                f"{label!r} matches {len(matches)} buttons; visible: {[b['text'] for b in buttons]}"
            )
        if "callback_data" not in matches[0]:
            raise AssertionError(f"button {matches[0]['text']!r} has no callback_data")
        return self._next_update(
            callback_query={
                "id": f"cq-{next(self._query_ids)}",
                "from": user,
                "chat_instance": f"ci-{user['id']}",
                "message": copy.deepcopy(message),
                "data": matches[0]["callback_data"],
            }
        )

    def resident(
        self, user_id: int = 1001, *, first_name: str = "Олена", language_code: str = "uk"
    ) -> FakeResident:
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        return FakeResident(self, user)

    # --- waiting for the bot -------------------------------------------------------------------

    async def wait_until(
        self, predicate: Callable[[], bool], *, timeout: float = DEFAULT_WAIT, what: str = ""
    ) -> None:
        """Wake on every Bot API call until `predicate()` holds; AssertionError on timeout."""
        async with self._calls_changed:
            try:
                async with asyncio.timeout(timeout):
                    await self._calls_changed.wait_for(predicate)
            except TimeoutError:
                recent = [c.method for c in self.emulator.calls[-10:]]
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what or predicate!r}; "
                    f"recent calls: {recent}"
                ) from None

    def calls(self, method: str) -> list[Call]:
        return [c for c in self.emulator.calls if c.method == method]


class FakeResident:
    """One resident's private chat with the bot, seen from the resident's phone."""

    def __init__(self, api: FakeBotApi, user: dict[str, Any]) -> None:
        self.api = api
        self.user = user
        self.id: int = user["id"]
        self._seen_calls = 0

    # --- building updates (for a webhook POST) ---------------------------------------------

    def text(self, text: str) -> dict[str, Any]:
        return self.api.text_update(self.user, text)

    def button(self, label: str) -> dict[str, Any]:
        return self.api.button_update(self.user, label)

    def contact(self, phone: str = "+380671234567", *, own: bool = True) -> dict[str, Any]:
        return self.api.contact_update(self.user, phone, own=own)

    def photo(self, caption: str | None = None) -> dict[str, Any]:
        return self.api.photo_update(self.user, caption)

    # --- acting through getUpdates ---------------------------------------------------------

    async def send(self, text: str) -> dict[str, Any]:
        return await self.api.inject(self.text(text))

    async def press(self, label: str) -> dict[str, Any]:
        return await self.api.inject(self.button(label))

    async def share_contact(self, phone: str = "+380671234567") -> dict[str, Any]:
        return await self.api.inject(self.contact(phone))

    async def send_photo(self, caption: str | None = None) -> dict[str, Any]:
        return await self.api.inject(self.photo(caption))

    # --- looking ---------------------------------------------------------------------------

    def _texts_in(self, calls: list[Call]) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in calls
            if c.method in TEXT_METHODS and c.params.get("chat_id") == self.id
        ]

    def news(self) -> list[str]:
        """Texts the bot sent or edited in this chat since the last look (failed tries too)."""
        calls = self.api.emulator.calls[self._seen_calls :]
        self._seen_calls = len(self.api.emulator.calls)
        return self._texts_in(calls)

    async def wait_news(self, expect: str, *, timeout: float = DEFAULT_WAIT) -> list[str]:
        """Wait until the bot sends or edits a text containing `expect` in this chat; return
        everything it sent here since the last look."""

        def arrived() -> bool:
            fresh = self._texts_in(self.api.emulator.calls[self._seen_calls :])
            return any(expect in text for text in fresh)

        await self.api.wait_until(arrived, timeout=timeout, what=f"{expect!r} in chat {self.id}")
        return self.news()

    def bot_messages(self) -> list[dict[str, Any]]:
        return self.api.emulator.bot_messages(self.id)

    def texts(self) -> list[str]:
        """What the chat shows now: texts (or captions) of the bot's delivered messages."""
        return [str(m.get("text", m.get("caption", ""))) for m in self.bot_messages()]

    def buttons(self) -> list[str]:
        """Labels of the inline keyboard of the newest bot message that has one."""
        message = self.api.newest_keyboard_message(self.id)
        if message is None:
            return []
        return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]

    def sent_count(self, text: str, method: str = "sendMessage") -> int:
        """How many times the bot called `method` in this chat with exactly this text."""
        return sum(
            1
            for c in self.api.calls(method)
            if c.params.get("chat_id") == self.id and c.params.get("text") == text
        )
