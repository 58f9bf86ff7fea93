"""Withdrawing consent half-way through an appeal closes the form: the name, address and
phone typed afterwards are not kept (issue 12). A phone no network could ring is refused."""

from __future__ import annotations

from tests.appeals.chat import BODY, NEAR, onboard, open_appeal, resident_id, send_location
from tests.harness import BotEnv, Chat


async def to_the_name_step(chat: Chat) -> None:
    await open_appeal(chat)
    await chat.click("Скарга")
    await chat.click("Дороги і транспорт")
    await chat.send(BODY)
    await send_location(chat, NEAR)
    shown = await chat.click("Далі")
    assert "ПІБ" in shown[-1] or "прізвище" in shown[-1]


async def test_withdrawing_consent_closes_the_appeal_form(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await to_the_name_step(olena)
    await olena.send("/mydata")
    await olena.click("Відкликати згоду")
    await olena.click("Так, відкликати згоду")
    await olena.send("Олена Петрівна Коваленко")
    await olena.send("с. Калинівка, вул. Шкільна, 1")
    await olena.share_contact()
    number = await resident_id(env, olena)
    found = await env.services.residents.get(number)
    assert found is not None
    assert (found.full_name, found.phone) == (None, None)
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM appeal_drafts") == 0
    assert await env.services.db.fetchval("SELECT COUNT(*) FROM appeal_contacts") == 0
    assert not any("Вибачте, сталася помилка" in text for text in olena.texts())


async def test_a_40_digit_phone_is_refused_in_an_appeal(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await to_the_name_step(olena)
    await olena.send("Олена Петрівна Коваленко")
    await olena.send("с. Калинівка, вул. Шкільна, 1")
    shown = await olena.share_contact("1" * 40)
    assert "не схоже на номер телефону" in shown[-1]
    found = await env.services.residents.get(await resident_id(env, olena))
    assert found is not None
    assert found.phone is None
