"""A broadcaster composes, previews and sends; exactly the targeted residents get it."""

from __future__ import annotations

from storage.audit import AuditAction
from tests.harness import BotEnv
from tests.news.steps import broadcaster, compose, got, resident, tick

TEXT = "Завтра <b>толока</b> в парку о 10:00 & кава для всіх"


async def test_compose_preview_confirm_reaches_only_the_chosen_settlement(env: BotEnv) -> None:
    official = await broadcaster(env)
    kalynivka = await resident(env, 1001, "Калинівка")
    english = await resident(env, 1002, "Kalynivka", language="English")
    vyshneve = await resident(env, 1003, "Вишневе")

    await compose(official, TEXT.replace("&", "&amp;"), "Калинівка")
    shown = await official.click("Переглянути")
    assert any("толока" in text and "📰 Новини" in text for text in shown)
    assert any("Отримають: 2 мешканці" in text for text in shown)
    await official.click("Надіслати зараз")
    assert "Розсилка № 1" in official.texts()[-1]

    assert await tick(env) == 2
    assert await env.deliver() == 2
    assert got(kalynivka, "<b>толока</b> в парку о 10:00 &amp; кава") == 1
    # No English text was given: the Ukrainian one, under an English topic line.
    assert got(english, "толока") == 1
    assert got(english, "📰 News") == 1
    assert got(vyshneve, "толока") == 0
    assert got(official, "Надіслано: 2") == 0  # the card is updated by the next tick

    await tick(env)
    card = official.texts()[-1]
    assert "завершено" in card
    assert "Надіслано: 2" in card
    actions = [e.action for e in await env.services.audit.entries()]
    assert AuditAction.BROADCAST_CREATE.value in actions
    assert AuditAction.BROADCAST_SEND.value in actions


async def test_english_text_goes_to_english_residents(env: BotEnv) -> None:
    official = await broadcaster(env)
    ukrainian = await resident(env, 1001)
    english = await resident(env, 1002, "Kalynivka", language="English")
    await compose(official, "Прибирання парку")
    await official.click("🇬🇧")
    await official.send("Park clean-up")
    await official.click("Переглянути")
    await official.click("Надіслати зараз")
    await tick(env)
    await env.deliver()
    assert got(english, "Park clean-up") == 1
    assert got(english, "Прибирання") == 0
    assert got(ukrainian, "Прибирання парку") == 1
    assert got(ukrainian, "Park") == 0


async def test_bad_html_is_refused_with_a_clear_message(env: BotEnv) -> None:
    official = await broadcaster(env)
    await official.send("/broadcast")
    await official.click("✏️ Текст")
    answer = await official.send("Увага <b>важливо")
    assert "Telegram не прийме такий текст" in answer[-1]
    answer = await official.send("Ціна < 100 грн")
    assert "Telegram не прийме" in answer[-1]
    answer = await official.send("<script>x</script>")
    assert "не підтримується" in answer[-1]
    answer = await official.send("а" * 4100)
    assert "Задовгий текст" in answer[-1]
    # Still asking for the text; a good one is taken.
    answer = await official.send("Увага <b>важливо</b>")
    assert any("Нове оголошення" in text and "Увага важливо" in text for text in answer)
