"""Changing the saved name and phone from /mydata: the name typed again (the same rules as
for a booking), the phone shared again with the messenger's own button. Only with consent:
without it the bot keeps neither."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from handlers.menu import is_onboarded, menu_keyboard_sent
from handlers.mydata import mydata_screen
from storage.community import CommunityRepository
from storage.queue.rules import clean_name, clean_phone, name_problem
from storage.residents import Resident, ResidentRepository
from ui.callbacks import MyDataAction, MyDataCb
from ui.flow import Flow
from ui.i18n import Texts, Translator
from ui.keyboards import CONTACT_KEYBOARD_ID, button, main_reply_keyboard, share_phone_keyboard
from ui.screens import Screen, say, show

flow = Flow("contact")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

NAME_PROBLEMS = {
    "length": "queue-bad-name",
    "symbols": "queue-name-letters-only",
    "one_word": "queue-name-needs-surname",
}


class ContactEdit(StatesGroup):
    name = State()
    phone = State()


def name_prompt(t: Translator) -> Screen:
    back = button(t("btn-back"), MyDataCb(action=MyDataAction.EDIT_BACK).pack())
    return Screen(t("mydata-ask-name"), [[back]])


async def show_mydata(
    event: Message | CallbackQuery, resident: Resident, ctx: dict[str, Any], *, edit: bool
) -> None:
    residents: ResidentRepository = ctx["residents"]
    community: CommunityRepository = ctx["community"]
    fresh = await residents.get(resident.id) or resident
    screen = await mydata_screen(ctx["t"], fresh, residents, community, ctx)
    await show(event, screen, edit=edit)


async def ask_phone(event: Message | CallbackQuery, t: Translator, ctx: dict[str, Any]) -> None:
    await say(event, t("mydata-ask-phone"), reply_markup=share_phone_keyboard(t, t("btn-back")))
    await ctx["residents"].set_reply_keyboard(ctx["resident"], CONTACT_KEYBOARD_ID)


@flow.prompt(ContactEdit.name)
async def prompt_name(event: Message | CallbackQuery, t: Translator) -> None:
    await show(event, name_prompt(t), edit=False)


@flow.prompt(ContactEdit.phone)
async def prompt_phone(event: Message | CallbackQuery, t: Translator, ctx: dict[str, Any]) -> None:
    await ask_phone(event, t, ctx)


@router.callback_query(
    MyDataCb.filter(F.action.in_({MyDataAction.EDIT_NAME, MyDataAction.EDIT_PHONE}))
)
async def start_editing(
    query: CallbackQuery,
    callback_data: MyDataCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    ctx: dict[str, Any],
) -> None:
    if not resident.has_consent:
        await query.answer(t("error-stale-button"), show_alert=True)
        await show_mydata(query, resident, ctx, edit=True)
        return
    await query.answer()
    if callback_data.action is MyDataAction.EDIT_NAME:
        await state.set_state(ContactEdit.name)
        await show(query, name_prompt(t))
    else:
        await state.set_state(ContactEdit.phone)
        await ask_phone(query, t, ctx)


@router.callback_query(MyDataCb.filter(F.action == MyDataAction.EDIT_BACK))
async def stop_editing(
    query: CallbackQuery, state: FSMContext, resident: Resident, ctx: dict[str, Any]
) -> None:
    await state.clear()
    await query.answer()
    await show_mydata(query, resident, ctx, edit=True)


@router.message(ContactEdit.name, F.text, ~F.text.startswith("/"))
async def name_typed(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    typed = message.text or ""
    problem, name = name_problem(typed), clean_name(typed)
    if problem is not None or name is None:
        await message.answer(t(NAME_PROBLEMS[problem or "length"]))
        return
    await state.clear()
    if resident.has_consent:
        await residents.set_contact(resident.id, full_name=name)
        await message.answer(t("mydata-name-saved"))
    await show_mydata(message, resident, ctx, edit=False)


def _is_back(message: Message, texts: Texts) -> bool:
    return message.text is not None and message.text in texts.all_variants("btn-back")


@router.message(ContactEdit.phone, F.contact)
async def phone_shared(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(t("queue-phone-not-own"))
        return
    phone = clean_phone(contact.phone_number)
    if phone is None:
        await message.answer(t("queue-bad-phone"))
        return
    await state.clear()
    if resident.has_consent:
        await residents.set_contact(resident.id, phone=phone)
    await message.answer(t("queue-phone-saved"), reply_markup=main_reply_keyboard(t))
    await menu_keyboard_sent(t, await residents.get(resident.id) or resident, residents)
    await show_mydata(message, resident, ctx, edit=False)


@router.message(ContactEdit.phone, _is_back)
async def phone_kept(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    await state.clear()
    await message.answer(t("queue-phone-not-changed"), reply_markup=main_reply_keyboard(t))
    await menu_keyboard_sent(t, resident, residents)
    await show_mydata(message, resident, ctx, edit=False)


@router.message(ContactEdit.phone, F.text, ~F.text.startswith("/"))
async def phone_typed(message: Message, t: Translator) -> None:
    await message.answer(t("queue-phone-button-only"))
