"""Writing a petition through the real dispatcher: every step, bad input at each one, and a
draft that survives leaving the form and a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.petitions.drafts import Draft, DraftRepository
from tests.harness import BotEnv, Chat, FakeClock
from tests.petition_steps import BODY, open_petitions, resident, resident_id, start_env

TITLE = "Відремонтувати дорогу до школи на Садовій"


@pytest.fixture
async def small(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    env = await start_env(tmp_path, clock, threshold=3, period_days=10)
    yield env
    await env.stop()


def n(number: int) -> str:
    """A number as Fluent shows it in Ukrainian: «5 000» with a no-break space."""
    return f"{number:,}".replace(",", "\u00a0")


async def draft_of(env: BotEnv, chat: Chat) -> Draft | None:
    return await DraftRepository(env.services.db).get(await resident_id(env, chat))


async def start_creating(chat: Chat) -> list[str]:
    await open_petitions(chat)
    return await chat.click("Створити петицію")


async def fill_in(chat: Chat, name: str = "Коваленко Олена Петрівна") -> list[str]:
    """Title, text, author, e-mail: returns the preview."""
    await chat.send(TITLE)
    await chat.send(BODY)
    await chat.click("Далі")
    await chat.send(name)
    return await chat.send("olena@example.com")


async def test_a_resident_writes_previews_and_files_a_petition(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    shown = await start_creating(olena)
    assert "Нова петиція" in shown[0]
    assert "назву" in shown[-1]
    shown = await olena.send(TITLE)
    assert "текст" in shown[-1]
    shown = await olena.send(BODY)
    assert f"Текст збережено: {len(BODY)} з {n(5000)} символів" in shown[-1]
    shown = await olena.click("Далі")
    assert "прізвище, імʼя та по батькові" in shown[-1]
    shown = await olena.send("Коваленко Олена Петрівна")
    assert "e-mail" in shown[-1]
    shown = await olena.send("  Olena@Example.com ")
    preview = shown[-1]
    assert "Перевірте петицію" in preview
    assert TITLE in preview
    assert BODY in preview
    assert "Коваленко Олена Петрівна" in preview
    assert "Olena@example.com" in preview, "the domain is normalised"

    shown = await olena.click("Подати на модерацію")
    assert "подано на модерацію" in shown[-1]
    assert "2 робочих днів" in shown[-1]
    assert await draft_of(small, olena) is None, "the draft is gone once filed"
    row = await small.services.db.fetchone("SELECT * FROM petitions")
    assert row is not None
    assert (row["title"], row["body"], row["status"]) == (TITLE, BODY, "moderation")
    assert (row["author_name"], row["author_email"]) == (
        "Коваленко Олена Петрівна",
        "Olena@example.com",
    )

    shown = await olena.click("Відкрити петицію")
    assert "на модерації" in shown[-1]
    assert "Підписати" not in " ".join(olena.buttons()), "not public yet"
    await olena.click("До списку")
    shown = await olena.click("Мої")
    assert TITLE[:30] in shown[-1]
    stranger = await resident(small, 1002)
    shown = await stranger.send(f"/start p-{row['id']}")
    assert "Такої петиції немає" in shown[-1], "others cannot open it before moderation"
    # The name given for the petition is reused the next time.
    await start_creating(olena)
    await olena.send(TITLE)
    await olena.send(BODY)
    await olena.click("Далі")
    assert "✅ Коваленко Олена Петрівна" in olena.buttons()
    await olena.click("✅ Коваленко Олена Петрівна")
    assert "✅ Olena@example.com" in olena.buttons()


async def test_bad_input_at_each_step_is_explained_and_the_draft_kept(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    await start_creating(olena)

    shown = await olena.send("Дорога")
    assert "від 10 до 200 символів, а у вашій — 6" in shown[-1]
    shown = await olena.send("Д" * 201)
    assert "у вашій — 201" in shown[-1]
    shown = await olena.send_photo()
    assert "фото, файли й наліпки додати не можна" in shown[0]
    assert "назву" in shown[-1], "the step is asked again"
    shown = await olena.send("/frobnicate")
    assert "Не знаю такої команди" in shown[0]
    assert "назву" in shown[-1]
    await olena.send(TITLE)

    shown = await olena.send("к" * 10_000)
    assert f"було б {n(10_000)} символів, а можна щонайбільше {n(5000)}" in shown[-1]
    await olena.send(BODY)
    shown = await olena.send("к" * 4_990)
    assert f"Раніше надіслане ({len(BODY)} символів) збережено" in shown[-1]
    shown = await olena.send_sticker()
    assert "наліпки" in shown[0]
    assert f"Текст збережено: {len(BODY)} з {n(5000)}" in shown[-1]
    draft = await draft_of(small, olena)
    assert draft is not None
    assert (draft.title, draft.body) == (TITLE, BODY)
    await olena.click("Далі")

    shown = await olena.send("Олена123")
    assert "прізвище та імʼя літерами" in shown[-1]
    shown = await olena.send("<b>Олена</b> Коваленко")
    assert "прізвище та імʼя літерами" in shown[-1]
    await olena.send("Коваленко Олена")
    for bad in ("olena", "olena@", "olena@localhost", "o@" + "x" * 260 + ".ua"):
        shown = await olena.send(bad)
        assert "Це не схоже на адресу e-mail" in shown[-1], bad
    shown = await olena.send("olena@example.com")
    assert "Перевірте петицію" in shown[-1]
    draft = await draft_of(small, olena)
    assert draft == Draft(TITLE, BODY, "Коваленко Олена", "olena@example.com")


async def test_a_long_text_can_come_in_several_messages(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    await start_creating(olena)
    await olena.send(TITLE)
    first, second = "Перша частина & <тексту>. " * 150, "Друга частина тексту. " * 40
    await olena.send(first)
    shown = await olena.send(second)
    total = len(first.strip()) + 1 + len(second.strip())
    assert f"Текст збережено: {n(total)} з {n(5000)}" in shown[-1]
    await olena.click("Далі")
    await olena.send("Коваленко Олена")
    shown = await olena.send("olena@example.com")
    assert all(len(text) <= 4096 for text in shown)
    assert "Далі ➡️" in olena.buttons(), "a long preview has pages"
    await olena.click("Подати на модерацію")
    body = await small.services.db.fetchval("SELECT body FROM petitions")
    assert body == first.strip() + "\n" + second.strip()


async def test_changing_a_part_from_the_preview(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    await start_creating(olena)
    await fill_in(olena)
    await olena.click("✏️ Назва")
    shown = await olena.send("Полагодити ліхтарі на Садовій вулиці")
    assert "Перевірте петицію" in shown[-1]
    assert "Полагодити ліхтарі" in shown[-1]
    await olena.click("✏️ Текст")
    shown = await olena.send("Новий текст петиції про ліхтарі, які не світять з літа.")
    assert f"Текст збережено: 55 з {n(5000)}" in shown[-1], "the new text replaces the old one"
    shown = await olena.click("Далі")
    assert "Новий текст петиції" in shown[-1]
    assert BODY not in shown[-1]


async def test_the_draft_survives_leaving_the_form_and_a_restart(small: BotEnv) -> None:
    olena = await resident(small, 1001)
    await start_creating(olena)
    await olena.send(TITLE)
    await olena.send(BODY)
    await olena.send("/menu")
    await olena.click("📋")  # into another block and back
    shown = await start_creating(olena)
    assert f"незавершена чернетка петиції: «{TITLE}»" in shown[-1]
    shown = await olena.click("Продовжити")
    assert f"Текст збережено: {len(BODY)} з {n(5000)}" in shown[-1]

    await small.restart()
    shown = await olena.send("/start")
    assert "Ви саме заповнюєте форму" in shown[0]
    assert "Текст збережено" in shown[-1]
    await olena.click("Далі")
    await olena.send("Коваленко Олена")
    await small.restart()
    shown = await olena.send("olena@example.com")
    assert "Перевірте петицію" in shown[-1]
    await olena.send("/cancel")
    await start_creating(olena)
    shown = await olena.click("Почати заново")
    assert "назву" in shown[-1]
    assert await draft_of(small, olena) == Draft()


async def test_filing_needs_consent_which_explains_the_public_name(small: BotEnv) -> None:
    viktor = small.resident(1003)
    await viktor.send("/start")
    await viktor.click("Не погоджуюсь")
    await viktor.click("Українська")
    await viktor.click("Калинівка")
    shown = await start_creating(viktor)
    assert "імʼя автора було публічним" in shown[-1]
    assert "залишається публічною з вашим імʼям" in shown[-1]
    shown = await viktor.click("Погоджуюсь")
    assert "назву" in shown[-1]
