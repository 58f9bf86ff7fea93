"""Onboarding and the menu as a new resident meets them: a QR poster for another village,
the first language choice, the «🏠 Меню» hint, text typed inside a block, the district
screen's next step, the greeting's grammar, promises."""

from __future__ import annotations

from storage.community import CommunityRepository, parse_community
from storage.database import Database
from tests.harness import DEMO_FILE, BotEnv
from tests.queue.chat import onboard, pick_slot

HINT = "Кнопка «🏠 Меню» внизу завжди поверне вас сюди."


async def test_a_qr_poster_offers_an_existing_resident_to_switch(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await olena.send("/start s-ozerne")
    assert "Цей QR-код — для населеного пункту <b>с. Озерне</b>" in shown[-1]
    assert "Зараз у вас обрано: <b>с. Калинівка</b>" in shown[-1]
    await olena.click("Так, змінити")
    shown = await olena.send("/mydata")
    assert "Населений пункт: с. Озерне" in shown[-1]
    shown = await olena.send("/start s-ozerne")
    assert "З поверненням" in shown[0], "the same village: nothing to offer"


async def test_the_first_language_choice_is_not_called_a_change(env: BotEnv) -> None:
    olena = env.resident()
    await olena.send("/start")
    await olena.click_nth(0)
    await olena.click("Українська")
    assert "Мову змінено" not in olena.alerts()
    await olena.click("Калинівка")
    await olena.send("/language")
    await olena.click("English")
    assert olena.alerts()[-1] == "Language changed"


async def test_the_menu_hint_comes_only_when_the_keyboard_is_missing(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    for _ in range(3):
        shown = await olena.click("🏠")
        assert HINT not in shown, "the keyboard is on screen: no hint, one message"
        assert len(shown) == 1
    await pick_slot(olena)
    await olena.send("Олена Коваленко")
    assert olena.reply_button("Поділитися номером") is not None
    shown = await olena.send("/menu")
    assert HINT in shown, "the phone keyboard replaced it: the menu keyboard comes back"
    assert olena.reply_button("Меню") is not None
    shown = await olena.send("/menu")
    assert HINT not in shown
    await olena.send("/language")
    shown = await olena.click("English")
    assert "The “🏠 Menu” button below always brings you back here." in shown
    assert olena.reply_button("🏠 Menu") is not None


async def test_what_a_resident_sends_inside_a_block_keeps_the_block(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.click("🏠")
    await olena.click("Послуги")
    shown = await olena.send_sticker()
    assert "Я розумію лише текст" in shown[0]
    assert "Оберіть послугу" in shown[-1], "back in «Послуги», not the main menu"
    shown = await olena.send("як отримати паспорт")
    assert not any("Оберіть розділ" in text for text in shown), "a question, not the menu"
    await olena.click("🏠")
    shown = await olena.send_sticker()
    assert "Оберіть розділ" in shown[-1], "from the main menu: the main menu"


async def test_the_district_screen_of_the_centre_offers_the_contacts(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena, settlement="Яблунів")
    await olena.click("🏠")
    await olena.click("Моя громада")
    shown = await olena.click("старостинський округ")
    assert "«📞 Контакти громади»" in shown[-1]
    shown = await olena.click("📞 Контакти громади")
    assert "+380 4563 2-14-50" in shown[-1]


async def test_the_greeting_puts_the_community_in_the_genitive(env: BotEnv) -> None:
    olena = env.resident()
    shown = await olena.send("/start")
    assert "Це чат-бот <b>Яблунівської міської територіальної громади</b>." in shown[0]

    # A file without the genitive form: the name goes where the nominative reads right.
    text = DEMO_FILE.read_text(encoding="utf-8")
    text = text.replace("    uk_genitive: Яблунівської міської територіальної громади\n", "")
    other = await Database.open(env.settings.database.path)
    try:
        await CommunityRepository(other).load(parse_community(text))
    finally:
        await other.close()
    ivan = env.resident(1002, first_name="Іван")
    shown = await ivan.send("/start")
    assert "Ви в чат-боті, який веде <b>Яблунівська міська територіальна громада</b>." in (shown[0])


# What onboarding may promise, and the flow that must exist for it.
PROMISES = {
    "новин": "news",
    "news": "news",
    "петиц": "petitions",
    "petition": "petitions",
    "часті питання": "faq",
    "common questions": "faq",
    "звернення": "appeals",
    "appeal": "appeals",
    "проблем": "appeals",
}


async def test_onboarding_promises_only_what_the_bot_has(env: BotEnv) -> None:
    flows = {flow.name for flow in env.services.flows.flows}
    for user, language in ((1001, "Українська"), (1002, "English")):
        chat = env.resident(user, language_code="uk" if user == 1001 else "en")
        shown = [*await chat.send("/start"), *await chat.click_nth(0)]
        shown += await chat.click(language)
        promised = {flow for word, flow in PROMISES.items() for text in shown if word in text}
        assert promised, "onboarding says what the bot offers"
        assert promised <= flows, f"promised without a flow: {promised - flows}"
