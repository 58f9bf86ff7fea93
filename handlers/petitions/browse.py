"""Browsing petitions: the tabs and their pages, a petition's card with its text in pages,
who signed, sharing a deep link that opens the petition in the bot."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from aiogram import Bot, F
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.petitions.callbacks import (
    DraftAction,
    DraftCb,
    PetitionAction,
    PetitionCb,
    PetitionListCb,
)
from handlers.petitions.common import flow, router
from handlers.petitions.render import button_title, card_pages, list_item, neighbours
from storage.petitions.model import Petition, Signature, Sort, Tab
from storage.petitions.service import PetitionService
from storage.residents import Resident
from ui.callbacks import MenuCb
from ui.flow import Block
from ui.i18n import Translator
from ui.keyboards import button, pager_row, url_button
from ui.screens import Screen, escape, show

LIST_SIZE = 5
SIGNERS_SIZE = 20
TAB_KEYS = {
    Tab.COLLECTING: "pet-tab-collecting",
    Tab.REVIEW: "pet-tab-review",
    Tab.ANSWERED: "pet-tab-answered",
    Tab.MISSED: "pet-tab-missed",
    Tab.MINE: "pet-tab-mine",
}


def _list_data(tab: Tab, sort: Sort, page: int) -> str:
    return PetitionListCb(tab=tab, sort=sort, page=page).pack()


def tab_rows(t: Translator, current: Tab) -> list[list[InlineKeyboardButton]]:
    tabs = [
        button(("• " if tab is current else "") + t(TAB_KEYS[tab]), _list_data(tab, Sort.NEWEST, 0))
        for tab in Tab
    ]
    return [tabs[:2], tabs[2:4], tabs[4:]]


async def list_screen(
    t: Translator,
    petitions: PetitionService,
    resident: Resident,
    tab: Tab,
    sort: Sort = Sort.NEWEST,
    page: int = 0,
) -> Screen:
    now = petitions.now()
    found = await petitions.page(tab, page, LIST_SIZE, sort=sort, resident_id=resident.id)
    lines = [t("pet-list-title", tab=t(TAB_KEYS[tab]))]
    if tab is Tab.COLLECTING:
        lines.append(t("pet-list-sorted", sort=t(f"pet-sort-{sort.value}")))
    if found.pages > 1:
        lines.append(t("pet-list-page", page=found.page + 1, pages=found.pages))
    lines.append("")
    if not found.items:
        lines.append(t(f"pet-list-empty-{tab.value}"))
    lines += [list_item(t, p, now, with_status=tab is Tab.MINE) + "\n" for p in found.items]
    buttons = [
        [button(button_title(p), PetitionCb(action=PetitionAction.OPEN, id=p.id, tab=tab).pack())]
        for p in found.items
    ]
    pages = {n: _list_data(tab, sort, n) for n in neighbours(found.page, found.pages)}
    nav = pager_row(t, found.page, found.pages, pages)
    if nav:
        buttons.append(nav)
    if tab is Tab.COLLECTING:
        other = Sort.SIGNED if sort is Sort.NEWEST else Sort.NEWEST
        buttons.append([button(t(f"pet-sort-{other.value}"), _list_data(tab, other, 0))])
    buttons += tab_rows(t, tab)
    buttons.append([button(t("pet-create"), DraftCb(action=DraftAction.START).pack())])
    buttons.append([button(t("btn-back"), MenuCb(screen=Block.PEOPLE_AND_POWER.value).pack())])
    return Screen("\n".join(lines).rstrip(), buttons)


@router.callback_query(PetitionListCb.filter())
async def show_list(
    query: CallbackQuery,
    callback_data: PetitionListCb,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    await query.answer()
    screen = await list_screen(
        t, petitions, resident, callback_data.tab, callback_data.sort, callback_data.page
    )
    await show(query, screen)


# --- the card ----------------------------------------------------------------------------


def may_see(petition: Petition | None, resident: Resident) -> bool:
    """Published petitions are public; one in moderation or refused only for its author."""
    return petition is not None and (petition.is_public or petition.author_id == resident.id)


def signature_note(t: Translator, signature: Signature | None) -> str | None:
    if signature is None:
        return None
    if signature.active:
        return t("pet-you-signed", date=t.full_datetime(signature.signed_at))
    return t("pet-you-withdrew")


def card_buttons(
    t: Translator,
    petition: Petition,
    signature: Signature | None,
    now: datetime,
    page: int,
    pages: int,
    tab: Tab,
) -> list[list[InlineKeyboardButton]]:
    def data(action: PetitionAction, page: int = 0) -> str:
        return PetitionCb(action=action, id=petition.id, page=page, tab=tab).pack()

    buttons = []
    nav = pager_row(
        t, page, pages, {n: data(PetitionAction.OPEN, n) for n in neighbours(page, pages)}
    )
    if nav:
        buttons.append(nav)
    if petition.is_open(now):
        if signature is None:
            buttons.append([button(t("pet-sign"), data(PetitionAction.SIGN))])
        elif signature.active:
            buttons.append([button(t("pet-withdraw"), data(PetitionAction.WITHDRAW))])
    if petition.is_public:
        buttons.append(
            [
                button(t("pet-signers"), data(PetitionAction.SIGNERS)),
                button(t("pet-share"), data(PetitionAction.SHARE)),
            ]
        )
    buttons.append([button(t("pet-to-list"), _list_data(tab, Sort.NEWEST, 0))])
    return buttons


async def card_screen(
    t: Translator,
    petitions: PetitionService,
    petition: Petition,
    resident: Resident,
    page: int = 0,
    tab: Tab = Tab.COLLECTING,
) -> Screen:
    now = petitions.now()
    settings = await petitions.settings()
    signature = await petitions.signature(petition.id, resident.id)
    note = signature_note(t, signature)
    pages = card_pages(t, petition, now, settings.moderation_working_days, note=note)
    page = min(page, len(pages) - 1)
    buttons = card_buttons(t, petition, signature, now, page, len(pages), tab)
    return Screen(pages[page], buttons)


async def open_card(
    event: Message | CallbackQuery,
    t: Translator,
    petitions: PetitionService,
    resident: Resident,
    petition_id: int,
    *,
    page: int = 0,
    tab: Tab = Tab.COLLECTING,
    edit: bool = True,
) -> None:
    petition = await petitions.get(petition_id)
    if petition is None or not may_see(petition, resident):
        back = [[button(t("pet-to-list"), _list_data(Tab.COLLECTING, Sort.NEWEST, 0))]]
        await show(event, Screen(t("pet-not-found"), back), edit=edit)
        return
    await show(event, await card_screen(t, petitions, petition, resident, page, tab), edit=edit)


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.OPEN))
async def show_card(
    query: CallbackQuery,
    callback_data: PetitionCb,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    await query.answer()
    await open_card(
        query,
        t,
        petitions,
        resident,
        callback_data.id,
        page=callback_data.page,
        tab=callback_data.tab,
    )


@flow.deep_link("p-")
async def open_shared(
    event: Message | CallbackQuery,
    link: str,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    """t.me/<bot>?start=p-17 opens petition 17; a new resident gets here after onboarding."""
    petition_id = int(link) if link.isdigit() and len(link) < 15 else 0
    await open_card(event, t, petitions, resident, petition_id, edit=False)


# --- who signed, sharing ---------------------------------------------------------------


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.SIGNERS))
async def show_signers(
    query: CallbackQuery,
    callback_data: PetitionCb,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    petition = await petitions.get(callback_data.id)
    if petition is None or not petition.is_public:
        await query.answer(t("pet-not-found"), show_alert=True)
        return
    await query.answer()
    names, total = await petitions.signer_names(petition.id, callback_data.page, SIGNERS_SIZE)
    pages = max(1, -(-total // SIGNERS_SIZE))
    first = callback_data.page * SIGNERS_SIZE + 1
    lines = [t("pet-signers-title", id=petition.id, signatures=t("pet-n-signatures", count=total))]
    if pages > 1:
        lines.append(t("pet-list-page", page=callback_data.page + 1, pages=pages))
    lines.append("")
    lines += [f"{first + n}. {escape(name)}" for n, name in enumerate(names)]
    if not names:
        lines.append(t("pet-signers-none"))

    def data(action: PetitionAction, page: int = 0) -> str:
        return PetitionCb(action=action, id=petition.id, page=page, tab=callback_data.tab).pack()

    buttons = []
    page = callback_data.page
    nav = pager_row(
        t, page, pages, {n: data(PetitionAction.SIGNERS, n) for n in neighbours(page, pages)}
    )
    if nav:
        buttons.append(nav)
    buttons.append([button(t("pet-back-to-card"), data(PetitionAction.OPEN))])
    await show(query, Screen("\n".join(lines), buttons))


def share_link(username: str, petition_id: int) -> str:
    return f"https://t.me/{username}?start=p-{petition_id}"


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.SHARE))
async def share(
    query: CallbackQuery,
    callback_data: PetitionCb,
    bot: Bot,
    t: Translator,
    petitions: PetitionService,
) -> None:
    petition = await petitions.get(callback_data.id)
    if petition is None or not petition.is_public:
        await query.answer(t("pet-not-found"), show_alert=True)
        return
    await query.answer()
    me = await bot.me()
    title = escape(petition.title)
    if not me.username:
        # A channel without t.me links (Viber): the petition's number opens it just as well.
        await show(query, Screen(t("pet-share-plain", id=petition.id, title=title)), edit=False)
        return
    link = share_link(me.username, petition.id)
    share_url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(petition.title)}"
    text = t("pet-share-text", id=petition.id, title=title, link=link)
    await show(query, Screen(text, [[url_button(t("pet-share-send"), share_url)]]), edit=False)
