"""Onboarding on Telegram: bad input and forged buttons at each step, a restart half-way,
settlement changes, a failing handler, flood control, groups. The walk through onboarding,
the menu and /mydata runs on both messengers in tests/both/."""

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


async def test_unsupported_telegram_language_falls_back_to_ukrainian(env: BotEnv) -> None:
    hans = env.resident(user_id=2003, language_code="de")
    shown = await hans.send("/start")
    assert CONSENT in shown[1]


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


async def test_settlement_can_be_changed_later(env: BotEnv) -> None:
    ivan = env.resident(user_id=3008)
    await onboard(ivan)
    await ivan.send("/settlement")
    await ivan.click("Далі")
    shown = await ivan.click("Підгірне")
    assert any("сел. Підгірне" in text for text in shown)
    shown = await ivan.send("/mydata")
    assert "Населений пункт: сел. Підгірне" in shown[-1]


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
