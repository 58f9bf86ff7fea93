"""Drive the real dispatcher the way a Viber resident would, with the same interface as
tests/harness.py's Chat (send, click, share_contact, texts/news/buttons, last_text).

Callbacks go through the Viber channel's own translation (updates.py) and the replies through
ViberSession into a LocalViberApi, all in process. Texts are in Viber's markup: compare them
with `viber(t("key"))`. Alerts do not exist on Viber: a callback answer with a text arrives
as a short message among the news."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher

from bot.app import Services, create_dispatcher
from bot.channels.viber.local import LocalViberApi
from bot.channels.viber.render import html_to_viber
from bot.channels.viber.webhook import ViberChannel
from bot.config import Settings
from tests.harness import FakeClock, make_settings

VIBER_TOKEN = "4a7c2b1f00e3d9c8-viber-test-token"


def viber(html_text: str) -> str:
    """A bot text as a Viber resident sees it."""
    return html_to_viber(html_text)


def make_viber_settings(db_path: Any, **overrides: Any) -> Settings:
    viber_overrides = {"token": VIBER_TOKEN, "public_url": "https://hromada.example.org"}
    viber_overrides.update(overrides.pop("viber", {}))
    return make_settings(db_path, viber=viber_overrides, **overrides)


@dataclass
class ViberEnv:
    """One bot process with the Viber channel on an in-process Viber API."""

    settings: Settings
    clock: FakeClock
    api: LocalViberApi = field(default_factory=LocalViberApi)
    services: Services = field(init=False)
    dp: Dispatcher = field(init=False)
    channel: ViberChannel = field(init=False)
    _tokens: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def bot(self) -> Bot:
        return self.channel.bot

    async def start(self) -> ViberEnv:
        services = await Services.open(self.settings, clock=self.clock)
        try:
            await services.load_demo_if_empty()
            self.attach(services, create_dispatcher(services))
        except BaseException:
            await services.close()
            raise
        return self

    def attach(self, services: Services, dp: Dispatcher) -> ViberEnv:
        """The Viber channel on a bot process started elsewhere (beside Telegram's, as the
        webhook app serves both); this env does not own `services` then."""
        self.services, self.dp = services, dp
        self.channel = ViberChannel(services, dp, self.api)
        return self

    async def restart(self) -> None:
        """A new process on the same database file: nothing in memory survives."""
        await self.services.close()
        await self.start()

    async def stop(self) -> None:
        await self.services.close()

    async def event(self, **event: Any) -> dict[str, Any] | None:
        """One callback as Viber sends it; returns the response body (the welcome) if any."""
        event.setdefault("timestamp", int(time.time() * 1000))
        event.setdefault("message_token", next(self._tokens))
        return await self.channel.handle_event(event)

    def resident(
        self, user_id: int = 1001, language_code: str = "uk", first_name: str = "Олена"
    ) -> ViberChat:
        profile = {
            "id": f"vb{user_id:06d}+Q==",
            "name": first_name,
            "language": language_code,
            "country": "UA",
            "api_version": 10,
        }
        return ViberChat(self, profile)


class ViberChat:
    """One Viber resident's chat with the bot."""

    def __init__(self, env: ViberEnv, profile: dict[str, Any]) -> None:
        self.env = env
        self.profile = profile
        self.viber_id: str = profile["id"]
        self.welcome: dict[str, Any] | None = None
        self._seen = 0

    # --- acting ---------------------------------------------------------------------------

    async def open(self, context: str | None = None) -> list[str]:
        """The resident opens the chat (a QR poster's deep link carries `context`)."""
        event: dict[str, Any] = {"event": "conversation_started", "type": "open"}
        event.update(user=self.profile, subscribed=False)
        if context is not None:
            event["context"] = context
        self.welcome = await self.env.event(**event)
        welcome = [str(self.welcome["text"])] if self.welcome else []
        return welcome + self.news()

    async def send(self, text: str) -> list[str]:
        return await self._message({"type": "text", "text": text})

    async def send_photo(self) -> list[str]:
        return await self._message({"type": "picture", "media": "https://dl.viber.example/p.jpg"})

    async def send_sticker(self) -> list[str]:
        return await self._message({"type": "sticker", "sticker_id": 40133})

    async def share_contact(self, phone: str = "+380671234567", own: bool = True) -> list[str]:
        """Viber tells no shared number from another: a contact counts as the resident's own
        whenever the bot was asking for it (share-phone shares only one's own), so `own`
        only changes the contact's name."""
        name = self.profile["name"] if own else "Хтось інший"
        return await self._message(
            {"type": "contact", "contact": {"name": name, "phone_number": phone}}
        )

    async def share_location(self, lat: float = 50.45, lon: float = 30.52) -> list[str]:
        return await self._message({"type": "location", "location": {"lat": lat, "lon": lon}})

    async def unsubscribe(self) -> None:
        self.env.api.unsubscribed.add(self.viber_id)
        await self.env.event(event="unsubscribed", user_id=self.viber_id)

    async def _message(self, body: dict[str, Any]) -> list[str]:
        await self.env.event(event="message", sender=self.profile, message=body)
        return self.news()

    async def click(self, text: str) -> list[str]:
        """Press the button of the newest keyboard whose label contains `text`."""
        found = self.button(text)
        action = found["ActionType"]
        if action == "share-phone":
            return await self.share_contact()
        if action == "location-picker":
            return await self.share_location()
        return await self.send(str(found["ActionBody"]))

    async def click_nth(self, index: int) -> list[str]:
        """Press the index-th button of the newest keyboard (0 is the first)."""
        return await self.send(str(self.keyboard()[index]["ActionBody"]))

    async def press(self, action_body: str) -> list[str]:
        return await self.send(action_body)

    # --- looking --------------------------------------------------------------------------

    def messages(self) -> list[dict[str, Any]]:
        """Everything the bot showed this chat: the welcome, then what it sent."""
        sent = self.env.api.messages_to(self.viber_id)
        return ([self.welcome] if self.welcome else []) + sent

    @property
    def last_text(self) -> str:
        return str(self.messages()[-1].get("text", ""))

    def texts(self) -> list[str]:
        return [str(m.get("text", "")) for m in self.messages()]

    def news(self) -> list[str]:
        """Texts sent to this chat since the last look (the welcome is not among them)."""
        sent = self.env.api.messages_to(self.viber_id)
        fresh, self._seen = sent[self._seen :], len(sent)
        return [str(m.get("text", "")) for m in fresh]

    def keyboard(self) -> list[dict[str, Any]]:
        """The buttons on screen: Viber shows the keyboard of the newest message."""
        messages = self.messages()
        return list(messages[-1].get("keyboard", {}).get("Buttons", [])) if messages else []

    def buttons(self) -> list[str]:
        return [str(b["Text"]) for b in self.keyboard()]

    def button(self, text: str) -> dict[str, Any]:
        matches = [b for b in self.keyboard() if text in str(b["Text"])]
        exact = [b for b in matches if b["Text"] == text]
        if exact:
            return exact[0]
        if len(matches) != 1:
            raise AssertionError(
                f"{len(matches)} buttons match {text!r}; visible: {self.buttons()}"
            )
        return matches[0]
