"""Announcements and the FAQ in the fuzz test: residents change subscriptions, /stop and
/start, type questions; the administrator (who holds every role) composes, schedules and
sends broadcasts with hostile text; residents forge the broadcaster's buttons. Invariants:
only an official's broadcasts exist, nobody is queued one broadcast twice, a stopped
resident is never queued a broadcast after /stop, the counts add up."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import rule

from handlers.news.callbacks import ComposeAction, ComposeCb, NewsAction, NewsCb
from handlers.news.compose import ComposeFlow
from storage.news.model import Topic
from tests.fuzz import strategies as fuzz
from tests.fuzz.core import onboard, picks, press_nth
from tests.fuzz.registry import REGISTRY, FuzzRules
from tests.fuzz.world import ADMIN_ID, RESIDENTS, STATS, Actor, FuzzWorld

residents = st.sampled_from(RESIDENTS)
topics = st.sampled_from(list(Topic))
QUESTIONS = [
    "як записатися до цнап",
    "скільки коштує паспорт",
    "де отримати довідку про склад сімʼї",
    "коли вивіз сміття",
    "субсидія як оформити",
    "kjubwm",  # «громада» typed on the English layout
    "<b>де</b> укриття?",
    "???",
    "ж" * 4096,
]
WHEN = ["завтра 09:00", "31.12.2099 10:00", "01.01.2000 10:00", "25:61", "через годину"]


async def subscriptions(world: FuzzWorld, actor: Actor, topic: Topic, pick: int) -> None:
    """«Підписки»: switch a topic, open the settlements, switch one of them."""
    await world.text(actor, "/menu")
    await world.press(actor, NewsCb(action=NewsAction.SUBSCRIPTIONS).pack())
    await world.press(actor, NewsCb(action=NewsAction.TOPIC, topic=topic).pack())
    await world.press(actor, NewsCb(action=NewsAction.PLACES).pack())
    await press_nth(world, actor, pick, "nw1:place:")


async def compose(world: FuzzWorld, text: str, topic: Topic, when: str | None, pick: int) -> None:
    """The administrator writes a broadcast, picks a topic and an audience, sends it now or
    at a typed time, and the news job and the outbox run."""
    admin = world.actors["admin"]

    def data(action: ComposeAction, **more: object) -> str:
        return ComposeCb(action=action, **more).pack()

    await world.text(admin, "/broadcast")
    await world.press(admin, data(ComposeAction.TEXT))
    if (await world.state_of(admin))[0] == ComposeFlow.text.state:
        await world.text(admin, text)
    await world.press(admin, data(ComposeAction.TOPICS))
    await world.press(admin, data(ComposeAction.TOPIC, topic=topic))
    await world.press(admin, data(ComposeAction.AUDIENCE))
    if pick % 2:
        await press_nth(world, admin, pick, "bc1:place:")
    else:
        await world.press(admin, data(ComposeAction.EVERYWHERE))
    if when is not None:
        await world.press(admin, data(ComposeAction.WHEN))
        await world.text(admin, when)
    await world.press(admin, data(ComposeAction.PREVIEW))
    if await press_nth(world, admin, 0, "bc1:confirm"):
        STATS.add("broadcasts confirmed", 1)
    await send_news(world)


async def send_news(world: FuzzWorld) -> None:
    await world.services.run_job("news")
    await world.deliver()


@REGISTRY.rules
class NewsRules(FuzzRules):
    def ready(self, who: str, pick: int) -> Actor:
        actor = self.world.actors[who]
        if actor.blocked:
            self.world.run(self.world.membership(actor, "member"))
        if actor.resident_id is None or not self.world.onboarded(actor):
            self.world.run(onboard(self.world, actor, True, actor.name == "john", pick))
        return actor

    @rule(who=residents, topic=topics, pick=picks)
    def change_subscriptions(self, who: str, topic: Topic, pick: int) -> None:
        self.world.run(subscriptions(self.world, self.ready(who, pick), topic, pick))

    @rule(who=residents, pick=picks, stop=st.booleans())
    def stop_or_start(self, who: str, pick: int, stop: bool) -> None:
        actor = self.ready(who, pick)
        self.world.run(self.world.text(actor, "/stop" if stop else "/start"))

    @rule(who=residents, pick=picks, question=st.sampled_from(QUESTIONS), helpful=picks)
    def ask_the_faq(self, who: str, pick: int, question: str, helpful: int) -> None:
        actor = self.ready(who, pick)
        self.world.run(self.world.text(actor, "/menu"))
        self.world.run(self.world.text(actor, question))
        self.world.run(press_nth(self.world, actor, helpful, "faq"))

    @rule(
        text=st.one_of(fuzz.texts, st.sampled_from(["Вимкнення води завтра з 9 до 12"])),
        topic=topics,
        when=st.one_of(st.none(), st.sampled_from(WHEN)),
        pick=picks,
    )
    def admin_broadcasts(self, text: str, topic: Topic, when: str | None, pick: int) -> None:
        admin = self.world.actors["admin"]
        if admin.blocked:
            self.world.run(self.world.membership(admin, "member"))
        self.world.run(compose(self.world, text, topic, when, pick))

    @rule(minutes=st.sampled_from([30, 24 * 60]))
    def scheduled_broadcasts_come_due(self, minutes: int) -> None:
        self.world.clock.advance(minutes=minutes)
        self.world.run(send_news(self.world))

    @rule(
        who=st.sampled_from([*RESIDENTS, "operator"]),
        action=st.sampled_from(list(ComposeAction)),
        number=st.integers(0, 5),
    )
    def forge_a_broadcaster_button(self, who: str, action: ComposeAction, number: int) -> None:
        actor = self.ready(who, number) if who in RESIDENTS else self.world.actors[who]
        data = ComposeCb(action=action, id=number).pack()
        self.world.run(self.world.press(actor, data))
        self.world.run(send_news(self.world))


@REGISTRY.invariant
async def broadcasts_come_from_officials(world: FuzzWorld) -> None:
    authors = await world.services.db.fetchall(
        "SELECT b.id, b.author_id FROM broadcasts b "
        "WHERE b.author_id IS NOT NULL AND b.author_id NOT IN "
        "(SELECT c.resident_id FROM resident_channels c WHERE c.channel = 'telegram' "
        "AND c.chat_id = ?)",
        (str(ADMIN_ID),),
    )
    assert not authors, f"broadcasts by someone without the role: {[tuple(r) for r in authors]}"


@REGISTRY.invariant
async def a_broadcast_counts_what_it_queued(world: FuzzWorld) -> None:
    rows = await world.services.db.fetchall(
        "SELECT b.id, b.queued, b.sent + b.failed + b.skipped + b.withdrawn AS settled, "
        "(SELECT COUNT(*) FROM outbox o WHERE o.dedup_key >= 'bc:' || b.id || ':' "
        " AND o.dedup_key < 'bc:' || b.id || ';') AS rows FROM broadcasts b"
    )
    for row in rows:
        assert row["settled"] <= row["queued"], f"broadcast {row['id']} settled > queued"
        assert row["rows"] <= row["queued"], f"broadcast {row['id']}: rows beyond its count"


@REGISTRY.invariant
async def nothing_queued_after_stop(world: FuzzWorld) -> None:
    late = await world.services.db.fetchall(
        "SELECT o.id, o.resident_id FROM outbox o JOIN news_subscriptions s "
        "ON s.resident_id = o.resident_id WHERE s.stopped = 1 "
        "AND o.dedup_key LIKE 'bc:%' AND o.created_at > s.updated_at"
    )
    assert not late, f"broadcasts queued after /stop: {[tuple(r) for r in late]}"
