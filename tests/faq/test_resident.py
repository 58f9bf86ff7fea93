"""The FAQ as a resident meets it: browsing, typing a question anywhere outside a form,
rating the answer, the honest «не знайшов», and answers that follow the community file."""

from __future__ import annotations

from handlers.faq.callbacks import FaqAction, FaqCb, FeedbackCb
from storage.faq.service import FaqService
from tests.faq.chat import (
    CNAP_PHONE,
    COUNCIL_PHONE,
    HELPFUL,
    ID_CARD,
    NOT_FOUND,
    SUBSIDY,
    changed_answer,
    feedback_rows,
    load_elsewhere,
    miss_rows,
    open_faq,
)
from tests.harness import BotEnv
from tests.queue.chat import onboard, open_booking

USE_BUTTONS = "скористайтеся кнопками"


async def test_browse_category_entry_and_back(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await open_faq(olena)
    assert "Часті питання" in shown[-1]
    assert "ЦНАП і документи" in olena.buttons()
    assert "Міська рада і старости" in olena.buttons()

    shown = await olena.click("Міська рада і старости")
    assert "Оберіть питання" in shown[-1]
    shown = await olena.click("Які контакти і графік роботи міської ради?")
    assert "<b>Які контакти і графік роботи міської ради?</b>" in shown[-1]
    assert "вул. Соборна, 12" in shown[-1]
    assert HELPFUL in shown[-1]
    links = [b for row in olena.bot_messages()[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert {"text": "Сайт громади", "url": "https://yablunivska-demo.gov.ua"} in links

    shown = await olena.click("Назад")
    assert "Міська рада і старости" in shown[-1]
    assert "Які контакти і графік роботи міської ради?" in olena.buttons()
    shown = await olena.click("Назад")
    assert "Оберіть тему" in shown[-1]


async def test_a_long_category_is_paged_and_back_returns_to_the_page(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await open_faq(olena)
    shown = await olena.click("ЦНАП і документи")  # 17 entries: three pages of eight
    assert "сторінка 1 з 3" in shown[-1]
    first_page = olena.buttons()
    shown = await olena.click("Далі")
    assert "сторінка 2 з 3" in shown[-1]
    assert not set(olena.buttons()) & (set(first_page) - {"⬅️ Назад", "Далі ➡️", "🏠 Меню"})
    await olena.click_nth(0)
    shown = await olena.click("⬅️ Назад")
    assert "сторінка 2 з 3" in shown[-1], "back to the page the entry was opened from"


async def test_a_question_typed_at_the_menu_finds_its_entry(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    for question, title in (
        ("пасспорт новий де зробити", ID_CARD),  # misspelled
        ("субсідія на дрова", SUBSIDY),  # surzhyk spelling
        ("Як оформити субсидію?", SUBSIDY),  # inflected
    ):
        shown = await olena.send(question)
        assert len(shown) == 1, shown
        assert shown[0].startswith(f"<b>{title}</b>")
        assert USE_BUTTONS not in shown[0]
        assert HELPFUL in shown[0]
        assert {"👍 Так", "👎 Ні", "📚 Усі питання"} <= set(olena.buttons())
    assert await miss_rows(env) == []


async def test_an_english_resident_gets_the_english_entry(env: BotEnv) -> None:
    john = env.resident(1002, language_code="en", first_name="John")
    await onboard(john, settlement="Kalynivka", language="English")
    shown = await john.send("how do I get an ID card")
    assert shown[0].startswith("<b>How do I get or replace an ID card passport?</b>")
    assert "Did this answer help?" in shown[0]
    assert {"👍 Yes", "👎 No"} <= set(john.buttons())


async def test_text_in_the_middle_of_booking_keeps_the_booking_step(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await open_booking(olena)
    shown = await olena.send("як оформити субсидію")
    assert USE_BUTTONS in shown[0]
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]
    assert not any(SUBSIDY in text or HELPFUL in text for text in shown)
    assert await miss_rows(env) == []


async def test_photos_and_stickers_at_the_menu_are_still_unsupported(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    for act in (olena.send_photo(), olena.send_sticker()):
        shown = await act
        assert "розумію лише текст і кнопки" in shown[0]
        assert "Оберіть розділ" in shown[-1]


async def test_feedback_is_recorded_and_a_second_press_replaces_it(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.send("субсидія на газ")
    await olena.click("👍 Так")
    assert "Дякуємо за відгук" in olena.alerts()[-1]
    assert await feedback_rows(env) == [("housing-subsidy", 1)]

    shown = await olena.click("👎 Ні", message=olena.bot_messages()[-1])
    assert await feedback_rows(env) == [("housing-subsidy", 0)], "replaced, not added"
    assert "не допомогла" in shown[-1]
    assert COUNCIL_PHONE in shown[-1]
    assert CNAP_PHONE in shown[-1]
    assert "🗓 Записатися до ЦНАП" in olena.buttons()
    unhelpful = await env.services.find(FaqService).top_unhelpful()
    assert [(u.entry_code, u.unhelpful, u.helpful) for u in unhelpful] == [
        ("housing-subsidy", 1, 0)
    ]
    shown = await olena.send("/mydata")
    assert "Оцінки відповідей довідки: 1" in shown[-1]


async def test_no_match_is_honest_and_offers_the_council(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await olena.send("рецепт борщу")
    assert len(shown) == 1
    assert NOT_FOUND in shown[0]
    assert "«рецепт борщу»" in shown[0]
    assert HELPFUL not in shown[0], "no wrong answer to rate"
    assert "<b>" not in shown[0], "no entry title"
    assert COUNCIL_PHONE in shown[0]
    assert CNAP_PHONE in shown[0]
    assert "🗓 Записатися до ЦНАП" in olena.buttons()
    assert "📚 Усі питання" in olena.buttons()
    assert await miss_rows(env) == [("рецепт борщу", 1)]

    await olena.click("Записатися до ЦНАП")
    assert "Оберіть, куди вам зручніше прийти" in olena.last_text


async def test_a_vague_question_gets_suggestions_not_an_answer(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await olena.send("відключення")  # of light or of water: a coin toss
    assert HELPFUL not in shown[0], "not answered with one of them"
    assert NOT_FOUND in shown[0]
    assert "Можливо, ви мали на увазі" in shown[0]
    assert olena.buttons()[:2] == [
        "Де дізнатися графік відключень світла?",
        "Чому немає води і куди звертатися?",
    ]
    shown = await olena.click("Чому немає води")
    assert shown[-1].startswith("<b>Чому немає води і куди звертатися?</b>")
    assert HELPFUL in shown[-1]


async def test_a_10000_character_question_is_answered_in_one_message(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await olena.send(("загубила паспорт що робити " * 400)[:10_000])
    assert len(shown) == 1
    assert len(shown[0]) <= 4096
    assert shown[0].startswith("<b>Що робити, якщо загубив паспорт або його вкрали?</b>")
    shown = await olena.send("ж" * 10_000)
    assert NOT_FOUND in shown[0]
    assert len(shown[0]) < 1000, "the question is echoed clipped"
    stored = await miss_rows(env)
    assert all(len(question) <= 500 for question, _ in stored)


async def test_html_in_a_question_is_only_text(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await olena.send("<b>субсидія</b> на <i>газ</i>")
    assert shown[0].startswith(f"<b>{SUBSIDY}</b>")
    shown = await olena.send('<a href="https://evil.example">рецепт</a> борщу & <script>')
    assert NOT_FOUND in shown[0]
    assert "&lt;a href=" in shown[0]
    assert "&lt;script&gt;" in shown[0]
    assert "&amp;" in shown[0]
    assert "<a " not in shown[0]
    assert "<script>" not in shown[0]


async def test_a_reload_that_changes_an_answer_is_seen_at_once(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await olena.send("субсидія на газ")
    assert "Пенсійний фонд" in shown[0]
    await load_elsewhere(
        env, changed_answer("housing-subsidy", "Субсидії тепер оформлює ЦНАП, вікно 3.")
    )
    shown = await olena.send("субсидія на газ")
    assert "Субсидії тепер оформлює ЦНАП, вікно 3." in shown[0]
    assert "Пенсійний фонд" not in shown[0]


async def test_an_entry_gone_after_a_reload_says_so(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.send("субсидія на газ")
    answer = olena.bot_messages()[-1]
    raw = changed_answer("housing-subsidy", "x")
    raw["faq"]["entries"] = [e for e in raw["faq"]["entries"] if e["code"] != "housing-subsidy"]
    await load_elsewhere(env, raw)
    await olena.click("👍 Так", message=answer)
    assert "вже немає в довідці" in olena.alerts()[-1]
    assert await feedback_rows(env) == []


async def test_forged_faq_buttons_change_nothing(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.press("faq1:entry:DROP TABLE:0")
    await olena.press("faqf1:NOPE:maybe")
    await olena.press("faq1:cat:cnap:100000")
    assert sum("Ця кнопка вже не діє" in a for a in olena.alerts()) == 3
    await olena.press(FeedbackCb(entry="no-such-entry", helpful=False).pack())
    assert "вже немає в довідці" in olena.alerts()[-1]
    assert await feedback_rows(env) == []


def test_button_data_fits_telegram() -> None:
    code = "a" * 31  # the longest code the community file allows
    for data in (
        FaqCb(action=FaqAction.ENTRY, code=code, page=99).pack(),
        FaqCb(action=FaqAction.CATEGORY, code=code, page=99).pack(),
        FeedbackCb(entry=code, helpful=False).pack(),
    ):
        assert len(data.encode()) <= 64, data
