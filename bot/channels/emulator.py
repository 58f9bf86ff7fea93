"""An in-memory stand-in for the Telegram Bot API.

The offline demo and the tests run the real handlers; the Bot API calls those handlers make
land here instead of on Telegram. The emulator keeps each chat's history (what the resident
sent, what the bot sent and edited), the current reply keyboard, and can be told to fail
the next calls the way Telegram does (429 with retry_after, 403 for a blocked chat)."""

from __future__ import annotations

import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

JSON_FIELDS = {
    "reply_markup",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
    "allowed_updates",
}


ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)(?:\s[^<>]*)?>")


def html_problem(text: str) -> str | None:
    """What Telegram would refuse in an HTML message, or None. Unescaped `<`, `>` or `&`
    from a resident's input show up here as a 400, as they would in production."""
    stack: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        problem = _bare_characters(text[position : match.start()])
        if problem:
            return problem
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in ALLOWED_TAGS:
            return f'Unsupported start tag "{name}"'
        if closing:
            if not stack or stack.pop() != name:
                return f'Unmatched end tag "{name}"'
        else:
            stack.append(name)
        position = match.end()
    return _bare_characters(text[position:]) or (f'Unclosed tag "{stack[-1]}"' if stack else None)


def _bare_characters(chunk: str) -> str | None:
    if "<" in chunk or ">" in chunk:
        return "Unexpected end of name token or bare < or >"
    without_entities = _ENTITY.sub("", chunk)
    if "&" in without_entities:
        return "Character entity expected"
    return None


@dataclass(slots=True)
class ApiFailure:
    status: int
    description: str
    retry_after: int | None = None

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class ApiError(Exception):
    def __init__(self, failure: ApiFailure) -> None:
        super().__init__(failure.description)
        self.failure = failure


@dataclass(slots=True)
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class ChatLog:
    messages: list[dict[str, Any]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Form fields arrive as strings, nested objects as JSON strings."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in JSON_FIELDS and isinstance(value, str):
            value = json.loads(value)
        elif key in {"chat_id", "message_id", "offset", "limit", "timeout"} and isinstance(
            value, str
        ):
            value = int(value) if value.lstrip("-").isdigit() else value
        params[key] = value
    return params


class BotApiEmulator:
    def __init__(self, bot_id: int = 42, username: str = "hromada_demo_bot") -> None:
        self.me = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Hromada",
            "username": username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.chats: dict[int, ChatLog] = {}
        self.calls: list[Call] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.blocked: set[int] = set()
        self.pending_failures: list[ApiFailure] = []
        self.webhook: dict[str, Any] = {"url": ""}
        self.files: dict[str, bytes] = {}  # uploaded documents by file id
        # Files Telegram keeps for the bot (photos residents sent), by file id: getFile
        # gives their path, and `file_content` their bytes (a test puts them here).
        self.stored_files: dict[str, bytes] = {}
        self._message_ids = itertools.count(1)

    # --- the API -------------------------------------------------------------------------

    def call(self, method: str, raw_params: dict[str, Any]) -> Any:
        """Carry out one Bot API method; raises ApiError for a failure Telegram would give."""
        params = decode_params(raw_params)
        self.calls.append(Call(method, params, time.monotonic()))
        if method != "getUpdates" and self.pending_failures:
            raise ApiError(self.pending_failures.pop(0))
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(ApiFailure(404, f"Not Found: method {method} is not emulated"))
        return handler(params)

    def _api_getMe(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return self.me

    def _check_chat(self, chat_id: Any) -> int:
        if not isinstance(chat_id, int):
            raise ApiError(ApiFailure(400, "Bad Request: chat not found"))
        if chat_id in self.blocked:
            raise ApiError(ApiFailure(403, "Forbidden: bot was blocked by the user"))
        return chat_id

    def _bot_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Resident"},
            "from": {k: self.me[k] for k in ("id", "is_bot", "first_name", "username")},
            **content,
        }
        self.chat(chat_id).messages.append(message)
        return message

    @staticmethod
    def _check_html(params: dict[str, Any], text: str) -> None:
        if params.get("parse_mode") == "HTML":
            problem = html_problem(text)
            if problem:
                raise ApiError(ApiFailure(400, f"Bad Request: can't parse entities: {problem}"))

    def _apply_reply_markup(self, chat_id: int, markup: dict[str, Any] | None) -> dict[str, Any]:
        if not markup:
            return {}
        if "inline_keyboard" in markup:
            return {"reply_markup": markup}
        if "keyboard" in markup:
            self.chat(chat_id).reply_keyboard = markup["keyboard"]
        elif markup.get("remove_keyboard"):
            self.chat(chat_id).reply_keyboard = None
        return {}

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(ApiFailure(400, "Bad Request: message text is empty"))
        if len(text) > 4096:
            raise ApiError(ApiFailure(400, "Bad Request: message is too long"))
        self._check_html(params, text)
        extra = self._apply_reply_markup(chat_id, params.get("reply_markup"))
        return self._bot_message(chat_id, text=text, **extra)

    def _api_sendPhoto(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        extra = self._apply_reply_markup(chat_id, params.get("reply_markup"))
        photo = [
            {"file_id": str(params.get("photo")), "file_unique_id": "p", "width": 1, "height": 1}
        ]
        caption = {"caption": params["caption"]} if params.get("caption") else {}
        return self._bot_message(chat_id, photo=photo, **caption, **extra)

    def _api_sendDocument(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        upload = params.get("document")
        if not isinstance(upload, dict):
            raise ApiError(ApiFailure(400, "Bad Request: only uploaded documents are emulated"))
        caption = str(params.get("caption") or "")
        self._check_html(params, caption)
        file_id = f"doc-{len(self.files) + 1}"
        self.files[file_id] = bytes(upload["content"])
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": upload.get("file_name"),
            "file_size": len(self.files[file_id]),
        }
        extra = self._apply_reply_markup(chat_id, params.get("reply_markup"))
        return self._bot_message(
            chat_id, document=document, **({"caption": caption} if caption else {}), **extra
        )

    def _api_sendLocation(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        extra = self._apply_reply_markup(chat_id, params.get("reply_markup"))
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        return self._bot_message(chat_id, location=location, **extra)

    def _find(self, chat_id: int, message_id: Any) -> dict[str, Any]:
        for message in self.chat(chat_id).messages:
            if message["message_id"] == message_id and message["from"]["id"] == self.me["id"]:
                return message
        raise ApiError(ApiFailure(400, "Bad Request: message to edit not found"))

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        message = self._find(chat_id, params.get("message_id"))
        self._check_html(params, str(params.get("text", "")))
        markup = params.get("reply_markup")
        if message.get("text") == params.get("text") and message.get("reply_markup") == markup:
            raise ApiError(ApiFailure(400, "Bad Request: message is not modified"))
        message["text"] = str(params.get("text"))
        message["edited"] = True
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        message = self._find(chat_id, params.get("message_id"))
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    def _api_deleteMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = self._check_chat(params.get("chat_id"))
        message = self._find(chat_id, params.get("message_id"))
        self.chat(chat_id).messages.remove(message)
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.callback_answers.append(params)
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.commands[params.get("language_code") or ""] = params.get("commands", [])
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self.commands.get(params.get("language_code") or "", [])

    def _api_deleteWebhook(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        self.webhook = {"url": ""}
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token")}
        return True

    def _api_getWebhookInfo(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    def _api_getFile(self, params: dict[str, Any]) -> Any:  # noqa: N802
        file_id = str(params.get("file_id", ""))
        if file_id not in self.stored_files:
            raise ApiError(ApiFailure(400, "Bad Request: invalid file_id"))
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(self.stored_files[file_id]),
            "file_path": f"photos/{file_id}.jpg",
        }

    def file_content(self, file_path: str) -> bytes | None:
        """The bytes behind a getFile path (Telegram's /file/bot<token>/<path>)."""
        name = file_path.removeprefix("photos/").removesuffix(".jpg")
        return self.stored_files.get(name) if file_path.startswith("photos/") else None

    def _api_sendChatAction(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self._check_chat(params.get("chat_id"))
        return True

    def _api_close(self, _params: dict[str, Any]) -> Any:
        return True

    # --- the resident's side -------------------------------------------------------------

    def chat(self, chat_id: int) -> ChatLog:
        return self.chats.setdefault(chat_id, ChatLog())

    def record_user_message(self, user: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user["id"], "type": "private", "first_name": user.get("first_name", "")},
            "from": user,
            **content,
        }
        self.chat(user["id"]).messages.append(message)
        return message

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.chat(chat_id).messages if m["from"]["id"] == self.me["id"]]

    def sent_count(self, method: str = "sendMessage") -> int:
        return sum(1 for c in self.calls if c.method == method)
