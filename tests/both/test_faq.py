"""Common questions on either messenger: a question typed in the resident's own words, the
answer rated, the honest «не знайшов», browsing, and what a resident types that is not a
question."""

from __future__ import annotations

from tests.both.world import World, onboard

SUBSIDY = "Як оформити субсидію на оплату житлово-комунальних послуг?"
ID_CARD = "Як оформити або обміняти паспорт у формі ID-картки?"
HELPFUL = "Чи допомогла відповідь?"
NOT_FOUND = "Не знайшов відповіді на це питання"
PHONES = ("☎️ Міська рада: +380 4563 2-14-50", "☎️ ЦНАП: +380 4563 2-15-15")


async def test_a_typed_question_is_answered_and_rated(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    for question, title in (
        ("пасспорт новий де зробити", ID_CARD),  # misspelled
        ("субсідія на дрова", SUBSIDY),  # surzhyk spelling
        ("Як оформити субсидію?", SUBSIDY),  # inflected
    ):
        shown = await olena.send(question)
        assert len(shown) == 1, shown
        assert shown[0].startswith(f"{title}\n\n")
        assert shown[0].endswith(HELPFUL)
        assert {"👍 Так", "👎 Ні", "📚 Усі питання"} <= set(olena.buttons())

    shown = await olena.click("👍 Так")
    assert shown == [world.t("faq-thanks")]
    shown = await olena.click("👎 Ні")
    assert "Шкода, що відповідь не допомогла" in shown[-1]
    assert all(phone in shown[-1] for phone in PHONES)
    assert olena.buttons() == ["🗓 Записатися до ЦНАП", "📚 Усі питання", "🏠 Меню"]
    rows = await world.services.db.fetchall("SELECT entry_code, helpful FROM faq_feedback")
    assert [tuple(r) for r in rows] == [("housing-subsidy", 0)], "the second press replaced"


async def test_nothing_found_is_said_honestly(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    shown = await olena.send("рецепт борщу")
    assert len(shown) == 1
    assert shown[0].startswith(f"🤷 {NOT_FOUND}: «рецепт борщу».")
    assert HELPFUL not in shown[0], "no wrong answer to rate"
    assert all(phone in shown[0] for phone in PHONES)
    assert olena.buttons() == ["🗓 Записатися до ЦНАП", "📚 Усі питання", "🏠 Меню"]
    misses = await world.services.db.fetchall("SELECT question, count FROM faq_misses")
    assert [tuple(r) for r in misses] == [("рецепт борщу", 1)]
    shown = await olena.click("Записатися до ЦНАП")
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]

    await olena.click("🏠 Меню")
    shown = await olena.send("відключення")  # of light or of water: a coin toss
    assert NOT_FOUND in shown[0]
    assert "Можливо, ви мали на увазі" in shown[0]
    assert olena.buttons()[:2] == [
        "Де дізнатися графік відключень світла?",
        "Чому немає води і куди звертатися?",
    ]
    shown = await olena.click("Чому немає води")
    assert shown[-1].startswith("Чому немає води і куди звертатися?\n\n")


async def test_browsing_a_category_to_an_answer(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await olena.click("📋 Послуги")
    shown = await olena.click("Часті питання")
    assert "Оберіть тему" in shown[-1]
    assert "Міська рада і старости" in olena.buttons()
    await olena.click("Міська рада і старости")
    shown = await olena.click("Які контакти і графік роботи міської ради?")
    assert "вул. Соборна, 12" in shown[-1]
    assert "Сайт громади" in olena.buttons(), "the entry's link"
    shown = await olena.click("⬅️ Назад")
    assert "Міська рада і старости" in shown[-1]


async def test_what_is_typed_is_shown_as_typed(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    shown = await olena.send("*важливо* <b>борщ</b> & _рецепт_")
    assert "«*важливо* <b>борщ</b> & _рецепт_»" in shown[0], "no markup taken from it"
    shown = await olena.send("<b>субсидія</b> на <i>газ</i>")
    assert shown[0].startswith(f"{SUBSIDY}\n\n")


async def test_a_long_message_a_photo_and_an_old_button(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    shown = await olena.send(("загубила паспорт що робити " * 400)[:10_000])
    assert len(shown) == 1
    assert shown[0].startswith("Що робити, якщо загубив паспорт або його вкрали?")
    shown = await olena.send("ж" * 10_000)
    assert NOT_FOUND in shown[0]
    assert len(shown[0]) < 1000, "the question is echoed clipped"
    shown = await olena.send_photo()
    assert shown[0] == world.t("error-unsupported-content")
    assert "Оберіть розділ" in shown[-1]

    await olena.send("субсидія на газ")
    helpful = olena.keep_button("👍 Так")
    await olena.send("рецепт борщу")
    shown = await olena.press_kept(helpful)
    feedback = await world.services.db.fetchall("SELECT entry_code, helpful FROM faq_feedback")
    if olena.channel == "viber":  # Viber shows only the newest keyboard: that one is gone
        assert shown[0] == world.t("error-stale-button")
        assert feedback == []
    else:  # the answer is still on the screen, with its buttons
        assert shown == [world.t("faq-thanks")]
        assert [tuple(r) for r in feedback] == [("housing-subsidy", 1)]
