"""The world the stateful fuzz test drives: one bot (tests.harness.BotEnv: the real Dispatcher,
services and SQLite file, the in-memory Bot API emulator, a FakeClock) on its own event loop,
and the people who use it. Every update sent through here is checked as it is answered."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import shutil
import tempfile
from collections.abc import Awaitable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiogram.fsm.storage.base import StorageKey

from bot.app import Services
from bot.channels.emulator import Call
from bot.sender import OutboxSender
from bot.transport import ChannelLimits
from bot.transport_telegram import TelegramTransport
from storage.roles import Grant, Role
from storage.timeutil import to_db
from tests.harness import DEMO_FILE, BotEnv, Chat, FakeClock, make_settings, utc

T = TypeVar("T")
START = utc(2026, 11, 23, 7, 0)  # a Monday, 09:00 in Kyiv
ADMIN_ID = 900  # make_settings makes this Telegram id an administrator
PEOPLE: dict[str, tuple[int, str, str]] = {
    "olena": (5001, "uk", "Олена"),
    "ivan": (5002, "uk", "Іван"),
    "john": (5003, "en", "John"),
    "maria": (5004, "uk", "Марія"),
    "operator": (5100, "uk", "Оксана"),
    "admin": (ADMIN_ID, "uk", "Адмін"),
}
RESIDENTS = ("olena", "ivan", "john", "maria")
OFFICIALS = ("operator", "admin")
SENDS = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto", "sendLocation"}
NOTICE_TITLES = ("Згода на обробку персональних даних", "Consent to personal data processing")
# A petition's list of signers is public by law (as on the national e-petition sites): the
# names in it are no leak. Matched by the titles of pet-signers-title in both languages.
PUBLIC_LISTS = ("підписали</b>:", "is signed by</b>:")
# A value this short, or one the bot's own texts contain, proves no leak when it shows up.
SHORTEST_PRIVATE = 5
# Log records that mean a resident or official met a failure.
WATCHED = {
    "bot.middlewares": logging.ERROR,  # the error guard: a handler exception, the apology
    "bot.sender": logging.WARNING,  # an outbox message Telegram refused
    "ui.i18n": logging.ERROR,  # a missing text, a Fluent error
    "handlers.fallback": logging.WARNING,  # a domain rule nobody answers in words
    "aiogram.event": logging.ERROR,
    "aiogram.dispatcher": logging.ERROR,
}

_template: Path | None = None


def template_database() -> Path:
    """A database with the migrations and the demo community, made once per test process
    and copied for every example."""
    global _template
    if _template is None:
        path = Path(tempfile.mkdtemp(prefix="hromada-fuzz-template-")) / "template.sqlite3"

        async def build() -> None:
            services = await Services.open(make_settings(path))
            try:
                await services.load_demo_if_empty()
            finally:
                await services.close()

        asyncio.run(build())
        _template = path
    return _template


def _corpus() -> str:
    root = DEMO_FILE.parent.parent / "locales"
    texts = [f.read_text(encoding="utf-8") for f in sorted(root.glob("*/*.ftl"))]
    return "\n".join([*texts, DEMO_FILE.read_text(encoding="utf-8")])


CORPUS = _corpus()


class Catcher(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= WATCHED.get(record.name, logging.CRITICAL + 1):
            text = f"{record.name}: {record.getMessage()}"
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            self.problems.append(text)


@dataclass
class Actor:
    name: str
    chat: Chat
    resident_id: int | None = None
    notice_seen: bool = False
    blocked: bool = False
    private: set[str] = field(default_factory=set)  # names, phones, codes ever stored
    said: set[str] = field(default_factory=set)  # what they typed (the bot may quote it back)

    def typed(self, value: str) -> bool:
        return any(value in text for text in self.said)

    @property
    def id(self) -> int:
        return self.chat.id


@dataclass
class Stats:
    examples: int = 0
    steps: int = 0
    updates: int = 0
    # What the runs reached: bookings by status at the end of each example, and more.
    reached: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        self.reached[what] = self.reached.get(what, 0) + count


STATS = Stats()


class FuzzWorld:
    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="hromada-fuzz-"))
        path = self.directory / "bot.sqlite3"
        shutil.copyfile(template_database(), path)
        self.loop = asyncio.new_event_loop()
        self.clock = FakeClock(START)
        self.env = BotEnv(make_settings(path), self.clock)
        self.run(self.env.start())
        self.actors = {
            name: Actor(name, self.env.resident(uid, language, first))
            for name, (uid, language, first) in PEOPLE.items()
        }
        self._by_chat = {actor.id: actor for actor in self.actors.values()}
        self._query_ids = itertools.count(1)
        self._query_owner: dict[str, int] = {}
        self._audit_seen = 0
        self._onboarded: dict[int, bool] = {}
        self.issued: set[int] = set()  # every resident number seen, to prove none is reused
        self.catcher = Catcher()
        for name in WATCHED:
            logging.getLogger(name).addHandler(self.catcher)
        STATS.examples += 1

    def run(self, work: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await work

        return self.loop.run_until_complete(wrapped())

    async def _count_reached(self) -> None:
        db = self.services.db
        for row in await db.fetchall("SELECT status, COUNT(*) AS n FROM cnap_bookings GROUP BY 1"):
            STATS.add(f"bookings {row['status']}", int(row["n"]))
        for row in await db.fetchall("SELECT action, COUNT(*) AS n FROM audit_log GROUP BY 1"):
            STATS.add(f"audit {row['action']}", int(row["n"]))
        for table in ("cnap_closures", "outbox"):
            STATS.add(table, int(await db.fetchval(f"SELECT COUNT(*) FROM {table}")))
        rated = "SELECT COUNT(*) FROM cnap_bookings WHERE rating IS NOT NULL"
        STATS.add("ratings", int(await db.fetchval(rated)))

    def close(self) -> None:
        for name in WATCHED:
            logging.getLogger(name).removeHandler(self.catcher)
        try:
            self.run(self._count_reached())
            self.run(self.env.stop())
        finally:
            self.loop.close()
            shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def services(self) -> Services:
        return self.env.services

    def onboarded(self, actor: Actor) -> bool:
        return actor.resident_id is not None and self._onboarded.get(actor.resident_id, False)

    # --- acting: every update is checked right after it was handled -----------------------

    async def text(self, actor: Actor, text: str) -> None:
        entities = []
        if text.startswith("/"):
            command = text.split()[0] if text.split() else text
            entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self.message(actor, text=text, entities=entities)

    async def message(self, actor: Actor, *, answered: bool = True, **content: Any) -> None:
        said = content.get("text") or content.get("contact", {}).get("phone_number")
        if said:
            actor.said.add(str(said))
        message = self.env.emulator.record_user_message(actor.chat.user, **content)
        await self._feed(actor, {"message": message}, answered=answered)

    async def press(self, actor: Actor, data: str, carrier: dict[str, Any] | None = None) -> None:
        carrier = carrier or actor.chat.last_message_with_buttons() or self._any_message(actor)
        query_id = f"fuzz-{next(self._query_ids)}"
        self._query_owner[query_id] = actor.id
        query = {
            "id": query_id,
            "from": actor.chat.user,
            "chat_instance": str(actor.id),
            "message": carrier,
            "data": data,
        }
        await self._feed(actor, {"callback_query": query}, query_id=query_id)

    async def contact(self, actor: Actor, phone: str, owner: int | None) -> None:
        contact: dict[str, Any] = {
            "phone_number": phone,
            "first_name": actor.chat.user["first_name"],
        }
        if owner is not None:
            contact["user_id"] = owner
        await self.message(actor, contact=contact)

    async def edit_last(self, actor: Actor, text: str) -> None:
        """An edit of the resident's last message: nothing to answer."""
        mine = [
            m
            for m in actor.chat.env.emulator.chat(actor.id).messages
            if m["from"]["id"] == actor.id
        ]
        if not mine:
            return
        edited = {**mine[-1], "text": text, "edit_date": 1}
        edited.pop("contact", None)
        await self._feed(actor, {"edited_message": edited}, answered=False)

    async def membership(self, actor: Actor, status: str) -> None:
        """The resident blocks the bot ('kicked') or unblocks it ('member')."""
        if status == "kicked":
            self.env.emulator.blocked.add(actor.id)
        else:
            self.env.emulator.blocked.discard(actor.id)
        actor.blocked = status == "kicked"
        bot_user = {"id": self.env.emulator.me["id"], "is_bot": True, "first_name": "Hromada"}
        member: dict[str, Any] = {"status": status, "user": bot_user}
        if status == "kicked":
            member["until_date"] = 0
        update = {
            "chat": {
                "id": actor.id,
                "type": "private",
                "first_name": actor.chat.user["first_name"],
            },
            "from": actor.chat.user,
            "date": 0,
            "old_chat_member": {"status": "member", "user": bot_user},
            "new_chat_member": member,
        }
        await self._feed(actor, {"my_chat_member": update}, answered=False)

    async def together(self, *work: Coroutine[Any, Any, None]) -> None:
        """Updates of different people handled at the same time (a race)."""
        results = await asyncio.gather(*work, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    def _any_message(self, actor: Actor) -> dict[str, Any]:
        shown = actor.chat.bot_messages()
        if shown:
            return dict(shown[-1])
        bot = {k: self.env.emulator.me[k] for k in ("id", "is_bot", "first_name", "username")}
        chat = {"id": actor.id, "type": "private", "first_name": actor.chat.user["first_name"]}
        return {"message_id": 1, "date": 0, "chat": chat, "from": bot, "text": "…"}

    async def _feed(
        self,
        actor: Actor,
        update: dict[str, Any],
        *,
        query_id: str | None = None,
        answered: bool = True,
    ) -> None:
        start = len(self.env.emulator.calls)
        grants_before = dict(await self.services.roles.officials())
        await self.env.feed(**update)
        STATS.updates += 1
        calls = self.env.emulator.calls[start:]
        what = f"{actor.name}: {str(update)[:300]}"
        self._raise_logged(what)
        if answered and not actor.blocked:
            self._check_answered(actor, calls, query_id, what)
        grants_after = dict(await self.services.roles.officials())
        await self._refresh(grants_before | grants_after)
        self._check_texts(calls, grants_before, grants_after, what)
        await self._check_official_actions(grants_before, grants_after, what)

    # --- what is checked after every update ------------------------------------------------

    def _raise_logged(self, what: str) -> None:
        if self.catcher.problems:
            problems, self.catcher.problems = self.catcher.problems, []
            raise AssertionError(f"after {what}:\n" + "\n".join(problems))

    def _check_answered(
        self, actor: Actor, calls: list[Call], query_id: str | None, what: str
    ) -> None:
        if query_id is not None:
            ok = any(
                c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
                for c in calls
            )
        else:
            ok = any(c.method in SENDS and c.params.get("chat_id") == actor.id for c in calls)
        assert ok, f"no answer to {what}; calls: {[(c.method, c.params) for c in calls]}"

    def _texts(self, calls: list[Call]) -> Iterator[tuple[Actor, str]]:
        for call in calls:
            if call.method == "answerCallbackQuery":
                chat = self._query_owner.get(str(call.params.get("callback_query_id")))
            elif call.method in SENDS:
                chat = call.params.get("chat_id")
            else:
                continue
            text = str(call.params.get("text") or call.params.get("caption") or "")
            actor = self._by_chat.get(chat) if isinstance(chat, int) else None
            if actor is not None and text:
                yield actor, text

    def _said_openly(self, reader: Actor, value: str) -> bool:
        """The reader typed it themselves, or an official did (an announcement's text reaches
        everyone, whatever names it happens to share with a resident's)."""
        officials = (self.actors[name] for name in OFFICIALS)
        return reader.typed(value) or any(official.typed(value) for official in officials)

    def _check_texts(
        self,
        calls: list[Call],
        grants_before: dict[int, frozenset[Grant]],
        grants_after: dict[int, frozenset[Grant]],
        what: str,
    ) -> None:
        for reader, text in self._texts(calls):
            broken = "{???}" in text and not self._said_openly(reader, "{???}")
            assert not broken, f"a broken text after {what}: {text[:500]}"
            if any(title in text for title in NOTICE_TITLES):
                reader.notice_seen = True
            official = reader.resident_id in grants_before or reader.resident_id in grants_after
            if official or any(title in text for title in PUBLIC_LISTS):
                continue  # officials see residents' names by design; signers are public
            for other in self.actors.values():
                if other is reader:
                    continue
                for value in other.private - reader.private:
                    if value in text and not self._said_openly(reader, value):
                        raise AssertionError(
                            f"{reader.name} was shown {other.name}'s {value!r} after {what}:\n"
                            f"{text[:1000]}"
                        )
        for actor in self.actors.values():
            if actor.resident_id is None:
                continue
            onboarded = self._onboarded.get(actor.resident_id, False)
            assert not onboarded or actor.notice_seen, (
                f"{actor.name} finished onboarding without the data notice, after {what}"
            )

    async def _refresh(self, grants: dict[int, frozenset[Grant]]) -> None:
        """Who is who now: resident numbers, onboarding, what each keeps privately."""
        db = self.services.db
        rows = await db.fetchall(
            "SELECT c.external_id, r.id, r.onboarded_at, r.full_name, r.phone "
            "FROM resident_channels c JOIN residents r ON r.id = c.resident_id "
            "WHERE c.channel = 'telegram'"
        )
        found = {int(r["external_id"]): r for r in rows}
        for number in sorted({int(r["id"]) for r in rows} - self.issued):  # in issue order
            assert number > max(self.issued, default=0), (
                f"resident number {number} issued again (issued before: {sorted(self.issued)})"
            )
            self.issued.add(number)
        self._onboarded = {}
        for actor in self.actors.values():
            row = found.get(actor.id)
            if row is None:
                if actor.resident_id is not None:
                    actor.notice_seen = False  # erased: a new resident from the next update
                actor.resident_id = None
                continue
            actor.resident_id = int(row["id"])
            self._onboarded[actor.resident_id] = row["onboarded_at"] is not None
            actor.private |= _private(row["full_name"], row["phone"])
        booked = await db.fetchall(
            "SELECT c.external_id, b.full_name, b.phone, b.code FROM cnap_bookings b "
            "JOIN resident_channels c ON c.resident_id = b.resident_id AND c.channel = 'telegram'"
        )
        for row in booked:
            owner = self._by_chat.get(int(row["external_id"]))
            if owner is not None:
                owner.private |= _private(row["full_name"], row["phone"], row["code"])

    async def _check_official_actions(
        self,
        grants_before: dict[int, frozenset[Grant]],
        grants_after: dict[int, frozenset[Grant]],
        what: str,
    ) -> None:
        rows = await self.services.db.fetchall(
            "SELECT id, actor_id, actor_label, action, detail FROM audit_log WHERE id > ? "
            "ORDER BY id",
            (self._audit_seen,),
        )
        for row in rows:
            self._audit_seen = int(row["id"])
            actor_id, action = row["actor_id"], str(row["action"])
            if actor_id is None:
                by_the_bot = action.startswith("role.") and row["actor_label"] in {
                    "settings",
                    "system",
                }
                assert by_the_bot, f"an official action with no official: {dict(row)} after {what}"
                continue
            held = grants_before.get(actor_id, frozenset()) | grants_after.get(
                actor_id, frozenset()
            )
            place = _detail(row["detail"]).get("place")
            if action.startswith("cnap."):
                allowed = any(g.covers(Role.OPERATOR, str(place)) for g in held)
            elif action.startswith("petition."):
                allowed = any(g.covers(Role.MODERATOR, None) for g in held)
            else:  # roles, lifted blocks, and anything new until its flow says otherwise
                allowed = any(g.role is Role.ADMINISTRATOR for g in held)
            assert allowed, f"#{actor_id} did {action} without the role ({held}) after {what}"

    # --- the fsm, the clock and the outbox -------------------------------------------------

    async def state_of(self, actor: Actor) -> tuple[str | None, dict[str, Any]]:
        key = StorageKey(bot_id=self.env.bot.id, chat_id=actor.id, user_id=actor.id)
        storage = self.env.dp.storage
        return await storage.get_state(key), await storage.get_data(key)

    async def deliver(self) -> None:
        """Send what the outbox holds that is due now (reminders, notices, rating requests)."""
        db = self.services.db
        due = (
            "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending') "
            "AND next_attempt_at <= ?"
        )
        if not await db.fetchval(due, (to_db(self.clock()),)):
            return
        start = len(self.env.emulator.calls)
        grants = dict(await self.services.roles.officials())
        transport = TelegramTransport(self.env.bot, limits=ChannelLimits(10_000, 0))
        sender = OutboxSender(
            [transport], self.services.outbox, self.services.residents, poll_interval=0.005
        )
        await sender.start()
        try:
            for _ in range(400):
                if not await db.fetchval(due, (to_db(self.clock()),)):
                    break
                await asyncio.sleep(0.005)
            else:
                raise AssertionError("the outbox did not drain")
        finally:
            await sender.stop()
        self._raise_logged("delivering the outbox")
        await self._refresh(grants)
        self._check_texts(self.env.emulator.calls[start:], grants, grants, "the outbox")

    async def tick(self, minutes: float) -> None:
        """Time passes: the reminder job runs and the outbox is delivered."""
        self.clock.advance(minutes=minutes)
        await self.services.run_job("reminders")
        self._raise_logged("the reminder job")
        await self.deliver()

    async def restart(self) -> None:
        await self.env.restart()
        self._raise_logged("a restart")


def _private(*values: str | None) -> set[str]:
    return {v for v in values if v and len(v) >= SHORTEST_PRIVATE and v not in CORPUS}


def _detail(text: str) -> dict[str, Any]:
    found = json.loads(text or "{}")
    return found if isinstance(found, dict) else {}
