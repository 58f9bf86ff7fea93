"""Paid messages: what the bot sends on its own where the messenger charges for it (Viber,
outside a 24-hour session the resident opened by writing).

The rules for such a message, outside the session:
- A message with a topic (ЦНАП reminders, each announcement topic) goes only when the resident
  opted into that topic. Emergencies are on until a resident switches them off, because they
  are about safety; they still count against the cap. A notice about the resident's own
  affairs (no topic: a closed day, an appeal's answer) always goes.
- Each paid message is counted per channel and calendar month (UTC); at the cap it is
  withheld, and so is every paid one after it that month.
- An outbox row is charged at most once: a second try (after a crash or an outage) finds its
  charge and goes on without counting again; a row stopped at the cap stays stopped.
Inside the session everything is free and always sent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from storage.database import Database
from storage.timeutil import Clock, to_db, utcnow

# Channels whose bot-initiated messages cost money outside a session. Their chats are listed
# with the resident's last message in the view paid_chat_sessions (migration 0019).
PAID_CHANNELS = frozenset({"viber"})
FREE_SESSION = timedelta(hours=24)


class PaidTopic(StrEnum):
    CNAP = "cnap"  # reminders of ЦНАП visits and the request to rate one
    NEWS = "news"
    OUTAGES = "outages"
    EVENTS = "events"
    EMERGENCY = "emergency"

    @property
    def default(self) -> bool:
        return self is PaidTopic.EMERGENCY


ANNOUNCEMENT_TOPICS = (PaidTopic.NEWS, PaidTopic.OUTAGES, PaidTopic.EVENTS, PaidTopic.EMERGENCY)


class Question(StrEnum):
    """The one-time questions: after a booking, after onboarding."""

    CNAP = "cnap"
    NEWS = "news"


class Admission(StrEnum):
    CHARGED = "charged"
    NOT_OPTED_IN = "not-opted-in"
    CAPPED = "monthly-cap"


# outbox.skip_code values
SKIP_UNREACHABLE = "unreachable"
SKIP_NOT_OPTED_IN = Admission.NOT_OPTED_IN.value
SKIP_CAPPED = Admission.CAPPED.value


@dataclass(frozen=True, slots=True)
class Usage:
    channel: str
    month: str
    sent: int
    capped: int  # messages withheld at the cap
    cap: int | None


def month_of(moment: datetime) -> str:
    return to_db(moment)[:7]


def _defaults_sql() -> str:
    on = [f"'{topic.value}'" for topic in PaidTopic if topic.default]
    return ", ".join(on) or "NULL"


# 1 when the resident of outbox row `o` lets its topic go as a paid message.
OPTED_IN_SQL = (
    "COALESCE((SELECT p.allowed FROM paid_optins p WHERE p.resident_id = o.resident_id "
    f"AND p.topic = o.topic), o.topic IN ({_defaults_sql()}))"
)


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" * len(values))


class PaidMessages:
    """`caps`: the monthly cap of each paid channel the bot runs (for the statistics)."""

    # A resident's choices and questions asked: they follow a chat linked to another record.
    CHAT_TABLES = ("paid_optins", "paid_questions")

    def __init__(
        self, db: Database, clock: Clock = utcnow, caps: Mapping[str, int] | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self.caps = dict(caps or {})

    @staticmethod
    def charges(channel: str | None) -> bool:
        """Whether the bot's own messages on `channel` may cost money."""
        return channel in PAID_CHANNELS

    # --- the resident's choices -----------------------------------------------------------

    async def choices(self, resident_id: int) -> dict[PaidTopic, bool]:
        rows = await self._db.fetchall(
            "SELECT topic, allowed FROM paid_optins WHERE resident_id = ?", (resident_id,)
        )
        chosen = {row["topic"]: bool(row["allowed"]) for row in rows}
        return {topic: chosen.get(topic.value, topic.default) for topic in PaidTopic}

    async def set_choices(self, resident_id: int, choices: Mapping[PaidTopic, bool]) -> None:
        now = to_db(self._clock())
        await self._db.executemany(
            "INSERT INTO paid_optins(resident_id, topic, allowed, changed_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(resident_id, topic) DO UPDATE SET allowed = excluded.allowed, "
            "changed_at = excluded.changed_at",
            [(resident_id, topic.value, int(on), now) for topic, on in choices.items()],
        )

    async def ask_once(self, resident_id: int, question: Question) -> bool:
        """True the first time only: the caller asks the question then."""
        inserted = await self._db.execute(
            "INSERT INTO paid_questions(resident_id, question, asked_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (resident_id, question.value, to_db(self._clock())),
        )
        return inserted > 0

    async def move(self, source_id: int, target_id: int) -> None:
        """A chat of `source_id` joins `target_id` (/link): the choices made in that chat,
        and the questions asked there, go along where the target has none of its own."""
        await self._db.execute(
            "INSERT INTO paid_optins(resident_id, topic, allowed, changed_at) "
            "SELECT ?, topic, allowed, changed_at FROM paid_optins WHERE resident_id = ? "
            "ON CONFLICT DO NOTHING",
            (target_id, source_id),
        )
        await self._db.execute(
            "INSERT INTO paid_questions(resident_id, question, asked_at) "
            "SELECT ?, question, asked_at FROM paid_questions WHERE resident_id = ? "
            "ON CONFLICT DO NOTHING",
            (target_id, source_id),
        )

    async def uses_paid_channel(self, resident_id: int) -> bool:
        found = await self._db.fetchval(
            "SELECT 1 FROM resident_channels WHERE resident_id = ? "
            f"AND channel IN ({_marks(PAID_CHANNELS)}) LIMIT 1",
            (resident_id, *sorted(PAID_CHANNELS)),
        )
        return found is not None

    # --- the outbox -----------------------------------------------------------------------

    async def not_opted_in(self, outbox_ids: Collection[int], channel: str) -> list[int]:
        """Of these pending rows picked for paid `channel`, the ones to withhold at once: a
        topic the resident did not opt into, and no open session on that channel."""
        if not outbox_ids or channel not in PAID_CHANNELS:
            return []
        since = to_db(self._clock() - FREE_SESSION)
        rows = await self._db.fetchall(
            f"SELECT o.id FROM outbox o WHERE o.id IN ({_marks(outbox_ids)}) "
            f"AND o.topic IS NOT NULL AND NOT {OPTED_IN_SQL} "
            "AND NOT EXISTS (SELECT 1 FROM resident_channels c JOIN paid_chat_sessions s "
            "  ON s.channel = c.channel AND s.external_id = c.external_id "
            "  WHERE c.resident_id = o.resident_id AND c.channel = ? AND c.active = 1 "
            "  AND s.last_message_at > ?)",
            (*outbox_ids, channel, since),
        )
        return [int(row["id"]) for row in rows]

    async def admit(self, outbox_id: int, channel: str, messages: int, cap: int) -> Admission:
        """May outbox row `outbox_id` go as `messages` paid messages? Charges it if so."""
        month = month_of(self._clock())
        async with self._db.transaction():
            done = await self._db.fetchval(
                "SELECT outcome FROM paid_charges WHERE outbox_id = ?", (outbox_id,)
            )
            if done is not None:
                return Admission.CHARGED if done == "charged" else Admission.CAPPED
            allowed = await self._db.fetchval(
                f"SELECT o.topic IS NULL OR {OPTED_IN_SQL} FROM outbox o WHERE o.id = ?",
                (outbox_id,),
            )
            if not allowed:
                return Admission.NOT_OPTED_IN
            if await self._sent(channel, month) + messages > cap:
                await self._record(outbox_id, channel, month, messages, "capped")
                await self._count(channel, month, capped=1)
                return Admission.CAPPED
            await self._record(outbox_id, channel, month, messages, "charged")
            await self._count(channel, month, sent=messages)
        return Admission.CHARGED

    async def refund(self, outbox_id: int) -> None:
        """The messenger refused the row after all (not subscribed, a bad request)."""
        async with self._db.transaction():
            row = await self._db.fetchone(
                "SELECT channel, month, messages FROM paid_charges "
                "WHERE outbox_id = ? AND outcome = 'charged'",
                (outbox_id,),
            )
            if row is None:
                return
            await self._db.execute("DELETE FROM paid_charges WHERE outbox_id = ?", (outbox_id,))
            await self._db.execute(
                "UPDATE paid_usage SET sent = MAX(0, sent - ?) WHERE channel = ? AND month = ?",
                (row["messages"], row["channel"], row["month"]),
            )

    async def take(self, channel: str, messages: int, cap: int) -> bool:
        """A paid message that is not an outbox row (say, a progress card): counted unless
        that would pass `cap`."""
        month = month_of(self._clock())
        async with self._db.transaction():
            if await self._sent(channel, month) + messages > cap:
                await self._count(channel, month, capped=1)
                return False
            await self._count(channel, month, sent=messages)
        return True

    # --- figures --------------------------------------------------------------------------

    async def usage(self, channel: str) -> Usage:
        month = month_of(self._clock())
        row = await self._db.fetchone(
            "SELECT sent, capped FROM paid_usage WHERE channel = ? AND month = ?", (channel, month)
        )
        sent, capped = (int(row["sent"]), int(row["capped"])) if row else (0, 0)
        return Usage(channel, month, sent, capped, self.caps.get(channel))

    async def report(self) -> list[Usage]:
        """This month's figures of every paid channel the bot runs."""
        return [await self.usage(channel) for channel in sorted(self.caps)]

    async def _sent(self, channel: str, month: str) -> int:
        value = await self._db.fetchval(
            "SELECT sent FROM paid_usage WHERE channel = ? AND month = ?", (channel, month)
        )
        return int(value or 0)

    async def _count(self, channel: str, month: str, *, sent: int = 0, capped: int = 0) -> None:
        await self._db.execute(
            "INSERT INTO paid_usage(channel, month, sent, capped) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(channel, month) DO UPDATE SET sent = sent + excluded.sent, "
            "capped = capped + excluded.capped",
            (channel, month, sent, capped),
        )

    async def _record(
        self, outbox_id: int, channel: str, month: str, messages: int, outcome: str
    ) -> None:
        await self._db.execute(
            "INSERT INTO paid_charges(outbox_id, channel, month, messages, outcome) "
            "VALUES (?, ?, ?, ?, ?)",
            (outbox_id, channel, month, messages, outcome),
        )
