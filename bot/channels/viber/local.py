"""An in-process stand-in for Viber's REST API: it records what the bot sends and can answer
with Viber's error statuses on demand. The terminal demo's Viber mode and the tests use it;
tests/fake_viber_api.py serves the same thing over HTTP."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from bot.channels.viber.client import EVENT_TYPES, check_status

STATUS_MESSAGES = {
    2: "invalidAuthToken",
    3: "badData",
    5: "receiverNotRegistered",
    6: "receiverNotSubscribed",
    12: "tooManyRequests",
}


@dataclass(slots=True)
class ApiCall:
    endpoint: str
    payload: dict[str, Any]


@dataclass
class LocalViberApi:
    account_name: str = "Громада"
    calls: list[ApiCall] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    webhook_url: str | None = None
    # Statuses the next calls answer with, in order (0 for a normal answer).
    failures: list[int] = field(default_factory=list)
    # Receivers who unsubscribed: Viber answers 6 for them.
    unsubscribed: set[str] = field(default_factory=set)
    _tokens: itertools.count[int] = field(default_factory=lambda: itertools.count(5_000_000))

    def fail_next(self, *statuses: int) -> None:
        self.failures.extend(statuses)

    def answer(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Viber's JSON answer to one call (also for the HTTP fake)."""
        self.calls.append(ApiCall(endpoint, payload))
        status = self.failures.pop(0) if self.failures else 0
        if endpoint == "send_message" and payload.get("receiver") in self.unsubscribed:
            status = status or 6
        if status:
            return {"status": status, "status_message": STATUS_MESSAGES.get(status, "error")}
        if endpoint == "send_message":
            self.sent.append(payload)
            return {"status": 0, "status_message": "ok", "message_token": next(self._tokens)}
        if endpoint == "set_webhook":
            self.webhook_url = str(payload.get("url"))
            return {"status": 0, "status_message": "ok", "event_types": list(EVENT_TYPES)}
        if endpoint == "get_account_info":
            return {"status": 0, "status_message": "ok", "id": "pa:1", "name": self.account_name}
        if endpoint == "get_user_details":
            user = {"id": payload.get("id"), "name": "Viber", "language": "uk", "api_version": 10}
            return {"status": 0, "status_message": "ok", "user": user}
        return {"status": 3, "status_message": "badData"}

    def messages_to(self, receiver: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m.get("receiver") == receiver]

    async def send_message(self, message: dict[str, Any]) -> dict[str, Any]:
        return check_status("send_message", self.answer("send_message", message))

    async def set_webhook(self, url: str) -> dict[str, Any]:
        payload = {"url": url, "event_types": list(EVENT_TYPES), "send_name": True}
        return check_status("set_webhook", self.answer("set_webhook", payload))

    async def get_account_info(self) -> dict[str, Any]:
        return check_status("get_account_info", self.answer("get_account_info", {}))

    async def get_user_details(self, viber_id: str) -> dict[str, Any]:
        return check_status("get_user_details", self.answer("get_user_details", {"id": viber_id}))

    async def close(self) -> None:
        """Nothing to release."""
