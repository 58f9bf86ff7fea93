"""What handlers send, as a Viber resident receives it: formatting, escaping, long texts,
and keyboards (inline rows merged with the reply keyboard)."""

from __future__ import annotations

import pytest

from bot.channels.viber.render import (
    TEXT_LIMIT,
    Button,
    html_to_viber,
    inline_buttons,
    keyboard,
    min_api_version,
    render_payload,
    set_inline,
    split_text,
    text_messages,
)
from bot.channels.viber.state import ChatState
from storage.payload import Payload, PayloadButton
from ui.screens import escape

SENDER = {"name": "Громада"}


@pytest.mark.parametrize(
    ("html_text", "shown"),
    [
        ("<b>Запис</b> до <i>ЦНАП</i>", "*Запис* до _ЦНАП_"),
        ("<s>13:00</s> <u>14:00</u>", "~13:00~ 14:00"),
        ("Код: <code>A-17</code>", "Код: ```A-17```"),
        ("<b>Ви: </b>Олена", "*Ви:* Олена"),
        ("<b></b>порожньо", "порожньо"),
        ('<a href="https://rada.gov.ua">Сайт ради</a>', "Сайт ради (https://rada.gov.ua)"),
        ('<a href="https://rada.gov.ua">https://rada.gov.ua</a>', "https://rada.gov.ua"),
        ('<a href="mailto:rada@ex.ua">rada@ex.ua</a>', "rada@ex.ua"),
        ("Вул. Соборна &amp; Миру, &lt;2&gt; &#8470;5", "Вул. Соборна & Миру, <2> №5"),
        ("<b>Незакритий", "*Незакритий*"),
    ],
)
def test_html_becomes_viber_markup(html_text: str, shown: str) -> None:
    assert html_to_viber(html_text) == shown


def test_a_residents_markup_characters_show_as_typed() -> None:
    typed = escape("*важливо* _дуже_ ~так~ ```код``` <b>")
    shown = html_to_viber(f"Ваше повідомлення: <b>{typed}</b>")
    assert shown == "Ваше повідомлення: *∗важливо∗ ＿дуже＿ ∼так∼ ˋˋˋкодˋˋˋ <b>*"
    # Inside a word nothing can pair up: addresses and formulas stay intact.
    assert html_to_viber(escape("ivan_petrenko@ukr.net, 2*3=6")) == "ivan_petrenko@ukr.net, 2*3=6"


def test_long_texts_are_split_at_paragraphs_then_lines() -> None:
    paragraph = "Абзац " + "слово " * 300  # about 1,800 characters
    text = "\n\n".join(paragraph.strip() for _ in range(9))
    chunks = split_text(text)
    assert len(chunks) == 3
    assert all(len(c) <= TEXT_LIMIT for c in chunks)
    assert all(c.startswith("Абзац") and c.endswith("слово") for c in chunks), "whole paragraphs"
    assert "\n\n".join(chunks) == text

    lines = "\n".join([("рядок " * 20).strip()] * 120)  # 14,279 characters, no paragraphs
    chunks = split_text(lines)
    assert len(chunks) == 3
    assert all(len(c) <= TEXT_LIMIT for c in chunks)
    assert sum(len(c.split("\n")) for c in chunks) == 120, "split between lines, not inside"
    assert all(len(c) <= TEXT_LIMIT for c in split_text("х" * 15_000))


def test_a_long_message_goes_out_in_parts_each_with_the_keyboard() -> None:
    state = ChatState()
    set_inline(
        state, inline_buttons({"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]})
    )
    messages = text_messages("\n\n".join(["а" * 5000] * 2), SENDER, state)
    assert [len(m["text"]) for m in messages] == [5000, 5000]
    assert all(m["keyboard"]["Buttons"][0]["Text"] == "OK" for m in messages)


def _markup(*rows: list[dict[str, str]]) -> dict[str, object]:
    return {"inline_keyboard": list(rows)}


def test_inline_rows_keep_their_layout_and_merge_with_the_reply_keyboard() -> None:
    state = ChatState()
    state.apply_reply_markup({"keyboard": [[{"text": "🏠 Меню"}]], "is_persistent": True})
    markup = _markup(
        [{"text": "Так", "callback_data": "yes"}, {"text": "Ні", "callback_data": "no"}],
        [{"text": f"{d}", "callback_data": f"day:{d}"} for d in range(1, 5)],
        [{"text": "Сайт", "url": "https://rada.gov.ua"}],
    )
    set_inline(state, inline_buttons(markup))
    board = keyboard(state)
    assert board is not None
    assert board["Type"] == "keyboard"
    buttons = board["Buttons"]
    assert [b["Text"] for b in buttons] == ["Так", "Ні", "1", "2", "3", "4", "Сайт", "🏠 Меню"]
    # Each row fills Viber's six columns, so rows never run into each other.
    assert [b["Columns"] for b in buttons] == [3, 3, 2, 2, 1, 1, 6, 6]
    assert buttons[6]["ActionType"] == "open-url"
    assert buttons[6]["ActionBody"] == "https://rada.gov.ua"
    assert buttons[7]["ActionType"] == "reply"
    assert buttons[7]["ActionBody"] == "🏠 Меню"
    assert not buttons[7]["Silent"], "«🏠 Меню» shows in the chat like a typed word"
    # Callback buttons send tokens the chat state maps back to their data.
    assert {state.tokens[b["ActionBody"]] for b in buttons[:6]} == {
        "yes",
        "no",
        "day:1",
        "day:2",
        "day:3",
        "day:4",
    }
    assert all(b["Silent"] for b in buttons[:6])
    assert min_api_version(board) == 1


def test_more_than_six_buttons_in_a_row_wrap() -> None:
    state = ChatState()
    set_inline(
        state,
        inline_buttons(_markup([{"text": str(i), "callback_data": str(i)} for i in range(8)])),
    )
    assert [b["Columns"] for b in state.inline] == [1] * 6 + [3, 3]


def test_long_callback_data_goes_through_the_token_table() -> None:
    state = ChatState()
    data = "queue:slot:place=main:service=id-card:2026-11-23T09:15" + "x" * 10
    set_inline(state, inline_buttons(_markup([{"text": "09:15", "callback_data": data}])))
    (button,) = state.inline
    assert len(button["ActionBody"]) < 10
    assert state.tokens[button["ActionBody"]] == data
    set_inline(state, inline_buttons(_markup([{"text": "10:00", "callback_data": "b"}])))
    assert button["ActionBody"] not in state.tokens, "a new keyboard retires the old tokens"


def test_contact_and_location_requests() -> None:
    state = ChatState()
    state.apply_reply_markup(
        {
            "keyboard": [
                [{"text": "📱 Поділитися номером", "request_contact": True}],
                [{"text": "📍 Де я", "request_location": True}],
                [{"text": "🏠 Меню"}],
            ],
            "one_time_keyboard": True,
        }
    )
    board = keyboard(state)
    assert board is not None
    actions = [(b["ActionType"], b["Text"]) for b in board["Buttons"]]
    assert actions == [
        ("share-phone", "📱 Поділитися номером"),
        ("location-picker", "📍 Де я"),
        ("reply", "🏠 Меню"),
    ]
    assert all(b["ActionBody"] for b in board["Buttons"]), "Viber needs a body even for pickers"
    assert min_api_version(board) == 3


def test_a_one_time_keyboard_stays_until_the_bot_replaces_it() -> None:
    state = ChatState()
    state.apply_reply_markup({"keyboard": [[{"text": "🏠 Меню"}]], "is_persistent": True})
    state.apply_reply_markup(
        {"keyboard": [[{"text": "📱", "request_contact": True}]], "one_time_keyboard": True}
    )
    assert state.asks_for_phone()
    # As on Telegram, where a used one-time keyboard is only folded away: the bot asks again
    # (someone else's contact, a place too far) without sending the keyboard again.
    board = keyboard(state)
    assert board is not None
    assert [b["Text"] for b in board["Buttons"]] == ["📱"]
    state.apply_reply_markup({"keyboard": [[{"text": "🏠 Меню"}]], "is_persistent": True})
    assert not state.asks_for_phone()
    state.apply_reply_markup({"remove_keyboard": True})
    assert keyboard(state) is None


def test_a_label_offered_by_both_keyboards_is_shown_once_as_the_newer_has_it() -> None:
    state = ChatState()
    back, cancel = Button("⬅️ Назад", "callback", "q:back"), Button("❌", "callback", "q:x")
    set_inline(state, [[back, cancel], [Button("Сайт", "url", "https://x.ua")]])
    state.apply_reply_markup(
        {"keyboard": [[{"text": "📱", "request_contact": True}], [{"text": "⬅️ Назад"}]]}
    )
    board = keyboard(state)
    assert board is not None
    shown = [(b["Text"], b["ActionType"], b["Columns"]) for b in board["Buttons"]]
    assert shown == [
        ("❌", "reply", 6),  # its row-mate gone, it fills the row alone
        ("Сайт", "open-url", 6),
        ("📱", "share-phone", 6),
        ("⬅️ Назад", "reply", 6),
    ]
    assert board["Buttons"][-1]["ActionBody"] == "⬅️ Назад", "the reply keyboard's, newer"

    set_inline(state, [[back]])  # a newer message with inline buttons
    board = keyboard(state)
    assert board is not None
    labels = [(b["Text"], b["ActionBody"].startswith("cb:")) for b in board["Buttons"]]
    assert labels == [("⬅️ Назад", True), ("📱", False)]


def test_a_state_stored_by_an_earlier_version_loads() -> None:
    stored = (
        '{"next_id": 9, "reply": [[{"text": "📱"}]], "reply_one_time": true, "persistent": null}'
    )
    state = ChatState.from_json(stored)
    assert state.next_id == 9
    assert state.reply == [[{"text": "📱"}]]


def test_an_outbox_payload_as_viber_messages() -> None:
    state = ChatState()
    state.apply_reply_markup({"keyboard": [[{"text": "🏠 Меню"}]], "is_persistent": True})
    payload = Payload.of(
        "⏰ Нагадування: <b>завтра о 09:15</b>, ЦНАП",
        [
            [
                PayloadButton("Перенести", callback_data="t:move:7"),
                PayloadButton("Сайт", url="https://x.ua"),
            ]
        ],
    )
    (message,) = render_payload(payload, SENDER, state)
    assert message["type"] == "text"
    assert message["text"] == "⏰ Нагадування: *завтра о 09:15*, ЦНАП"
    assert message["sender"] == SENDER
    labels = [b["Text"] for b in message["keyboard"]["Buttons"]]
    assert labels == ["Перенести", "Сайт", "🏠 Меню"]
    assert state.tokens[message["keyboard"]["Buttons"][0]["ActionBody"]] == "t:move:7"

    photo = Payload.of("Оголошення", photo={"telegram": "AgAD", "url": "https://x.ua/p.jpg"})
    (picture,) = render_payload(photo, SENDER, state)
    assert picture["type"] == "picture"
    assert picture["media"] == "https://x.ua/p.jpg"
    assert picture["text"] == "Оголошення"
