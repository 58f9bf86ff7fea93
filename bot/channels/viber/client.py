"""A thin client for Viber's REST Bot API: POST JSON to `{api_base}/pa/<endpoint>` with the
X-Viber-Auth-Token header. Viber answers HTTP 200 with a `status`; a non-zero one becomes a
typed error, so the session can treat "not subscribed" like Telegram's 403 and "too many
requests" like its 429. The token never appears in a log line, an error or a repr."""

from __future__ import annotations

import json
import logging
from typing import Any, Protocol

import aiohttp
from pydantic import SecretStr

log = logging.getLogger(__name__)

AUTH_HEADER = "X-Viber-Auth-Token"
DEFAULT_TIMEOUT = 15.0
EVENT_TYPES = ("delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started")

# Viber's status codes (https://developers.viber.com/docs/api/rest-bot-api/#error-codes).
RECEIVER_NOT_REGISTERED = 5
RECEIVER_NOT_SUBSCRIBED = 6
TOO_MANY_REQUESTS = 12
_UNREACHABLE = {RECEIVER_NOT_REGISTERED, RECEIVER_NOT_SUBSCRIBED}
# invalidAuthToken, account blocked / not found / suspended, not authorized: our side.
_ACCOUNT = {2, 7, 8, 9, 15}


class ViberError(Exception):
    """Anything that went wrong talking to Viber."""


class ViberNetworkError(ViberError):
    """No valid answer (connection, timeout, HTTP error, not JSON): worth trying again."""


class ViberApiError(ViberError):
    """Viber answered with a non-zero status."""

    def __init__(self, endpoint: str, status: int, status_message: str) -> None:
        super().__init__(f"Viber {endpoint}: status {status} ({status_message})")
        self.endpoint = endpoint
        self.status = status
        self.status_message = status_message


class ViberReceiverUnavailableError(ViberApiError):
    """5/6: the user is not registered or not subscribed; the Viber twin of Telegram's 403."""


class ViberTooManyRequestsError(ViberApiError):
    """12: slow down; the Viber twin of Telegram's 429 (Viber gives no retry_after)."""


class ViberAccountError(ViberApiError):
    """The token or the bot account itself is refused (wrong token, blocked, suspended)."""


def check_status(endpoint: str, body: Any) -> dict[str, Any]:
    """Viber's answer as a dict, or the typed error its status stands for."""
    if not isinstance(body, dict) or not isinstance(body.get("status"), int):
        raise ViberNetworkError(f"Viber {endpoint}: unexpected answer")
    status = body["status"]
    if status == 0:
        return body
    message = str(body.get("status_message", ""))
    if status in _UNREACHABLE:
        raise ViberReceiverUnavailableError(endpoint, status, message)
    if status == TOO_MANY_REQUESTS:
        raise ViberTooManyRequestsError(endpoint, status, message)
    if status in _ACCOUNT:
        raise ViberAccountError(endpoint, status, message)
    raise ViberApiError(endpoint, status, message)


class ViberApi(Protocol):
    """What the channel needs from Viber; ViberClient over HTTP, LocalViberApi in process."""

    async def send_message(self, message: dict[str, Any]) -> dict[str, Any]: ...

    async def set_webhook(self, url: str) -> dict[str, Any]: ...

    async def get_account_info(self) -> dict[str, Any]: ...

    async def get_user_details(self, viber_id: str) -> dict[str, Any]: ...

    async def close(self) -> None: ...


class ViberClient:
    def __init__(
        self, token: SecretStr, api_base: str, *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self._token = token
        self._base = api_base.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"ViberClient(api_base={self._base!r})"

    async def send_message(self, message: dict[str, Any]) -> dict[str, Any]:
        return await self._call("send_message", message)

    async def set_webhook(self, url: str) -> dict[str, Any]:
        payload = {"url": url, "event_types": list(EVENT_TYPES), "send_name": True}
        return await self._call("set_webhook", payload)

    async def get_account_info(self) -> dict[str, Any]:
        return await self._call("get_account_info", {})

    async def get_user_details(self, viber_id: str) -> dict[str, Any]:
        return await self._call("get_user_details", {"id": viber_id})

    async def close(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.close()

    async def _call(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=self._timeout)
        headers = {AUTH_HEADER: self._token.get_secret_value()}
        url = f"{self._base}/pa/{endpoint}"
        try:
            async with self._http.post(url, json=payload, headers=headers) as response:
                if response.status != 200:
                    raise ViberNetworkError(f"Viber {endpoint}: HTTP {response.status}")
                text = await response.text()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise ViberNetworkError(f"Viber {endpoint}: {type(error).__name__}") from None
        try:
            body = json.loads(text)
        except ValueError:
            raise ViberNetworkError(f"Viber {endpoint}: the answer is not JSON") from None
        return check_status(endpoint, body)
