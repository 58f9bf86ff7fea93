"""The offline demo: a chat with the bot in this terminal, with no Telegram token.

It runs the very same dispatcher, handlers and database as the real bot. Bot API calls are
carried out by a BotApiEmulator; buttons are shown as numbered choices, and the resident
answers with a number or with text."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from aiogram.types import Update

from bot.app import Services, create_bot, create_dispatcher
from bot.channels.emulator import BotApiEmulator, Call
from bot.channels.local import LocalSession
from bot.demo_roles import apply_demo_role, demo_role_command
from bot.runtime import start_background

DEMO_TOKEN = "1000:offline-demo-token"
DEMO_USER_ID = 1
DEMO_PHONE = "+380501234567"
_TAG = re.compile(r"<[^>]+>")


@dataclass(slots=True)
class Choice:
    label: str
    callback_data: str | None = None
    request_contact: bool = False


def plain(text: str) -> str:
    """HTML as a terminal shows it: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


class TerminalDemo:
    def __init__(
        self,
        services: Services,
        stdin: TextIO,
        stdout: TextIO,
        *,
        language_code: str = "uk",
        read_line: Callable[[], str] | None = None,
        role: str = "resident",
    ) -> None:
        self.services = services
        self.stdin = stdin
        self.stdout = stdout
        self.emulator = BotApiEmulator(bot_id=1000, username="hromada_demo_bot")
        self.user = {
            "id": DEMO_USER_ID,
            "is_bot": False,
            "first_name": "Демо",
            "language_code": language_code,
        }
        self.choices: list[Choice] = []
        self._read_line = read_line or stdin.readline
        self._printed_calls = 0
        self._update_ids = 0
        self._role = role

    async def run(self) -> None:
        bot = create_bot(DEMO_TOKEN, LocalSession(self.emulator))
        self.dp = create_dispatcher(self.services)
        self.bot = bot
        background = await start_background(self.services, bot, channel="demo")
        ticker = asyncio.create_task(self._print_background_messages())
        try:
            self._write(self.services.texts.get(None)("demo-banner") + "\n")
            if self._role != "resident":
                await apply_demo_role(self.services, await self._resident_id(), self._role)
            await self.handle_input("/start")
            while True:
                self._write("\n> ")
                line = await asyncio.to_thread(self._read_line)
                if not line:
                    break  # end of input
                line = line.strip()
                if line in {"/quit", "/exit", "/вихід"}:
                    break
                if line:
                    await self.handle_input(line)
        finally:
            ticker.cancel()
            await background.stop()
            await bot.session.close()

    async def _resident_id(self) -> int:
        chat = str(DEMO_USER_ID)
        return (await self.services.residents.get_or_create("demo", chat, chat)).id

    async def handle_input(self, line: str) -> None:
        answer = await demo_role_command(self.services, await self._resident_id(), line)
        if answer is not None:
            self._write("\n" + plain(answer) + "\n")
            return
        choice = self._choice_for(line)
        if choice is None:
            await self._feed_message(**_text_content(line))
        elif choice.request_contact:
            contact = {"phone_number": DEMO_PHONE, "first_name": "Демо", "user_id": DEMO_USER_ID}
            await self._feed_message(contact=contact)
        elif choice.callback_data is None:
            await self._feed_message(**_text_content(choice.label))
        else:
            await self._press(choice.callback_data)
        self._print_news()

    def _choice_for(self, line: str) -> Choice | None:
        if line.isdigit() and 1 <= int(line) <= len(self.choices):
            return self.choices[int(line) - 1]
        return None

    def _next_update_id(self) -> int:
        self._update_ids += 1
        return self._update_ids

    async def _feed_message(self, **content: Any) -> None:
        message = self.emulator.record_user_message(self.user, **content)
        update = Update.model_validate({"update_id": self._next_update_id(), "message": message})
        await self.dp.feed_update(self.bot, update, channel="demo")

    async def _press(self, data: str) -> None:
        owner = self._newest_inline_message()
        update = Update.model_validate(
            {
                "update_id": self._next_update_id(),
                "callback_query": {
                    "id": str(self._update_ids),
                    "from": self.user,
                    "chat_instance": "demo",
                    "message": owner,
                    "data": data,
                },
            }
        )
        await self.dp.feed_update(self.bot, update, channel="demo")

    def _newest_inline_message(self) -> dict[str, Any] | None:
        """The bot's newest message, when it has buttons: older buttons are not offered."""
        messages = self.emulator.bot_messages(DEMO_USER_ID)
        if messages and messages[-1].get("reply_markup", {}).get("inline_keyboard"):
            return dict(messages[-1])
        return None

    # --- showing ---------------------------------------------------------------------------

    async def _print_background_messages(self) -> None:
        """Reminders and notices arrive without any input: show them as they come."""
        while True:
            await asyncio.sleep(0.5)
            if len(self.emulator.calls) > self._printed_calls:
                self._print_news()

    def _print_news(self) -> None:
        calls = self.emulator.calls[self._printed_calls :]
        self._printed_calls = len(self.emulator.calls)
        shown = [self._print_call(call) for call in calls]
        if not any(shown):
            return
        self._refresh_choices()
        for number, choice in enumerate(self.choices, start=1):
            self._write(f"  [{number}] {choice.label}\n")

    def _print_call(self, call: Call) -> bool:
        """Print what the resident would see of one Bot API call; False if nothing."""
        params = call.params
        if params.get("chat_id") not in (DEMO_USER_ID, None):
            return False
        if call.method == "sendMessage":
            self._write("\n" + plain(str(params.get("text", ""))) + "\n")
        elif call.method == "editMessageText":
            self._write("\n✎ " + plain(str(params.get("text", ""))) + "\n")
        elif call.method == "answerCallbackQuery" and params.get("text"):
            self._write(f"\n(i) {plain(str(params['text']))}\n")
        elif call.method == "sendPhoto":
            self._write(f"\n[photo] {plain(str(params.get('caption', '')))}\n")
        elif call.method == "sendDocument":
            document = params.get("document")
            name = document.get("file_name") if isinstance(document, dict) else document
            self._write(f"\n[file {name}] {plain(str(params.get('caption', '')))}\n")
        elif call.method == "sendLocation":
            self._write(f"\n[location {params.get('latitude')}, {params.get('longitude')}]\n")
        else:
            return False
        return True

    def _refresh_choices(self) -> None:
        choices: list[Choice] = []
        owner = self._newest_inline_message()
        if owner is not None:
            for row in owner["reply_markup"]["inline_keyboard"]:
                choices += [Choice(b["text"], callback_data=b.get("callback_data")) for b in row]
        for row in self.emulator.chat(DEMO_USER_ID).reply_keyboard or []:
            for b in row:
                choices.append(Choice(b["text"], request_contact=bool(b.get("request_contact"))))
        self.choices = choices

    def _write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


def _text_content(line: str) -> dict[str, Any]:
    if line.startswith("/"):
        command = line.split()[0]
        return {
            "text": line,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        }
    return {"text": line}


async def run_demo(
    services: Services,
    stdin: TextIO,
    stdout: TextIO,
    *,
    viber: bool = False,
    role: str = "resident",
) -> None:
    """`viber`: show the bot as a Viber resident sees it (Viber's markup and keyboards);
    `role`: try it as a resident, a ЦНАП operator or an administrator."""
    if viber:
        from bot.channels.viber.demo import ViberTerminalDemo

        await ViberTerminalDemo(services, stdin, stdout).run()
        return
    await TerminalDemo(services, stdin, stdout, role=role).run()
