"""The terminal demo as a Viber resident sees the bot: the same handlers through the Viber
channel, each message in Viber's markup with the merged keyboard as numbered buttons.
`python -m bot demo --viber`."""

from __future__ import annotations

import asyncio
from typing import Any, TextIO

from bot.app import Services, create_dispatcher
from bot.channels.viber.local import LocalViberApi
from bot.channels.viber.webhook import ViberChannel
from bot.runtime import start_background

DEMO_VIBER_ID = "demo0000000000000000A=="
DEMO_PHONE = "+380501234567"
_KINDS = {"share-phone": " 📱", "location-picker": " 📍", "open-url": " 🔗"}


class ViberTerminalDemo:
    def __init__(self, services: Services, stdin: TextIO, stdout: TextIO) -> None:
        self.services = services
        self.stdin = stdin
        self.stdout = stdout
        self.api = LocalViberApi()
        self.profile = {"id": DEMO_VIBER_ID, "name": "Демо", "language": "uk", "api_version": 10}
        self.buttons: list[dict[str, Any]] = []
        self._printed = 0

    async def run(self) -> None:
        channel = ViberChannel(self.services, create_dispatcher(self.services), self.api)
        self.channel = channel
        background = await start_background(self.services, None, transports=[channel.transport()])
        ticker = asyncio.create_task(self._print_background_messages())
        try:
            self._write(self.services.texts.get(None)("demo-banner") + "\n")
            event = {"event": "conversation_started", "user": self.profile, "subscribed": False}
            welcome = await channel.handle_event(event)
            self._show([welcome] if welcome else [])
            while True:
                self._write("\n> ")
                line = await asyncio.to_thread(self.stdin.readline)
                if not line or line.strip() in {"/quit", "/exit", "/вихід"}:
                    break
                if line.strip():
                    await self.handle_input(line.strip())
        finally:
            ticker.cancel()
            await background.stop()
            await channel.bot.session.close()

    async def handle_input(self, line: str) -> None:
        chosen = self._button(line)
        body: dict[str, Any] = {"type": "text", "text": line}
        if chosen is not None:
            action = chosen["ActionType"]
            if action == "open-url":
                self._write(f"(opens {chosen['ActionBody']})\n")
                return
            if action == "share-phone":
                body = {"type": "contact", "contact": {"name": "Демо", "phone_number": DEMO_PHONE}}
            elif action == "location-picker":
                body = {"type": "location", "location": {"lat": 50.45, "lon": 30.52}}
            else:
                body = {"type": "text", "text": chosen["ActionBody"]}
        await self.channel.handle_event(
            {"event": "message", "sender": self.profile, "message": body}
        )
        self._print_news()

    def _button(self, line: str) -> dict[str, Any] | None:
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return None

    async def _print_background_messages(self) -> None:
        while True:
            await asyncio.sleep(0.5)
            if len(self.api.sent) > self._printed:
                self._print_news()

    def _print_news(self) -> None:
        fresh = self.api.sent[self._printed :]
        self._printed = len(self.api.sent)
        self._show(fresh)

    def _show(self, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            if message.get("type") == "picture":
                self._write(f"\n[picture {message.get('media')}] {message.get('text', '')}\n")
            elif message.get("type") == "location":
                self._write(f"\n[location {message['location']}]\n")
            else:
                self._write("\n" + str(message.get("text", "")) + "\n")
        if not messages:
            return
        self.buttons = list(messages[-1].get("keyboard", {}).get("Buttons", []))
        for number, button in enumerate(self.buttons, start=1):
            self._write(f"  [{number}] {button['Text']}{_KINDS.get(button['ActionType'], '')}\n")

    def _write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
