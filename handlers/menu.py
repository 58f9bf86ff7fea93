"""The main menu: three blocks, like «Свої». A flow adds its items with `flow.menu_item`; a
block with no items is not shown, so residents never meet a button that leads nowhere."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from storage.community import CommunityRepository, Contacts
from storage.residents import Resident, ResidentRepository
from ui.callbacks import LanguageCb, MenuCb, MenuScreen, packed
from ui.flow import BLOCK_TITLES, Block, Flow, Flows, MenuItem, flows_in
from ui.i18n import Texts, Translator
from ui.keyboards import button, main_reply_keyboard, menu_keyboard_id
from ui.screens import Screen, escape, say, show

flow = Flow("menu")
router = flow.routes
# The menu block a resident last opened (FSM data, no state): text typed there brings them
# back to it instead of the main menu.
MENU_BLOCK_KEY = "menu_block"


def is_onboarded(_event: object, resident: Resident) -> bool:
    return resident.onboarded


# Residents who have not finished onboarding fall through to the fallback, which resumes it.
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)


async def main_menu_screen(
    t: Translator, resident: Resident, community: CommunityRepository, flows: Flows
) -> Screen:
    info = await community.get()
    name = info.community.name.get(t.language) if info else ""
    shown = tuple(block for block in Block if flows.items_of(block, resident))
    made = flows.memo(("menu", t.language, name, shown), lambda: _main_menu(t, name, shown))
    return made.copy()


def _main_menu(t: Translator, name: str, blocks: tuple[Block, ...]) -> Screen:
    buttons = [[button(t(BLOCK_TITLES[b]), packed(MenuCb, screen=b.value))] for b in blocks]
    buttons.append(
        [
            button(t("menu-language"), packed(MenuCb, screen="language")),
            button(t("menu-mydata"), packed(MenuCb, screen="mydata")),
        ]
    )
    return Screen(t("menu-title", community=escape(name)), buttons)


def block_screen(t: Translator, resident: Resident, block: Block, flows: Flows) -> Screen:
    items = tuple(flows.items_of(block, resident))
    key = ("block", t.language, block, tuple(map(id, items)))
    return flows.memo(key, lambda: _block(t, block, items)).copy()


def _block(t: Translator, block: Block, items: tuple[MenuItem, ...]) -> Screen:
    buttons = [[button(t(item.text_key), item.callback_data)] for item in items]
    buttons.append([button(t("btn-back"), packed(MenuCb, screen="root"))])
    return Screen(t(f"{BLOCK_TITLES[block]}-intro"), buttons)


async def send_main_menu(
    event: Message | CallbackQuery,
    ctx: dict[str, Any],
    *,
    resident: Resident | None = None,
    edit: bool = False,
) -> None:
    """The main menu for `resident` (default: the update's), in the language of ctx["t"]."""
    shown_for = resident or ctx["resident"]
    screen = await main_menu_screen(ctx["t"], shown_for, ctx["community"], flows_in(ctx))
    await show(event, screen, edit=edit)
    state: FSMContext | None = ctx.get("state")
    if state is not None and (await state.get_data()).get(MENU_BLOCK_KEY) is not None:
        await state.update_data({MENU_BLOCK_KEY: None})


async def offer_menu_keyboard(
    event: Message | CallbackQuery, t: Translator, resident: Resident, residents: ResidentRepository
) -> None:
    """The persistent «🏠 Меню» keyboard, with the hint that explains it, unless the chat
    already shows it (in this language): no extra message on every tap."""
    if resident.reply_keyboard == menu_keyboard_id(t):
        return
    await say(event, t("menu-hint"), reply_markup=main_reply_keyboard(t))
    await residents.set_reply_keyboard(resident, menu_keyboard_id(t))


async def menu_keyboard_sent(
    t: Translator, resident: Resident, residents: ResidentRepository
) -> None:
    """A message just carried the «Menu» keyboard."""
    await residents.set_reply_keyboard(resident, menu_keyboard_id(t))


async def opened_block(state: FSMContext) -> Block | None:
    """The block the resident is looking at, if the last menu screen was one."""
    value = (await state.get_data()).get(MENU_BLOCK_KEY)
    return Block(value) if value in {b.value for b in Block} else None


LANGUAGE_NAMES = {"uk": "🇺🇦 Українська", "en": "🇬🇧 English"}


def language_screen(t: Translator, texts: Texts) -> Screen:
    choices = [button(LANGUAGE_NAMES[c], LanguageCb(code=c).pack()) for c in texts.languages]
    return Screen(t("language-choose"), [choices])


@router.callback_query(MenuCb.filter(F.screen == "language"))
async def language_from_menu(query: CallbackQuery, t: Translator, texts: Texts) -> None:
    await query.answer()
    await show(query, language_screen(t, texts))


def is_menu_button(message: Message, texts: Texts) -> bool:
    """The persistent «Menu» reply button, in whichever language it was shown."""
    return message.text is not None and message.text in texts.all_variants("kb-menu")


@router.message(Command("menu"))
@router.message(is_menu_button)
async def menu_command(
    message: Message, t: Translator, state: FSMContext, ctx: dict[str, Any]
) -> None:
    await state.set_state(None)
    await offer_menu_keyboard(message, t, ctx["resident"], ctx["residents"])
    await send_main_menu(message, ctx)


@router.callback_query(MenuCb.filter(F.screen == "root"))
async def menu_root(query: CallbackQuery, ctx: dict[str, Any]) -> None:
    await query.answer()
    await send_main_menu(query, ctx, edit=True)


@router.callback_query(MenuCb.filter(F.screen.in_({b.value for b in Block})))
async def menu_block(
    query: CallbackQuery,
    callback_data: MenuCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    flows: Flows,
) -> None:
    await query.answer()
    block = Block(callback_data.screen)
    if await state.get_state() is None:
        await state.set_data({MENU_BLOCK_KEY: block.value})
    await show(query, block_screen(t, resident, block, flows))


def contacts_text(t: Translator, contacts: Contacts) -> str:
    lines = []
    if contacts.address:
        lines.append(t("contacts-address", address=escape(contacts.address.get(t.language))))
    if contacts.hours:
        lines.append(t("contacts-hours", hours=escape(contacts.hours.get(t.language))))
    if contacts.phone:
        lines.append(t("contacts-phone", phone=escape(contacts.phone)))
    if contacts.email:
        lines.append(t("contacts-email", email=escape(contacts.email)))
    if contacts.website:
        lines.append(t("contacts-website", website=escape(contacts.website)))
    return "\n".join(lines)


@router.callback_query(MenuCb.filter(F.screen == "contacts"))
async def council_contacts(
    query: CallbackQuery, t: Translator, community: CommunityRepository
) -> None:
    await query.answer()
    info = await community.get()
    body = contacts_text(t, info.community.contacts) if info else ""
    name = info.community.name.get(t.language) if info else ""
    text = (
        t("contacts-council-title", community=escape(name)) + "\n\n" + (body or t("contacts-none"))
    )
    back = [[button(t("btn-back"), packed(MenuCb, screen=Block.PEOPLE_AND_POWER.value))]]
    await show(query, Screen(text, back))


@router.callback_query(MenuCb.filter(F.screen == "district"))
async def my_district(
    query: CallbackQuery, t: Translator, resident: Resident, community: CommunityRepository
) -> None:
    await query.answer()
    text = await district_text(t, resident, community)
    buttons = [[button(t("btn-back"), packed(MenuCb, screen=Block.MY_COMMUNITY.value))]]
    if await _in_the_centre(resident, community):
        contacts = button(t("menu-contacts"), packed(MenuCb, screen=MenuScreen.CONTACTS))
        buttons.insert(0, [contacts])
    await show(query, Screen(text, buttons))


async def _in_the_centre(resident: Resident, community: CommunityRepository) -> bool:
    """The resident's settlement belongs to no starosta district: the council itself."""
    info = await community.get()
    settlement = (
        await community.settlement(resident.settlement_id) if resident.settlement_id else None
    )
    return (
        info is not None and settlement is not None and info.district(settlement.district) is None
    )


async def district_text(t: Translator, resident: Resident, community: CommunityRepository) -> str:
    info = await community.get()
    settlement = (
        await community.settlement(resident.settlement_id) if resident.settlement_id else None
    )
    if info is None or settlement is None:
        return t("district-no-settlement")
    district = info.district(settlement.district)
    if district is None:
        return t("district-center", settlement=escape(settlement.name(t.language)))
    lines = [
        t(
            "district-title",
            settlement=escape(settlement.name(t.language)),
            district=escape(district.name.get(t.language)),
        )
    ]
    if district.starosta:
        lines.append(t("district-starosta", name=escape(district.starosta.get(t.language))))
    body = contacts_text(t, district.contacts)
    if body:
        lines.append(body)
    return "\n".join(lines)


flow.menu_item(Block.PEOPLE_AND_POWER, "menu-contacts", packed(MenuCb, screen="contacts"))
flow.menu_item(Block.MY_COMMUNITY, "menu-district", packed(MenuCb, screen="district"))
