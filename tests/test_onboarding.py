"""Onboarding as a resident meets it: /start, data notice, language, settlement, menu."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import pytest

from tests.harness import BotEnv, Chat, FakeClock, make_settings
from ui.callbacks import SettlementCb

CONSENT = "Згода на обробку персональних даних"
LANGUAGE_QUESTION = "Оберіть мову"
SETTLEMENT_QUESTION = "Оберіть ваш населений пункт"
MENU = "Оберіть розділ"
USE_BUTTONS = "скористайтеся кнопками"


async def onboard(chat: Chat, settlement: str = "Калинівка") -> None:
    await chat.send("/start")
    await chat.click("Погоджуюсь")
    await chat.click("Українська")
    await chat.click(settlement)


async def test_walk_from_start_to_main_menu(env: BotEnv) -> None:
    olena = env.resident()
    shown = await olena.send("/start")
    assert "Вітаємо" in shown[0]
    assert CONSENT in shown[1]
    assert olena.buttons()[:2] == ["✅ Погоджуюсь", "Не погоджуюсь"]

    shown = await olena.click("Погоджуюсь")
    assert any(LANGUAGE_QUESTION in text for text in shown)

    shown = await olena.click("Українська")
    assert any(SETTLEMENT_QUESTION in text for text in shown)
    assert "с. Калинівка" in olena.buttons()

    shown = await olena.click("Калинівка")
    assert any("с. Калинівка" in text for text in shown)
    assert MENU in olena.last_text
    assert olena.buttons() == [
        "📋 Послуги",
        "🤝 Я і громада",
        "🏘 Моя громада",
        "🌐 Мова",
        "🔐 Мої дані",
        "🏠 Меню",
    ]


async def test_menu_blocks_lead_to_real_answers(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.click("Моя громада")
    shown = await olena.click("старостинський округ")
    assert "Калинівський" in shown[-1]
    assert "Мельник Олег Іванович" in shown[-1]
    await olena.click("Назад")
    await olena.click("Назад")
    await olena.click("Я і громада")
    shown = await olena.click("Контакти громади")
    assert "вул. Соборна, 12" in shown[-1]
    assert "rada@yablunivska-demo.gov.ua" in shown[-1]


async def test_english_telegram_user_is_greeted_in_english(env: BotEnv) -> None:
    john = env.resident(user_id=2002, language_code="en-GB", first_name="John")
    shown = await john.send("/start")
    assert "Consent to personal data processing" in shown[1]
    await john.click("I agree")
    await john.click("English")
    await john.click("Ozerne")
    assert "Choose a section" in john.last_text
    assert "🏘 My community" in john.buttons()


async def test_unsupported_telegram_language_falls_back_to_ukrainian(env: BotEnv) -> None:
    hans = env.resident(user_id=2003, language_code="de")
    shown = await hans.send("/start")
    assert CONSENT in shown[1]


async def test_declining_consent_still_reaches_read_only_menu(env: BotEnv) -> None:
    petro = env.resident(user_id=2004)
    await petro.send("/start")
    shown = await petro.click("Не погоджуюсь")
    assert any("Без згоди вам доступні довідка" in text for text in shown)
    await petro.click("Українська")
    await petro.click("Озерне")
    assert MENU in petro.last_text
    shown = await petro.send("/mydata")
    assert "Згода на обробку даних: не надана" in shown[-1]


async def test_qr_poster_payload_chooses_the_settlement(env: BotEnv) -> None:
    maria = env.resident(user_id=2005)
    await maria.send("/start s-ozerne")
    await maria.click("Погоджуюсь")
    shown = await maria.click("Українська")
    assert any("с. Озерне" in text and "QR" in text for text in shown)
    assert MENU in maria.last_text
    shown = await maria.send("/mydata")
    assert "Населений пункт: с. Озерне" in shown[-1]


async def test_unknown_poster_payload_is_ignored(env: BotEnv) -> None:
    maria = env.resident(user_id=2006)
    await maria.send("/start s-atlantis")
    await maria.click("Погоджуюсь")
    shown = await maria.click("Українська")
    assert any(SETTLEMENT_QUESTION in text for text in shown)


@pytest.mark.parametrize(
    ("step_buttons", "expected_prompt"),
    [
        ([], CONSENT),
        (["Погоджуюсь"], LANGUAGE_QUESTION),
        (["Погоджуюсь", "Українська"], SETTLEMENT_QUESTION),
    ],
)
async def test_bad_input_at_each_step_keeps_the_step(
    env: BotEnv, step_buttons: list[str], expected_prompt: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    ivan = env.resident(user_id=3001)
    await ivan.send("/start")
    for label in step_buttons:
        await ivan.click(label)

    for act in (
        ivan.send("просто текст"),
        ivan.send_sticker(),
        ivan.send_photo(),
        ivan.send("я" * 5000),
        ivan.send("/start"),
    ):
        shown = await act
        assert any(expected_prompt in text for text in shown), shown
        assert all(len(text) <= 4096 for text in shown)

    shown = await ivan.send("ще текст")
    assert USE_BUTTONS in shown[0]
    assert "is not handled" not in caplog.text
    assert "Handler failed" not in caplog.text


async def test_button_from_an_old_message_is_refused_and_current_step_shown(env: BotEnv) -> None:
    ivan = env.resident(user_id=3002)
    await ivan.send("/start")
    # A copy: the resident's app still shows the buttons (a double tap, a slow network).
    consent_message = copy.deepcopy(ivan.last_message_with_buttons())
    assert consent_message is not None
    await ivan.click("Погоджуюсь")
    await ivan.click("Українська")
    await ivan.click("Калинівка")

    shown = await ivan.click("Погоджуюсь", message=consent_message)
    assert "Ця кнопка вже не діє" in ivan.alerts()[-1]
    assert MENU in shown[-1]


async def test_forged_callbacks_do_not_change_anything(env: BotEnv) -> None:
    ivan = env.resident(user_id=3003)
    await ivan.send("/start")
    await ivan.click("Погоджуюсь")
    await ivan.click("Українська")

    shown = await ivan.press(SettlementCb(id=999_999).pack())
    assert "Ця кнопка вже не діє" in ivan.alerts()[-1]
    assert any(SETTLEMENT_QUESTION in text for text in shown)
    shown = await ivan.press("lng1:xx")
    assert any(SETTLEMENT_QUESTION in text for text in shown)
    shown = await ivan.press("not-our-data")
    assert any(SETTLEMENT_QUESTION in text for text in shown)
    shown = await ivan.send("/mydata")
    assert "Населений пункт: —" in shown[-1]


async def test_settlement_button_before_consent_does_not_skip_the_notice(env: BotEnv) -> None:
    ivan = env.resident(user_id=3004)
    await ivan.send("/start")
    settlement_id = (await env.services.community.settlements())[0].id
    shown = await ivan.press(SettlementCb(id=settlement_id).pack())
    assert any(CONSENT in text for text in shown)


async def test_resident_continues_onboarding_after_a_restart(
    tmp_path: Path, clock: FakeClock
) -> None:
    env = await BotEnv(make_settings(tmp_path / "restart.sqlite3"), clock).start()
    try:
        nina = env.resident(user_id=4001)
        await nina.send("/start s-lisove")
        await nina.click("Погоджуюсь")
        old_language_message = copy.deepcopy(nina.last_message_with_buttons())
        await env.restart()

        shown = await nina.send("привіт")
        assert any(LANGUAGE_QUESTION in text for text in shown)
        assert old_language_message is not None
        shown = await nina.click("Українська", message=old_language_message)
        assert any("с. Лісове" in text for text in shown), "the poster's settlement survived"
        assert MENU in nina.last_text
    finally:
        await env.stop()


async def test_cancel_during_onboarding_explains_and_continues(env: BotEnv) -> None:
    ivan = env.resident(user_id=3005)
    await ivan.send("/start")
    await ivan.click("Погоджуюсь")
    shown = await ivan.send("/cancel")
    assert "завершимо короткі налаштування" in shown[0]
    assert any(LANGUAGE_QUESTION in text for text in shown)


async def test_cancel_and_menu_after_onboarding(env: BotEnv) -> None:
    ivan = env.resident(user_id=3006)
    await onboard(ivan)
    shown = await ivan.send("/cancel")
    assert "Скасовувати нічого" in shown[0]
    shown = await ivan.click("🏠 Меню")
    assert MENU in shown[-1]
    shown = await ivan.send("/menu")
    assert MENU in shown[-1]
    shown = await ivan.send("/help")
    assert "/mydata" in shown[0]
    shown = await ivan.send("/nonsense")
    assert "Не знаю такої команди" in shown[0]


async def test_language_can_be_changed_later(env: BotEnv) -> None:
    ivan = env.resident(user_id=3007)
    await onboard(ivan)
    await ivan.send("/language")
    shown = await ivan.click("English")
    assert any("Language: English" in text for text in shown)
    assert "Choose a section" in ivan.last_text
    assert "🏠 Menu" in ivan.buttons()
    shown = await ivan.click("🏠 Menu")
    assert "Choose a section" in shown[-1]


async def test_settlement_can_be_changed_later(env: BotEnv) -> None:
    ivan = env.resident(user_id=3008)
    await onboard(ivan)
    await ivan.send("/settlement")
    await ivan.click("Далі")
    shown = await ivan.click("Підгірне")
    assert any("сел. Підгірне" in text for text in shown)
    shown = await ivan.send("/mydata")
    assert "Населений пункт: сел. Підгірне" in shown[-1]


async def test_mydata_shows_and_deletes_everything(env: BotEnv) -> None:
    ivan = env.resident(user_id=3009)
    await onboard(ivan)
    shown = await ivan.send("/mydata")
    assert "Що бот знає про вас" in shown[0]
    assert "Згода на обробку даних: надана 23.11.2026, 09:00" in shown[0]
    await ivan.click("Видалити всі мої дані")
    shown = await ivan.click("Так, видалити все")
    assert any("Ваші дані видалено" in text for text in shown)
    assert await env.services.residents.find_by_channel("telegram", "3009") is None

    shown = await ivan.send("/start")
    assert CONSENT in shown[-1], "a deleted resident starts from scratch"


async def test_withdrawing_consent_is_recorded(env: BotEnv) -> None:
    ivan = env.resident(user_id=3010)
    await onboard(ivan)
    await ivan.send("/mydata")
    await ivan.click("Відкликати згоду")
    shown = await ivan.click("Так, відкликати згоду")
    assert "Згода на обробку даних: не надана" in shown[-1]
    await ivan.click("Надати згоду")
    shown = await ivan.click("Погоджуюсь")
    assert "Згода на обробку даних: надана" in shown[-1]
    actions = await env.services.db.fetchall("SELECT action FROM consent_log ORDER BY id")
    assert [row["action"] for row in actions] == ["given", "withdrawn", "given"]


async def test_a_failing_handler_apologises_and_keeps_the_state(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ivan = env.resident(user_id=3011)
    await ivan.send("/start")
    await ivan.click("Погоджуюсь")

    async def broken() -> list[object]:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(env.services.community, "settlements", broken)
    shown = await ivan.click("Українська")
    assert any("Вибачте, сталася помилка" in text for text in shown)
    assert "Handler failed on update" in caplog.text
    monkeypatch.undo()

    shown = await ivan.send("далі")
    assert any(LANGUAGE_QUESTION in text for text in shown), "state kept after the failure"


async def test_flood_control_drops_excess_and_warns_once(tmp_path: Path, clock: FakeClock) -> None:
    settings = make_settings(tmp_path / "flood.sqlite3", flood={"burst": 3, "interval": 60})
    env = await BotEnv(settings, clock).start()
    try:
        spammer = env.resident(user_id=5001)
        replies = [await spammer.send(f"повідомлення {n}") for n in range(8)]
        warnings = [text for batch in replies for text in batch if "Забагато повідомлень" in text]
        assert len(warnings) == 1
        assert all(batch == [] for batch in replies[4:])
        other = env.resident(user_id=5002)
        assert await other.send("/start"), "another resident is not affected"
    finally:
        await env.stop()


async def test_group_messages_are_ignored(env: BotEnv) -> None:
    message = env.emulator.record_user_message(
        {"id": 6001, "is_bot": False, "first_name": "G"}, text="/start"
    )
    message["chat"] = {"id": -100, "type": "group", "title": "Сусіди"}
    await env.feed(message=message)
    assert env.emulator.bot_messages(-100) == []
