"""What simulated residents type, press and send: hostile text, names, commands, phones,
forged callback data."""

from __future__ import annotations

from enum import Enum

from aiogram.filters.callback_data import CallbackData
from hypothesis import strategies as st

import handlers
from handlers.queue.callbacks import (
    OperatorAction,
    OperatorCb,
    QueueAction,
    QueueCb,
    RateCb,
    TicketAction,
    TicketCb,
)
from ui.callbacks import ConsentCb, LanguageCb, MenuCb, MyDataCb, SettlementCb, SettlementPageCb

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
HOSTILE = [
    "<b>Олена</b> Коваленко",
    "<script>alert(1)</script>",
    "a & b < c > d &amp; &#0; &unknown;",
    "*bold* _italic_ `code` [link](https://example.com) ~~s~~ ||spoiler||",
    "🙂" * 300,
    "👨‍👩‍👧‍👦🏳️‍🌈🇺🇦",
    "مرحبا بالعالم שלום",
    "\u202eвиріш\u202c тест",
    ZERO_WIDTH * 20,
    "Оле\u200bна Ко\u200dваленко",
    "x" * 10_000,
    "ж" * 4097,
    "   ",
    "\n\n\t",
    "{ $name } {???} { -brand }",
    "'; DROP TABLE residents; --",
    "%s %d {0} ${x}",
    "0" * 40,
    "+380671234567",
    "К-1234",
    "/",
    "//start",
    "хочу паспорт",
    "13:00-15:30",
    "Відключення світла",
]
NAMES = [
    "Олена Коваленко",
    "Іван Петренко",
    "Мар'яна Дем'янчук-Ковальська",
    "Ольга Шевченко",
    "John Smith",
    "Остап Вишня",
]

texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(NAMES),
    st.text(min_size=1, max_size=60),
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["ж", "🙂", "<", "&", "\u200b", "Ї ", "a"]),
        st.integers(1, 5000),
    ),
).filter(lambda text: bool(text.strip()) and not text.startswith("/"))

numbers = st.one_of(
    st.integers(0, 20),
    st.sampled_from([2**53, 2**63, 2**64 + 1, 10**40, -1]),
).map(str) | st.sampled_from(["²", "٣", "1_000", "+5", " 7", "5.0", "0x10", ""])

COMMANDS = [
    "start",
    "menu",
    "cancel",
    "mydata",
    "help",
    "language",
    "settlement",
    "operator",
    "admin",
    "stats",
    "audit",
    "audit_csv",
    "roles",
    "lift_block",
    "grant",
    "revoke",
    "grant_operator",
    "revoke_operator",
    "unknown",
]
ROLE_WORDS = ["оператор", "адміністратор", "operator", "модератор", "x" * 60, "<b>"]
SCOPES = ["main", "ozerne", "kalynivka", "nowhere", "", "x" * 3000]

arguments = st.one_of(
    st.just(""),
    numbers,
    st.builds(
        lambda n, r, s: f"{n} {r} {s}".strip(),
        numbers,
        st.sampled_from(ROLE_WORDS),
        st.sampled_from(SCOPES),
    ),
    st.sampled_from(["s-ozerne", "s-kalynivka", "s-nowhere", "s-", "p-17", "x" * 3000]),
    st.builds(lambda n: f"p-{n}", numbers),
    texts,
)
commands = st.builds(
    lambda name, args: f"/{name} {args}".rstrip() if args else f"/{name}",
    st.sampled_from(COMMANDS),
    arguments,
)

phones = st.one_of(
    st.sampled_from(["+380671234567", "380501112233", "+380931112233", "+1 (555) 123-4567"]),
    st.sampled_from(["1" * 40, "+" + "9" * 40, "", "+", "abc", "+380", "²²²²²²²"]),
    st.text(alphabet="+0123456789 ", min_size=1, max_size=20),
)

_KNOWN_ACTIONS = [
    "show",
    "cancel",
    "cancel-yes",
    "reschedule",
    "rebook",
    "reminders",
    "toggle-day_before",
    "toggle-hours_before",
    "day",
    "card",
    "mark-arrived",
    "mark-served",
    "mark-no_show",
    "close",
    "close-day",
    "close-yes",
    "close-no",
    "start",
    "mine",
    "consent",
    "place",
    "category",
    "service",
    "time",
    "confirm",
    "back",
    "leave",
    "root",
    "mydata",
    "delete-yes",
    "withdraw-yes",
    "agree",
]


def _factories() -> list[type[CallbackData]]:
    """Every callback factory of the bot's flows (a new flow's too: all flows are loaded)."""
    handlers.all_flows()

    def walk(kind: type[CallbackData]) -> list[type[CallbackData]]:
        return [kind, *(k for sub in kind.__subclasses__() for k in walk(sub))]

    return [k for k in walk(CallbackData) if hasattr(k, "__prefix__")]


def _enum_values(factories: list[type[CallbackData]]) -> set[str]:
    values = set()
    for factory in factories:
        for info in factory.model_fields.values():
            kind = info.annotation
            if isinstance(kind, type) and issubclass(kind, Enum):
                values |= {str(member.value) for member in kind}
    return values


_PREFIXES = sorted({f.__prefix__ for f in _factories()} | {"tk0", "x"})
_ACTIONS = sorted(set(_KNOWN_ACTIONS) | _enum_values(_factories()))
_FIELDS = st.one_of(
    st.sampled_from(_ACTIONS),
    numbers,
    st.sampled_from(["main", "ozerne", "20261124", "99991231", "00010101", "20261123", "uk", "1"]),
    st.integers(-(2**70), 2**70).map(str),
    st.text(max_size=8),
)
_built = st.one_of(
    st.builds(
        lambda a, b: TicketCb(action=a, booking=b).pack(),
        st.sampled_from(list(TicketAction)),
        st.integers(0, 60),
    ),
    st.builds(
        lambda b, s: RateCb(booking=b, stars=s).pack(), st.integers(0, 60), st.integers(0, 5)
    ),
    st.builds(
        lambda a, p, d, b: OperatorCb(action=a, place=p, day=d, booking=b).pack(),
        st.sampled_from(list(OperatorAction)),
        st.sampled_from(["main", "ozerne", "nowhere"]),
        st.sampled_from(["", "20261123", "20261124", "20261201"]),
        st.integers(0, 60),
    ),
    st.builds(
        lambda a, v: QueueCb(action=a, value=v).pack(),
        st.sampled_from(list(QueueAction)),
        st.sampled_from(
            [
                "",
                "main",
                "ozerne",
                "passport",
                "residence",
                "20261124",
                "20261120",
                "1795000000",
                "99999999999999999999",
                "0",
            ]
        ),
    ),
    st.sampled_from(
        [
            ConsentCb(agree=True).pack(),
            ConsentCb(agree=False).pack(),
            LanguageCb(code="en").pack(),
            LanguageCb(code="de").pack(),
            SettlementCb(id=1).pack(),
            SettlementCb(id=999).pack(),
            SettlementPageCb(page=3).pack(),
            MenuCb(screen="mydata").pack(),
            MyDataCb(action="delete-yes").pack(),
            MyDataCb(action="withdraw-yes").pack(),
            MyDataCb(action="agree").pack(),
        ]
    ),
)
forged_callbacks = st.one_of(
    _built,
    st.builds(
        lambda prefix, parts: ":".join([prefix, *parts]),
        st.sampled_from(_PREFIXES),
        st.lists(_FIELDS, max_size=5),
    ),
    st.text(min_size=1, max_size=64),
).filter(lambda data: 0 < len(data.encode()) <= 64)
