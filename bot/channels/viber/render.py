"""What handlers send, as Viber messages.

Text: the bot's HTML (<b>, <i>, <u>, <s>, <code>, <pre>, <a>) becomes Viber's markup
(*bold*, _italic_, ~strike~, ```mono```; Viber has no underline; a link is its text and
its URL); entities become plain characters. A Viber markup character in the text itself
(a resident's «*важливо*») that could pair up with another is replaced by a look-alike
(∗ ＿ ∼), so it shows as typed instead of turning the rest of the message bold. Texts over
Viber's 7,000 characters are split at paragraph, then line, then word boundaries.

Keyboards: inline rows keep their layout (Viber's 6 columns shared by the buttons of a row),
then the reply keyboard (the persistent «Меню», a contact or location request) below them.
A callback button sends a token (see state.py), silently; a URL button opens the URL."""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from bot.channels.viber.state import ChatState, Rows
from storage.payload import Payload

TEXT_LIMIT = 7000
CAPTION_LIMIT = 768
BUTTON_TEXT_LIMIT = 250
COLUMNS = 6
# share-phone and location-picker need Viber's API level 3 (Viber 7.6 and newer).
PICKER_API_VERSION = 3

_MARKS = {"b": "*", "strong": "*", "i": "_", "em": "_", "s": "~", "strike": "~", "del": "~"}
_MONO = {"code", "pre"}
_LOOKALIKES = {"*": "∗", "_": "＿", "~": "∼"}


# --- text ----------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Replace markup characters that sit at a word's edge (where Viber could take them for
    formatting) with look-alikes; `snake_case` or `2*3` inside a word stay as they are."""
    chars = list(text.replace("```", "ˋˋˋ"))
    for index, char in enumerate(chars):
        if char not in _LOOKALIKES:
            continue
        before = chars[index - 1] if index > 0 else " "
        after = chars[index + 1] if index + 1 < len(chars) else " "
        if not (before.isalnum() and after.isalnum()):
            chars[index] = _LOOKALIKES[char]
    return "".join(chars)


def _wrap(inner: str, mark: str) -> str:
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def _link(inner: str, url: str) -> str:
    shown = inner.strip()
    bare = url.removeprefix("mailto:").removeprefix("tel:")
    if not url or shown in {url, bare}:
        return inner or bare
    return f"{inner} ({bare})" if shown else bare


class _ViberMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, str, list[str]]] = [("", "", [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = next((value or "" for name, value in attrs if name == "href"), "")
        self._stack.append((tag, href, []))

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _, _ in self._stack[1:]):
            while self._close() != tag:
                pass

    def handle_data(self, data: str) -> None:
        mono = any(tag in _MONO for tag, _, _ in self._stack)
        self._stack[-1][2].append(data.replace("```", "ˋˋˋ") if mono else neutralise(data))

    def _close(self) -> str:
        tag, href, parts = self._stack.pop()
        inner = "".join(parts)
        if tag in _MARKS:
            inner = _wrap(inner, _MARKS[tag])
        elif tag in _MONO:
            inner = _wrap(inner, "```")
        elif tag == "a":
            inner = _link(inner, href)
        self._stack[-1][2].append(inner)
        return tag

    def result(self) -> str:
        self.close()
        while len(self._stack) > 1:
            self._close()
        return "".join(self._stack[0][2])


def html_to_viber(text: str) -> str:
    parser = _ViberMarkup()
    parser.feed(text)
    return parser.result()


def plain_to_viber(text: str) -> str:
    """Text sent without parse_mode (callback answers): shown exactly as written."""
    return neutralise(text)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = next(
            (at for sep in ("\n\n", "\n", " ") if (at := rest.rfind(sep, 0, limit + 1)) > 0),
            limit,
        )
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


# --- buttons -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Button:
    """One button as handlers meant it: `action` is callback, url, reply (the text is sent),
    share-phone or location-picker."""

    text: str
    action: str
    value: str


def inline_buttons(markup: dict[str, Any] | None) -> list[list[Button]]:
    """aiogram's InlineKeyboardMarkup (as a dict); buttons Viber cannot do are left out."""
    rows: list[list[Button]] = []
    for row in (markup or {}).get("inline_keyboard", []):
        converted = [
            Button(b["text"], "callback", b["callback_data"])
            if b.get("callback_data") is not None
            else Button(b["text"], "url", b["url"])
            for b in row
            if b.get("callback_data") is not None or b.get("url")
        ]
        if converted:
            rows.append(converted)
    return rows


def reply_buttons(rows: Rows | None) -> list[list[Button]]:
    def convert(b: dict[str, Any]) -> Button:
        if b.get("request_contact"):
            return Button(b["text"], "share-phone", b["text"])
        if b.get("request_location"):
            return Button(b["text"], "location-picker", b["text"])
        return Button(b["text"], "reply", b["text"])

    return [[convert(b) for b in row] for row in rows or [] if row]


def payload_buttons(payload: Payload) -> list[list[Button]]:
    return [
        [
            Button(b.text, "url", b.url)
            if b.url is not None
            else Button(b.text, "callback", str(b.callback_data))
            for b in row
        ]
        for row in payload.buttons
    ]


def _widths(count: int) -> list[int]:
    """Columns per button so that a row fills Viber's 6 columns exactly (else Viber would
    pull the next row's first button up into it)."""
    base, extra = divmod(COLUMNS, count)
    return [base + 1 if i < extra else base for i in range(count)]


def _label(text: str) -> str:
    # Viber reads a few HTML tags in button texts; a label is plain text.
    label = text.replace("<", "‹").replace(">", "›")
    return label if len(label) <= BUTTON_TEXT_LIMIT else label[: BUTTON_TEXT_LIMIT - 1] + "…"


def viber_buttons(rows: list[list[Button]], state: ChatState) -> list[dict[str, Any]]:
    """Viber's Buttons for `rows`; callback buttons get tokens issued in `state`."""
    buttons: list[dict[str, Any]] = []
    for row in rows:
        for start in range(0, len(row), COLUMNS):
            part = row[start : start + COLUMNS]
            for button, width in zip(part, _widths(len(part)), strict=True):
                buttons.append(_viber_button(button, width, state))
    return buttons


def _viber_button(button: Button, width: int, state: ChatState) -> dict[str, Any]:
    body, silent = button.value, False
    if button.action == "callback":
        body, silent = state.issue_token(button.value), True
    elif button.action == "url":
        state.urls.append(button.value)
        silent = True
    action = "open-url" if button.action == "url" else button.action
    if button.action == "callback":
        action = "reply"
    return {
        "Columns": width,
        "Rows": 1,
        "ActionType": action,
        "ActionBody": body,
        "Text": _label(button.text),
        "TextSize": "regular",
        "Silent": silent,
    }


def _without(buttons: list[dict[str, Any]], labels: set[str]) -> list[dict[str, Any]]:
    """`buttons` (rows of 6 columns) without those labelled `labels`, the rows widened again."""
    rows: list[list[dict[str, Any]]] = []
    filled = COLUMNS
    for button in buttons:
        if filled >= COLUMNS:
            rows.append([])
            filled = 0
        rows[-1].append(button)
        filled += int(button["Columns"])
    kept: list[dict[str, Any]] = []
    for row in rows:
        left = [b for b in row if b["Text"] not in labels]
        if left:
            kept += [b | {"Columns": w} for b, w in zip(left, _widths(len(left)), strict=True)]
    return kept


def keyboard(state: ChatState) -> dict[str, Any] | None:
    """The keyboard every message to this chat carries: the current inline buttons, then
    the reply keyboard. Telegram shows the two apart (under a message, below the input);
    in Viber's one keyboard a label both offer («⬅️ Назад» under the name question, again
    with the phone request after it) is shown once, as the newer of the two has it."""
    inline = list(state.inline)
    reply = viber_buttons(reply_buttons(state.reply), state)
    if state.reply_is_newer:
        inline = _without(inline, {b["Text"] for b in reply})
    else:
        reply = _without(reply, {b["Text"] for b in inline})
    buttons = inline + reply
    if not buttons:
        return None
    return {"Type": "keyboard", "DefaultHeight": False, "Buttons": buttons}


def min_api_version(board: dict[str, Any] | None) -> int:
    pickers = {"share-phone", "location-picker"}
    needs = any(b["ActionType"] in pickers for b in (board or {}).get("Buttons", []))
    return PICKER_API_VERSION if needs else 1


# --- messages ------------------------------------------------------------------------------


def _finish(
    messages: list[dict[str, Any]], sender: dict[str, str], state: ChatState
) -> list[dict[str, Any]]:
    board = keyboard(state)
    for message in messages:
        message["sender"] = sender
        message["min_api_version"] = min_api_version(board)
        if board is not None:
            message["keyboard"] = board
    return messages


def text_messages(text: str, sender: dict[str, str], state: ChatState) -> list[dict[str, Any]]:
    """`text` is already in Viber's markup."""
    chunks = split_text(text) or ["…"]
    return _finish([{"type": "text", "text": c} for c in chunks], sender, state)


def picture_messages(
    url: str, caption: str, sender: dict[str, str], state: ChatState
) -> list[dict[str, Any]]:
    if len(caption) <= CAPTION_LIMIT:
        return _finish([{"type": "picture", "media": url, "text": caption}], sender, state)
    picture = {"type": "picture", "media": url, "text": ""}
    return _finish(
        [picture, *({"type": "text", "text": c} for c in split_text(caption))], sender, state
    )


def location_messages(
    latitude: float, longitude: float, sender: dict[str, str], state: ChatState
) -> list[dict[str, Any]]:
    location = {"type": "location", "location": {"lat": latitude, "lon": longitude}}
    return _finish([location], sender, state)


def set_inline(state: ChatState, rows: list[list[Button]]) -> None:
    """A new message with inline buttons: its keyboard replaces the previous one."""
    state.retire_keyboard()
    state.inline = viber_buttons(rows, state)


def render_payload(
    payload: Payload, sender: dict[str, str], state: ChatState
) -> list[dict[str, Any]]:
    """The outbox's channel-neutral message as Viber messages (tokens issued in `state`;
    the caller records the message that now carries the keyboard and saves `state`)."""
    if payload.buttons:
        set_inline(state, payload_buttons(payload))
    text = html_to_viber(payload.text)
    photo = payload.photo_for("viber")
    if photo:
        return picture_messages(photo, text, sender, state)
    return text_messages(text, sender, state)


def sender_of(name: str, avatar: str | None) -> dict[str, str]:
    sender = {"name": html.unescape(name)[:28]}
    if avatar:
        sender["avatar"] = avatar
    return sender
