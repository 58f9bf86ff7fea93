"""Plain values of the announcements domain."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntFlag, StrEnum

from storage.database import Row
from storage.timeutil import from_db


class Topic(StrEnum):
    NEWS = "news"
    OUTAGES = "outages"
    EVENTS = "events"
    EMERGENCY = "emergency"

    @property
    def bit(self) -> int:
        return int(TopicBits[self.name])

    @property
    def optional(self) -> bool:
        """Emergencies cannot be switched off (only /stop silences them)."""
        return self is not Topic.EMERGENCY


class TopicBits(IntFlag):
    NEWS = 1
    OUTAGES = 2
    EVENTS = 4
    EMERGENCY = 8


ALL_TOPICS = int(TopicBits.NEWS | TopicBits.OUTAGES | TopicBits.EVENTS | TopicBits.EMERGENCY)


class BroadcastState(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Subscription:
    topics: frozenset[Topic]
    extra_settlements: frozenset[int]
    stopped: bool

    def follows(self, topic: Topic) -> bool:
        return not topic.optional or topic in self.topics


DEFAULT_SUBSCRIPTION = Subscription(frozenset(Topic), frozenset(), stopped=False)


def topics_from_bits(bits: int) -> frozenset[Topic]:
    return frozenset(t for t in Topic if bits & t.bit) | {Topic.EMERGENCY}


@dataclass(frozen=True, slots=True)
class Draft:
    """What the broadcaster has composed so far."""

    text_uk: str = ""
    text_en: str = ""
    photo: dict[str, str] = field(default_factory=dict)
    topic: Topic = Topic.NEWS
    settlements: tuple[int, ...] = ()  # () is the whole community
    send_at: datetime | None = None  # None: right after confirming

    def to_json(self) -> str:
        return json.dumps(
            {
                "text_uk": self.text_uk,
                "text_en": self.text_en,
                "photo": self.photo,
                "topic": self.topic.value,
                "settlements": list(self.settlements),
                "send_at": self.send_at.isoformat() if self.send_at else None,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, value: str) -> Draft:
        raw = json.loads(value)
        send_at = raw.get("send_at")
        return cls(
            text_uk=str(raw.get("text_uk", "")),
            text_en=str(raw.get("text_en", "")),
            photo={str(k): str(v) for k, v in dict(raw.get("photo") or {}).items()},
            topic=Topic(raw.get("topic", Topic.NEWS.value)),
            settlements=tuple(int(s) for s in raw.get("settlements", [])),
            send_at=datetime.fromisoformat(send_at) if send_at else None,
        )


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a broadcast's delivery stands: from the outbox while it runs."""

    recipients: int  # queued so far, or the estimate while the expansion runs
    sent: int
    failed: int
    skipped: int  # all of them, the two below included
    # Withheld where messages cost money (Viber): not opted into the topic, the month's cap.
    not_opted_in: int = 0
    capped: int = 0

    @property
    def unreachable(self) -> int:
        return max(0, self.skipped - self.not_opted_in - self.capped)

    @property
    def left(self) -> int:
        return max(0, self.recipients - self.sent - self.failed - self.skipped)


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    author_id: int | None
    topic: Topic
    text_uk: str
    text_en: str | None
    photo: dict[str, str]
    settlements: tuple[int, ...]
    state: BroadcastState
    send_at: datetime
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expanded_through: int
    expanded: bool
    recipients: int
    queued: int
    sent: int
    failed: int
    skipped: int
    withdrawn: int
    progress_message: int | None
    not_opted_in: int = 0
    capped: int = 0

    @property
    def dedup_prefix(self) -> str:
        return f"bc:{self.id}:"

    def text_for(self, language: str | None) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_uk

    @property
    def final(self) -> Progress:
        return Progress(
            self.queued, self.sent, self.failed, self.skipped, self.not_opted_in, self.capped
        )


def _maybe(value: str | None) -> datetime | None:
    return from_db(value) if value else None


def broadcast_from_row(row: Row) -> Broadcast:
    return Broadcast(
        id=row["id"],
        author_id=row["author_id"],
        topic=Topic(row["topic"]),
        text_uk=row["text_uk"],
        text_en=row["text_en"],
        photo=dict(json.loads(row["photo"])),
        settlements=tuple(json.loads(row["settlements"])),
        state=BroadcastState(row["state"]),
        send_at=from_db(row["send_at"]),
        created_at=from_db(row["created_at"]),
        started_at=_maybe(row["started_at"]),
        finished_at=_maybe(row["finished_at"]),
        expanded_through=row["expanded_through"],
        expanded=bool(row["expanded"]),
        recipients=row["recipients"],
        queued=row["queued"],
        sent=row["sent"],
        failed=row["failed"],
        skipped=row["skipped"],
        withdrawn=row["withdrawn"],
        progress_message=row["progress_message"],
        not_opted_in=row["not_opted_in"],
        capped=row["capped"],
    )
