"""How the FAQ looks: the category list, a category's questions, an entry with its links,
related entries and «Чи допомогла відповідь?», and the honest «не знайшов» with whom to
call. Pure rendering from the FAQ section and the community file."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton

from handlers.faq.callbacks import FaqAction, FaqCb, FeedbackCb
from storage.community import CommunityFile
from storage.faq.index import FaqHit
from storage.faq.schema import FaqCategory, FaqEntry
from ui.callbacks import MenuCb, MenuScreen, packed
from ui.i18n import Translator
from ui.keyboards import Rows, button, pager_row, url_button
from ui.screens import Screen, escape

ENTRIES_PER_PAGE = 8
# A resident's question is echoed in «не знайшов» only this far: enough to recognise it.
ECHO_CHARS = 120


@dataclass(frozen=True, slots=True)
class Offer:
    """A button offered when the FAQ has no answer: its text key and callback data."""

    text_key: str
    callback_data: str


# Other flows add what a resident may do when the FAQ found nothing; the appeals flow adds
# «write an appeal» here at import: UNANSWERED_OFFERS.append(Offer("appeal-...", data)).
UNANSWERED_OFFERS: list[Offer] = []


def categories_data() -> str:
    return packed(FaqCb, action=FaqAction.CATEGORIES)


def entry_button(t: Translator, entry: FaqEntry, page: int = 0) -> InlineKeyboardButton:
    data = packed(FaqCb, action=FaqAction.ENTRY, code=entry.code, page=page)
    return button(entry.question.get(t.language), data)


def all_questions_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("faq-all-questions"), categories_data())]


def categories_screen(t: Translator, categories: list[FaqCategory]) -> Screen:
    buttons = [
        [button(c.name.get(t.language), packed(FaqCb, action=FaqAction.CATEGORY, code=c.code))]
        for c in categories
    ]
    buttons.append([button(t("btn-back"), packed(MenuCb, screen=MenuScreen.SERVICES))])
    key = "faq-categories" if categories else "faq-categories-empty"
    return Screen(t(key), buttons)


def pages_of(count: int) -> int:
    return max(1, -(-count // ENTRIES_PER_PAGE))


def category_screen(
    t: Translator, category: FaqCategory, entries: list[FaqEntry], page: int
) -> Screen:
    pages = pages_of(len(entries))
    page = min(page, pages - 1)
    shown = entries[page * ENTRIES_PER_PAGE : (page + 1) * ENTRIES_PER_PAGE]
    buttons: Rows = [[entry_button(t, e, page)] for e in shown]
    near = (p for p in (page - 1, page + 1) if 0 <= p < pages)
    data = {p: packed(FaqCb, action=FaqAction.CATEGORY, code=category.code, page=p) for p in near}
    nav = pager_row(t, page, pages, data)
    if nav:
        buttons.append(nav)
    buttons.append([button(t("btn-back"), categories_data())])
    name = escape(category.name.get(t.language))
    if pages > 1:
        return Screen(t("faq-category-paged", category=name, page=page + 1, pages=pages), buttons)
    return Screen(t("faq-category", category=name), buttons)


def entry_screen(
    t: Translator, entry: FaqEntry, others: tuple[FaqHit, ...] = (), *, page: int | None = None
) -> Screen:
    """An entry; `page` is the category page it was opened from (None: it answered a
    typed question, so the way on is the whole list rather than back)."""
    parts = [
        t(
            "faq-entry",
            question=escape(entry.question.get(t.language)),
            answer=escape(entry.answer.get(t.language)),
        )
    ]
    buttons: Rows = [[url_button(link.title.get(t.language), link.url)] for link in entry.links]
    if others:
        parts.append(t("faq-related"))
        buttons += [[entry_button(t, hit.entry)] for hit in others]
    parts.append(t("faq-helpful-question"))
    buttons.append(
        [
            button(t("faq-helpful-yes"), packed(FeedbackCb, entry=entry.code, helpful=True)),
            button(t("faq-helpful-no"), packed(FeedbackCb, entry=entry.code, helpful=False)),
        ]
    )
    if page is None:
        buttons.append(all_questions_row(t))
    else:
        back = packed(FaqCb, action=FaqAction.CATEGORY, code=entry.category, page=page)
        buttons.append([button(t("btn-back"), back)])
    return Screen("\n\n".join(parts), buttons)


def phone_lines(t: Translator, community: CommunityFile | None) -> list[str]:
    """The council's phone and the main ЦНАП office's, as the community file gives them."""
    if community is None:
        return []
    lines = []
    if community.community.contacts.phone:
        lines.append(t("faq-council-phone", phone=escape(community.community.contacts.phone)))
    places = sorted(community.cnap.places, key=lambda p: p.kind != "main") if community.cnap else []
    cnap_phone = next((p.phone for p in places if p.phone), None)
    if cnap_phone:
        lines.append(t("faq-cnap-phone", phone=escape(cnap_phone)))
    return lines


def help_buttons(t: Translator, booking: InlineKeyboardButton | None) -> Rows:
    """Where else to turn: the ЦНАП booking (when the queue flow offers it) and the offers
    of other flows (an appeal)."""
    found: Rows = [[booking]] if booking else []
    found += [[button(t(o.text_key), o.callback_data)] for o in UNANSWERED_OFFERS]
    return found


def echo(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"


def no_answer_screen(
    t: Translator,
    question: str,
    suggestions: tuple[FaqHit, ...],
    community: CommunityFile | None,
    booking: InlineKeyboardButton | None,
) -> Screen:
    parts = [t("faq-not-found", question=escape(echo(question)))]
    if suggestions:
        parts.append(t("faq-suggestions"))
    phones = phone_lines(t, community)
    parts.append("\n".join([t("faq-not-found-help"), *phones]) if phones else t("faq-no-phones"))
    buttons: Rows = [[entry_button(t, hit.entry)] for hit in suggestions]
    buttons += help_buttons(t, booking)
    buttons.append(all_questions_row(t))
    return Screen("\n\n".join(parts), buttons)


def unhelpful_screen(
    t: Translator, community: CommunityFile | None, booking: InlineKeyboardButton | None
) -> Screen:
    """After «ні»: whom to call, the booking, and the whole list."""
    phones = phone_lines(t, community)
    text = "\n".join([t("faq-sorry"), t("faq-call"), *phones]) if phones else t("faq-sorry")
    buttons = help_buttons(t, booking)
    buttons.append(all_questions_row(t))
    return Screen(text, buttons)
