"""Onboarding on either messenger: the data notice and consent, language, settlement, the
menu; declining; a QR poster; an English resident; what a new resident may get wrong."""

from __future__ import annotations

from tests.both.world import PAID_NEWS_YES, World, answer_paid_question, onboard

MENU_BUTTONS = ["📋 Послуги", "🤝 Я і громада", "🏘 Моя громада", "🌐 Мова", "🔐 Мої дані"]


async def test_consent_language_and_settlement_lead_to_the_menu(world: World) -> None:
    olena = world.resident()
    shown = await olena.start()
    assert "Вітаємо" in shown[0]
    assert "Яблунівської міської територіальної громади" in shown[0]
    assert world.t("consent-notice") in shown[-1]
    assert olena.buttons() == [world.t("consent-agree"), world.t("consent-decline")]

    shown = await olena.click("Погоджуюсь")
    assert shown == [
        world.t("consent-thanks"),
        world.t("consent-given"),
        world.t("language-choose"),
    ]
    assert olena.buttons() == ["🇺🇦 Українська", "🇬🇧 English"]

    shown = await olena.click("Українська")
    assert shown[-1] == world.t("settlement-choose")
    assert {"м. Яблунів", "с. Калинівка", "с. Озерне"} <= set(olena.buttons())

    shown = await olena.click("Калинівка")
    shown += await answer_paid_question(olena, PAID_NEWS_YES)
    assert world.t("settlement-changed", settlement="с. Калинівка") in shown
    assert world.t("onboarding-done") in shown
    assert "Оберіть розділ" in shown[-1]
    assert olena.buttons() == [*MENU_BUTTONS, "🏠 Меню"]
    stored = await olena.record()
    assert stored is not None
    assert stored.onboarded
    assert stored.consent == "given"

    shown = await olena.send("/mydata")
    assert "Населений пункт: с. Калинівка" in shown[-1]
    assert "Згода на обробку даних: надана 23.11.2026, 09:00" in shown[-1]


async def test_declining_consent_still_reaches_the_menu(world: World) -> None:
    petro = world.resident(1002, first_name="Петро")
    await petro.start()
    shown = await petro.click("Не погоджуюсь")
    assert any("Без згоди вам доступні довідка" in text for text in shown)
    await petro.click("Українська")
    shown = await petro.click("Озерне")
    shown += await answer_paid_question(petro, PAID_NEWS_YES)
    assert "Оберіть розділ" in shown[-1]
    assert "🏘 Моя громада" in petro.buttons()
    shown = await petro.send("/mydata")
    assert "Згода на обробку даних: не надана" in shown[-1]
    assert "Імʼя: —" in shown[-1]
    assert "Телефон: —" in shown[-1]


async def test_a_qr_poster_preselects_the_settlement(world: World) -> None:
    maria = world.resident(1003, first_name="Марія")
    await maria.start("s-ozerne")
    await maria.click("Погоджуюсь")
    shown = await maria.click("Українська")
    shown += await answer_paid_question(maria, PAID_NEWS_YES)
    assert world.t("settlement-from-poster", settlement="с. Озерне") in shown
    assert "Оберіть розділ" in shown[-1], "no settlement question"
    shown = await maria.send("/mydata")
    assert "Населений пункт: с. Озерне" in shown[-1]


async def test_an_english_resident_is_greeted_in_english(world: World) -> None:
    john = world.resident(1004, language="en-GB", first_name="John")
    shown = await john.start()
    assert "Consent to personal data processing" in shown[-1]
    assert john.buttons()[0] == "✅ I agree"
    await onboard(john, settlement="Ozerne", language="English")
    assert "Choose a section" in john.last_text
    assert john.buttons() == [
        "📋 Services",
        "🤝 Me and the council",
        "🏘 My community",
        "🌐 Language",
        "🔐 My data",
        "🏠 Menu",
    ]


async def test_bad_input_at_each_step_keeps_the_step(world: World) -> None:
    ivan = world.resident(1005, first_name="Іван")
    await ivan.start()
    for step, prompt in (
        ("Погоджуюсь", world.t("consent-notice")),
        ("Українська", world.t("language-choose")),
        ("Калинівка", world.t("settlement-choose")),
    ):
        for act in (ivan.send("просто текст"), ivan.send_photo(), ivan.send("я" * 10_000)):
            shown = await act
            assert any(prompt in text for text in shown), (step, shown)
            assert all(len(text) < 7000 for text in shown), "a 10,000-character message echoed"
        assert any(step in label for label in ivan.buttons()), "the step's buttons stay"
        await ivan.click(step)
    await answer_paid_question(ivan, PAID_NEWS_YES)
    assert "Оберіть розділ" in ivan.last_text
    stored = await ivan.record()
    assert stored is not None
    assert stored.onboarded


async def test_an_old_button_is_refused_and_the_current_step_shown(world: World) -> None:
    ivan = world.resident(1006, first_name="Іван")
    await ivan.start()
    agree = ivan.keep_button("Погоджуюсь")
    await ivan.click("Погоджуюсь")
    shown = await ivan.press_kept(agree)  # a double tap, a slow network
    assert shown[0] == world.t("error-stale-button")
    assert shown[-1] == world.t("language-choose"), "the step she is at, again"
    await ivan.click("Українська")
    await ivan.click("Калинівка")
    shown = await ivan.press_kept(agree)
    assert shown[0] == world.t("error-stale-button")
    assert "Оберіть розділ" in shown[-1]
    shown = await ivan.send("/mydata")
    assert "Населений пункт: с. Калинівка" in shown[-1], "nothing changed"


async def test_cancel_help_and_unknown_commands(world: World) -> None:
    ivan = world.resident(1007, first_name="Іван")
    await ivan.start()
    await ivan.click("Погоджуюсь")
    shown = await ivan.send("/cancel")
    assert shown[0] == world.t("cancel-onboarding")
    assert shown[-1] == world.t("language-choose")
    await ivan.click("Українська")
    await ivan.click("Калинівка")
    shown = await ivan.send("/cancel")
    assert shown[0] == world.t("cancel-nothing")
    assert "🏠 Меню" in ivan.buttons()
    shown = await ivan.send("/help")
    assert "/mydata" in shown[0]
    shown = await ivan.send("/nonsense")
    assert shown[0] == world.t("error-unknown-command")
