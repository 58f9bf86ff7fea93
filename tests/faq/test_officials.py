"""/faq_stats as officials meet it: what residents asked in vain and which answers did not
help, most frequent first; for anyone else the command and its buttons do not exist."""

from __future__ import annotations

import pytest

from handlers.faq.callbacks import FaqStatsCb, StatsView
from tests.harness import BotEnv, Chat
from tests.queue.chat import ADMIN_ID, onboard

UNKNOWN = "Не знаю такої команди"


async def number_of(env: BotEnv, chat: Chat) -> int:
    found = await env.services.residents.find_by_channel("telegram", str(chat.id))
    assert found is not None
    return found.id


@pytest.fixture
async def editor(env: BotEnv) -> Chat:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    iryna = env.resident(1700, first_name="Ірина")
    await onboard(iryna)
    shown = await admin.send(f"/grant {await number_of(env, iryna)} редактор")
    assert "надано роль" in shown[0]
    await env.deliver()
    assert "/faq_stats" in iryna.last_text, "the new editor is told where to look"
    return iryna


async def test_the_editor_sees_misses_and_unhelpful_answers_most_frequent_first(
    env: BotEnv, editor: Chat
) -> None:
    olena = env.resident()
    await onboard(olena)
    for question in ("рецепт борщу", "курс долара", "Рецепт  борщу", "<b>курс</b> долара"):
        await olena.send(question)
    await olena.send("рецепт борщу")
    await olena.send("субсидія на газ")
    await olena.click("👎 Ні")

    shown = await editor.send("/faq_stats")
    text = shown[-1]
    assert "Питання без відповіді" in text
    borsch, dollar = text.index("«рецепт борщу»"), text.index("«курс долара»")
    assert borsch < dollar, "most frequent first"
    assert "3 рази" in text
    assert "1 раз" in text
    assert "&lt;b&gt;курс&lt;/b&gt; долара" in text, "a pasted tag is only text"

    shown = await editor.click("Відповіді, що не допомогли")
    assert "Як оформити субсидію на оплату житлово-комунальних послуг?" in shown[-1]
    assert "(housing-subsidy): 👎 1 · 👍 0" in shown[-1]


async def test_many_misses_are_paged_within_telegram_limits(env: BotEnv, editor: Chat) -> None:
    olena = env.resident()
    await onboard(olena)
    for number in range(12):
        await olena.send(f"питання про щось зовсім інше номер {number} " + "ж" * 480)
    shown = await editor.send("/faq_stats")
    assert len(shown[-1]) <= 4096
    assert "Далі ➡️" in editor.buttons()
    shown = await editor.click("Далі")
    assert "сторінка 2" in shown[-1]
    assert shown[-1].count("«") == 2, "the two misses beyond the first ten"


async def test_an_administrator_sees_them_too(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    shown = await admin.send("/faq_stats")
    assert "всі питання мешканців знайшли відповідь" in shown[-1]
    assert "/faq_stats" in (await admin.send("/admin"))[-1]


async def test_a_resident_typing_faq_stats_gets_unknown_command(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.send("рецепт борщу")
    shown = await olena.send("/faq_stats")
    assert UNKNOWN in shown[0]
    assert not any("рецепт борщу" in text for text in shown)


async def test_a_forged_stats_button_gets_no_rights(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.send("рецепт борщу")
    shown = await olena.press(FaqStatsCb(view=StatsView.MISSES, page=0).pack())
    assert "недостатньо прав" in olena.alerts()[-1]
    assert not any("рецепт борщу" in text for text in shown)
