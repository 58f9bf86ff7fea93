"""Moderators and the council's answer, through the real dispatcher: the whole life of a
petition, refusal, forged buttons, a withdrawn role, two moderators at once, the reminder
after two working days, the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.petitions.callbacks import ModAction, ModerationCb
from storage.audit import Actor
from storage.petitions.model import Petition
from storage.roles import COMMUNITY, Role
from tests.harness import BotEnv, Chat, FakeClock, utc
from tests.petition_steps import (
    BODY,
    open_petitions,
    resident,
    resident_id,
    service,
    sign,
    start_env,
)

TITLE = "Відремонтувати дорогу до школи на Садовій"
NO_RIGHTS = "⛔ У вас недостатньо прав для цієї дії."


@pytest.fixture
async def small(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    env = await start_env(tmp_path, clock, threshold=3, period_days=10)
    yield env
    await env.stop()


async def moderator(env: BotEnv, user_id: int = 2001, scope: str = COMMUNITY) -> Chat:
    chat = await resident(env, user_id)
    rid = await resident_id(env, chat)
    await env.services.roles.grant(rid, Role.MODERATOR, scope, Actor.system("test"))
    return chat


async def waiting(env: BotEnv, author: Chat, title: str = TITLE) -> Petition:
    rid = await resident_id(env, author)
    return await service(env).submit(rid, title, BODY, "Коваленко Олена", "olena@example.com")


async def audit_rows(env: BotEnv) -> list[tuple[str, int | None, str]]:
    rows = await env.services.db.fetchall(
        "SELECT action, actor_id, object_id FROM audit_log WHERE object_type = 'petition' "
        "ORDER BY id"
    )
    return [(r["action"], r["actor_id"], r["object_id"]) for r in rows]


def mod(action: ModAction, petition_id: int = 0) -> str:
    return ModerationCb(action=action, id=petition_id).pack()


async def test_a_petition_from_filing_to_the_councils_answer(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    anna = await moderator(small)
    await open_petitions(olena)
    await olena.click("Створити петицію")
    await olena.send(TITLE)
    await olena.send(BODY)
    await olena.click("Далі")
    await olena.send("Коваленко Олена Петрівна")
    await olena.send("olena@example.com")
    await olena.click("Подати на модерацію")
    anna.news()
    await small.deliver()
    notice = anna.news()[-1]
    assert f"Нова петиція №1 «{TITLE}» чекає на модерацію" in notice

    shown = await anna.click("Розглянути")
    assert TITLE in shown[-1]
    assert "olena@example.com" in shown[-1], "moderators see the e-mail"
    await anna.click("Опублікувати")
    shown = await anna.click("Так, опублікувати")
    assert "Петицію №1 опубліковано" in shown[-1]
    olena.news()
    await small.deliver()
    assert f"Вашу петицію №1 «{TITLE}» опубліковано" in olena.news()[-1]

    signers = [await resident(small, 1100 + n) for n in range(3)]
    for chat in signers:
        await chat.send("/start p-1")
        await sign(chat, name="Мельник Петро")
    await small.deliver()
    assert "набрала 3 підписи" in olena.news()[-1]
    assert all("яку ви підписали, набрала 3 підписи" in c.news()[-1] for c in signers)

    shown = await anna.send("/moderate")
    assert "На модерації петицій немає" in shown[-1]
    await anna.click("Чекають відповіді ради: 1")
    await anna.click("№1 ")
    shown = await anna.click("Внести відповідь ради")
    assert "Напишіть відповідь ради" in shown[-1]
    shown = await anna.send("Ні")
    assert "від 3 до 3\u00a0000 символів, а зараз — 2" in shown[-1]
    answer = "Рада виділила кошти <на ремонт> & асфальтування; роботи — до травня."
    shown = await anna.send(answer)
    assert "Рада виділила кошти &lt;на ремонт&gt; &amp; асфальтування" in shown[-1]
    shown = await anna.click("Опублікувати: підтримано")
    assert "Її отримають автор і 3 підписанти" in shown[-1]

    await small.deliver()
    for chat in (olena, *signers):
        notice = chat.news()[-1]
        assert "Рада відповіла" in notice
        assert "✅ підтримано" in notice
        assert "&lt;на ремонт&gt; &amp; асфальтування" in notice
    shown = await open_petitions(signers[0])
    shown = await signers[0].click("З відповіддю")
    shown = await signers[0].click("№1 ")
    assert "Відповідь ради" in shown[-1]
    anna_id = await resident_id(small, anna)
    assert await audit_rows(small) == [
        ("petition.approve", anna_id, "1"),
        ("petition.answer", anna_id, "1"),
    ]
    assert await small.services.run_job("petitions") == 0, "every notice went out once"


async def test_refusal_reaches_the_author_with_the_reason(small: BotEnv) -> None:
    olena = await resident(small, 1001, language="English")
    petition = await waiting(small, olena)
    anna = await moderator(small)
    await anna.send("/moderate")
    shown = await anna.click(f"№{petition.id} ")
    await anna.click("Відмовити")
    shown = await anna.send("Ні")
    assert "зараз — 2" in shown[-1]
    shown = await anna.send("Петиція стосується <b>держбюджету</b>, а не громади.")
    assert f"Петицію №{petition.id} не опубліковано" in shown[-1]
    olena.news()
    await small.deliver()
    notice = olena.news()[-1]
    assert f'Petition No. {petition.id} "{TITLE}" was not published' in notice
    assert "&lt;b&gt;держбюджету&lt;/b&gt;" in notice
    await olena.click("Open the petition")
    assert "Publication refused" in olena.last_text
    stranger = await resident(small, 1002)
    shown = await stranger.send(f"/start p-{petition.id}")
    assert "Такої петиції немає" in shown[-1]
    assert await audit_rows(small) == [
        ("petition.refuse", await resident_id(small, anna), str(petition.id))
    ]


async def test_a_residents_forged_moderator_buttons_change_nothing(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    petition = await waiting(small, olena)
    for action in (ModAction.APPROVE_YES, ModAction.REFUSE, ModAction.ANSWER, ModAction.QUEUE):
        await olena.press(mod(action, petition.id))
        assert olena.alerts()[-1] == NO_RIGHTS, action
    shown = await olena.send("/moderate")
    assert "Не знаю такої команди" in shown[0]
    # A moderator of one settlement does not moderate the community's petitions.
    village = await moderator(small, 2002, scope="kalynivka")
    await village.press(mod(ModAction.APPROVE_YES, petition.id))
    assert village.alerts()[-1] == NO_RIGHTS
    after = await service(small).get(petition.id)
    assert after is not None
    assert after.status == "moderation"
    assert await audit_rows(small) == []


async def test_a_role_withdrawn_mid_refusal_refuses_nothing(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    petition = await waiting(small, olena)
    anna = await moderator(small)
    await anna.press(mod(ModAction.REFUSE, petition.id))
    rid = await resident_id(small, anna)
    await small.services.roles.revoke(rid, Role.MODERATOR, COMMUNITY, Actor.system("test"))
    shown = await anna.send("Причина, яку вже ніхто не прийме.")
    assert shown[-1] == NO_RIGHTS
    after = await service(small).get(petition.id)
    assert after is not None
    assert after.status == "moderation"
    assert await audit_rows(small) == []


async def test_two_moderators_at_once_publish_once(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    petition = await waiting(small, olena)
    anna, petro = await moderator(small, 2001), await moderator(small, 2002)
    await anna.press(mod(ModAction.APPROVE_YES, petition.id))
    await petro.press(mod(ModAction.APPROVE_YES, petition.id))
    assert petro.alerts()[-1].startswith("Цю петицію вже розглянуто")
    assert [a for a, _, _ in await audit_rows(small)] == ["petition.approve"]
    await small.deliver()
    published = [t for t in olena.texts() if "опубліковано" in t]
    assert len(published) == 1


async def test_moderators_are_reminded_after_two_working_days(
    small: BotEnv, clock: FakeClock
) -> None:
    olena = await resident(small, 1001)
    anna = await moderator(small)
    clock.now = utc(2026, 11, 27, 13, 0)  # Friday 15:00 in Kyiv
    petition = await waiting(small, olena)
    clock.now = utc(2026, 11, 30, 14, 0)  # Monday 16:00: one working day
    assert await small.services.run_job("petitions") == 0
    clock.now = utc(2026, 12, 1, 13, 1)  # Tuesday 15:01
    anna.news()
    assert await small.services.run_job("petitions") == 1
    await small.deliver()
    reminder = anna.news()[-1]
    assert f"Петиція №{petition.id} «{TITLE}» чекає на модерацію довше за 2 робочі дні" in reminder
    assert "🔎 Розглянути" in anna.buttons()
    clock.advance(days=1)
    assert await small.services.run_job("petitions") == 0, "one reminder per petition"
