"""The three-block menu on either messenger: what each block offers, real answers behind its
items, the way back, the menu from anywhere, text and pictures inside a block, language."""

from __future__ import annotations

from tests.both.world import World, onboard

SERVICES = ["🗓 Записатися до ЦНАП", "🎫 Мої записи", "❓ Часті питання"]
POWER = ["📞 Контакти громади", "📜 Петиції", "✉️ Звернення", "📂 Мої звернення"]
COMMUNITY = ["📍 Мій старостинський округ", "🚧 Повідомити про проблему"]
COMMUNITY += ["📰 Новини та оголошення", "🔔 Підписки"]
BACK = ["⬅️ Назад", "🏠 Меню"]


async def test_each_block_offers_its_items_and_leads_back(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    for block, title, items in (
        ("📋 Послуги", "Оберіть послугу", SERVICES),
        ("🤝 Я і громада", "Звʼязок із владою громади", POWER),
        ("🏘 Моя громада", "Довідка про громаду", COMMUNITY),
    ):
        shown = await olena.click(block)
        assert shown[-1].startswith(block)
        assert title in shown[-1]
        assert olena.buttons() == items + BACK, block
        shown = await olena.click("⬅️ Назад")
        assert "Оберіть розділ" in shown[-1]


async def test_the_blocks_lead_to_real_answers(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await olena.click("Моя громада")
    shown = await olena.click("старостинський округ")
    assert "Калинівський" in shown[-1]
    assert "Мельник Олег Іванович" in shown[-1]
    await olena.click("🏠 Меню")
    await olena.click("Я і громада")
    shown = await olena.click("Контакти громади")
    assert "вул. Соборна, 12" in shown[-1]
    assert "rada@yablunivska-demo.gov.ua" in shown[-1]
    assert "+380 4563 2-14-50" in shown[-1]


async def test_the_menu_is_one_tap_or_command_away(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await olena.click("Послуги")
    await olena.click("Записатися до ЦНАП")
    assert olena.buttons()[-1] == "🏠 Меню"
    shown = await olena.click("🏠 Меню")
    assert "Оберіть розділ" in shown[-1]
    shown = await olena.send("/menu")
    assert "Оберіть розділ" in shown[-1]
    assert world.t("menu-hint") not in shown, "the keyboard is there: no hint"


async def test_a_sticker_or_photo_inside_a_block_keeps_the_block(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await olena.click("Послуги")
    for act in (olena.send_sticker(), olena.send_photo()):
        shown = await act
        assert shown[0] == world.t("error-unsupported-content")
        assert "Оберіть послугу" in shown[-1], "back in «Послуги», not the main menu"
    await olena.click("🏠 Меню")
    shown = await olena.send_photo()
    assert "Оберіть розділ" in shown[-1]


async def test_the_language_can_be_changed_later(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    shown = await olena.send("/language")
    assert shown[-1] == world.t("language-choose")
    shown = await olena.click("English")
    assert "🇬🇧 Language: English." in shown
    assert "Choose a section" in shown[-1]
    assert olena.buttons()[-1] == "🏠 Menu"
    shown = await olena.click("🏠 Menu")
    assert "Choose a section" in shown[-1]
    shown = await olena.click("🏘 My community")
    assert "📰 News and announcements" in olena.buttons()
