"""Flows as a Viber resident meets them: the same handlers through the Viber channel
(updates.py in, ViberSession out) on a real SQLite database, in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramForbiddenError

from bot.channels.viber.costs import ViberMonthlyCapReached
from tests.harness import FakeClock
from tests.viber_harness import ViberChat, ViberEnv, make_viber_settings, viber
from ui.i18n import Translator

MAIN = "ЦНАП Яблунівської міської ради"


@pytest.fixture
async def venv(tmp_path: Path, clock: FakeClock) -> AsyncIterator[ViberEnv]:
    env = await ViberEnv(make_viber_settings(tmp_path / "viber.sqlite3"), clock).start()
    yield env
    await env.stop()


@pytest.fixture
def uk(venv: ViberEnv) -> Translator:
    return venv.services.texts.get("uk")


async def onboard(chat: ViberChat, settlement: str = "Калинівка") -> None:
    await chat.open()
    await chat.click("Погоджуюсь")
    await chat.click("Українська")
    await chat.click(settlement)


async def test_onboarding_by_buttons(venv: ViberEnv, uk: Translator) -> None:
    olena = venv.resident()
    shown = await olena.open()
    assert shown[0].endswith(viber(uk("consent-notice")))
    assert olena.buttons() == [uk("consent-agree"), uk("consent-decline")]
    # Pressing a button sends an opaque token, silently, never the callback data.
    agree = olena.button(uk("consent-agree"))
    assert agree["ActionBody"].startswith("cb:")
    assert agree["Silent"] is True

    shown = await olena.click("Погоджуюсь")
    assert shown == [uk("consent-thanks"), viber(uk("consent-given")), uk("language-choose")]
    await olena.click("Українська")
    shown = await olena.click("Калинівка")
    assert viber(uk("settlement-changed", settlement="с. Калинівка")) in shown
    assert "Оберіть розділ" in shown[-2]
    # Announcements would cost the community money on Viber: asked once which may come.
    assert shown[-1].startswith(viber(uk("paid-ask-news")))
    assert olena.buttons()[:3] == [
        uk("paid-news-all"),
        uk("paid-news-emergency"),
        uk("paid-choose"),
    ]
    # The persistent «Меню» sits under every message from now on, below the other buttons.
    assert olena.buttons()[-1] == uk("kb-menu")
    shown = await olena.click(uk("paid-news-emergency"))
    assert shown[0] == viber(uk("paid-news-off"))
    assert "Оберіть розділ" in shown[-1]
    menu_button = olena.button(uk("kb-menu"))
    assert menu_button["ActionBody"] == uk("kb-menu")
    assert menu_button["Silent"] is False

    await olena.click("Моя громада")
    assert olena.buttons()[-1] == uk("kb-menu")
    shown = await olena.click("🏠 Меню")
    assert "Оберіть розділ" in shown[-1]
    resident = await venv.services.residents.find_by_channel("viber", olena.viber_id)
    assert resident is not None
    assert resident.onboarded


async def test_typed_text_is_a_question_not_a_button(venv: ViberEnv, uk: Translator) -> None:
    olena = venv.resident()
    await onboard(olena)
    shown = await olena.send("субсидія на газ")  # typed text is a question, as on Telegram
    assert shown[0].startswith("*Як оформити субсидію на оплату житлово-комунальних послуг?*")
    assert {"👍 Так", "👎 Ні"} <= set(olena.buttons())
    shown = await olena.click("👍 Так")
    assert uk("faq-thanks") in shown
    shown = await olena.send_sticker()
    assert shown[0] == uk("error-unsupported-content")


async def test_booking_with_the_share_phone_button(venv: ViberEnv, uk: Translator) -> None:
    olena = venv.resident()
    await onboard(olena)
    await olena.click("🏠 Меню")
    await olena.click("📋")
    await olena.click("🗓")
    await olena.click(MAIN)
    await olena.click("Реєстрація місця проживання")
    await olena.click("Декларування")
    await olena.click_nth(0)  # the first day
    shown = await olena.click("09:15")
    assert "Як вас звати" in shown[-1]
    await olena.send("Олена Коваленко")
    # The name question's «Назад» and «Скасувати» and the phone request's own: one keyboard
    # on Viber, each label once, as the newer question has it.
    assert olena.buttons() == ["📱 Поділитися номером", "⬅️ Назад", "❌ Скасувати", "🏠 Меню"]
    shown = await olena.click("⬅️ Назад")
    assert "Оберіть час" in shown[-1], "back to the times, the held one marked"
    shown = await olena.click("✅ 09:15")
    assert "Поділіться, будь ласка, номером" in shown[-1], "the name is kept"
    share = olena.button("Поділитися номером")
    assert share["ActionType"] == "share-phone"
    assert venv.api.sent[-1]["min_api_version"] == 3, "share-phone needs API level 3"
    await olena.click("Поділитися номером")
    shown = await olena.click("Підтвердити")
    ticket, question = shown[-2:]
    assert "09:15" in ticket
    assert question.startswith(viber(uk("paid-ask-cnap")))
    resident = await venv.services.residents.find_by_channel("viber", olena.viber_id)
    assert resident is not None
    assert resident.phone == "+380671234567"
    assert "Олена Коваленко" in next(
        t for t in olena.texts() if "Підтвердіть" in t or "Коваленко" in t
    )
    # After the one-time contact keyboard, «Меню» is back.
    assert olena.buttons()[-1] == uk("kb-menu")


async def test_ids_and_keyboards_survive_a_restart(venv: ViberEnv, uk: Translator) -> None:
    olena = venv.resident()
    await olena.open()
    await olena.click("Погоджуюсь")
    internal = await venv.channel.users.by_viber_id(olena.viber_id)
    await venv.restart()
    # The keyboard on her screen still works, and she is the same resident in the same step.
    shown = await olena.click("Українська")
    assert shown[-1] == viber(uk("settlement-choose"))
    again = await venv.channel.users.by_viber_id(olena.viber_id)
    assert internal is not None
    assert again is not None
    assert again.id == internal.id
    assert await venv.services.db.fetchval("SELECT COUNT(*) FROM residents") == 1


async def test_deleting_my_data_leaves_only_the_id_mapping(venv: ViberEnv, uk: Translator) -> None:
    olena = venv.resident()
    await onboard(olena)
    await olena.send("/mydata")
    await olena.click(uk("mydata-delete"))
    await olena.click(uk("mydata-delete-yes"))
    row = await venv.services.db.fetchone(
        "SELECT name, language FROM viber_users WHERE viber_id = ?", (olena.viber_id,)
    )
    assert row is not None
    assert row["name"] is None
    assert row["language"] is None
    assert await venv.services.residents.find_by_channel("viber", olena.viber_id) is None


async def test_bot_initiated_messages_are_capped_outside_the_24_hour_session(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = make_viber_settings(tmp_path / "cap.sqlite3", viber={"monthly_cap": 2})
    env = await ViberEnv(settings, clock).start()
    try:
        olena = env.resident()
        await olena.send("привіт")
        user = await env.channel.users.by_viber_id(olena.viber_id)
        assert user is not None
        for _ in range(3):  # within 24 hours of her message: free, not counted
            await env.bot.send_message(user.id, "Нагадування")
        clock.advance(hours=25)
        await env.bot.send_message(user.id, "Нагадування")
        await env.bot.send_message(user.id, "Нагадування")
        with pytest.raises(ViberMonthlyCapReached):
            await env.bot.send_message(user.id, "Нагадування")
        assert olena.news() == ["Нагадування"] * 5, "the sixth was not sent"
        clock.advance(days=31)  # a new month
        await env.bot.send_message(user.id, "Нагадування")
        assert olena.news() == ["Нагадування"]
    finally:
        await env.stop()


async def test_not_subscribed_is_telegrams_403(venv: ViberEnv) -> None:
    olena = venv.resident()
    await olena.send("привіт")
    user = await venv.channel.users.by_viber_id(olena.viber_id)
    assert user is not None
    assert user.subscribed
    await olena.unsubscribe()
    with pytest.raises(TelegramForbiddenError):
        await venv.bot.send_message(user.id, "Нагадування")
    resident = await venv.services.residents.find_by_channel("viber", olena.viber_id)
    assert resident is not None
    assert not resident.active
