"""Signing a petition: consent, the full name and the resident's own phone (asked once and
reused, the same ones the ЦНАП queue uses), a confirmation, one signature ever; withdrawing
it while collection is open."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from handlers.petitions.browse import card_screen
from handlers.petitions.callbacks import PetitionAction, PetitionCb
from handlers.petitions.common import contact_keyboard, flow, router
from handlers.petitions.notices import PetitionNotices
from storage.petitions.model import (
    AlreadySigned,
    CollectionClosed,
    NotFound,
    NotSigned,
    Petition,
    Tab,
)
from storage.petitions.service import PetitionService
from storage.queue.rules import clean_name, normalise_phone
from storage.residents import Resident, ResidentRepository
from ui.i18n import Translator
from ui.keyboards import button, main_reply_keyboard
from ui.screens import Screen, escape, say, show


class SignFlow(StatesGroup):
    name = State()
    phone = State()


SIGN_STATES = {s.state for s in SignFlow.__states__}


def _data(action: PetitionAction, petition_id: int, tab: Tab) -> str:
    return PetitionCb(action=action, id=petition_id, tab=tab).pack()


async def tell(event: Message | CallbackQuery, text: str) -> None:
    """An alert under a pressed button, or a message after typed input."""
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    else:
        await event.answer(text)


async def why_not(
    t: Translator, petitions: PetitionService, petition: Petition | None, resident: Resident
) -> str | None:
    """Why this resident cannot sign this petition now, or None when they can."""
    if petition is None or not petition.is_public:
        return t("pet-not-found")
    signature = await petitions.signature(petition.id, resident.id)
    if signature is not None:
        return t("pet-already-signed" if signature.active else "pet-withdrawn-no-resign")
    if not petition.is_open(petitions.now()):
        return t("pet-closed")
    return None


async def start_signing(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
    petition_id: int,
    tab: Tab,
) -> None:
    """The next thing signing needs: consent, a name, the phone, or the confirmation."""
    petition = await petitions.get(petition_id)
    problem = await why_not(t, petitions, petition, resident)
    if problem is not None or petition is None:
        if await state.get_state() in SIGN_STATES:
            await state.clear()
        await tell(event, problem or t("pet-not-found"))
        return
    if isinstance(event, CallbackQuery):
        await event.answer()
    back = _data(PetitionAction.OPEN, petition.id, tab)
    if not resident.has_consent:
        agree = _data(PetitionAction.CONSENT, petition.id, tab)
        buttons = [[button(t("pet-consent-agree"), agree)], [button(t("btn-back"), back)]]
        await show(event, Screen(t("pet-consent-needed"), buttons))
        return
    if not resident.full_name:
        await state.set_state(SignFlow.name)
        await state.set_data({"petition": petition.id, "tab": tab.value})
        await say(event, t("pet-ask-signer-name"))
        return
    if not resident.phone:
        await state.set_state(SignFlow.phone)
        await state.set_data({"petition": petition.id, "tab": tab.value})
        await say(event, t("pet-ask-phone"), reply_markup=contact_keyboard(t))
        return
    if await state.get_state() in SIGN_STATES:
        await state.clear()
    text = t(
        "pet-sign-confirm",
        id=petition.id,
        title=escape(petition.title),
        name=escape(resident.full_name),
        phone=escape(resident.phone),
    )
    buttons = [
        [button(t("pet-sign-yes"), _data(PetitionAction.SIGN_YES, petition.id, tab))],
        [button(t("btn-back"), back)],
    ]
    await show(event, Screen(text, buttons), edit=isinstance(event, CallbackQuery))


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.SIGN))
async def sign_pressed(
    query: CallbackQuery,
    callback_data: PetitionCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    await start_signing(query, state, t, resident, petitions, callback_data.id, callback_data.tab)


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.CONSENT))
async def consent_to_sign(
    query: CallbackQuery,
    callback_data: PetitionCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    petitions: PetitionService,
) -> None:
    await residents.set_consent(resident.id, True)
    refreshed = await residents.get(resident.id) or resident
    await start_signing(query, state, t, refreshed, petitions, callback_data.id, callback_data.tab)


async def _continue(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    petitions: PetitionService,
) -> None:
    data = await state.get_data()
    refreshed = await residents.get(resident.id) or resident
    tab = Tab(data.get("tab", Tab.COLLECTING.value))
    await start_signing(message, state, t, refreshed, petitions, int(data.get("petition", 0)), tab)


@router.message(SignFlow.name, F.text, ~F.text.startswith("/"))
async def signer_name(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    petitions: PetitionService,
) -> None:
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(t("pet-bad-name"))
        return
    await residents.set_contact(resident.id, full_name=name)
    await _continue(message, state, t, resident, residents, petitions)


@router.message(SignFlow.phone, F.contact)
async def signer_phone(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    petitions: PetitionService,
) -> None:
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(t("pet-phone-not-own"), reply_markup=contact_keyboard(t))
        return
    await residents.set_contact(resident.id, phone=normalise_phone(contact.phone_number))
    await message.answer(t("pet-phone-saved"), reply_markup=main_reply_keyboard(t))
    await _continue(message, state, t, resident, residents, petitions)


@router.message(SignFlow.phone, F.text, ~F.text.startswith("/"))
async def phone_typed(message: Message, t: Translator) -> None:
    await message.answer(t("pet-phone-button-only"), reply_markup=contact_keyboard(t))


@flow.prompt(SignFlow.name)
async def prompt_signer_name(event: Message | CallbackQuery, t: Translator) -> None:
    await say(event, t("pet-ask-signer-name"))


@flow.prompt(SignFlow.phone)
async def prompt_phone(event: Message | CallbackQuery, t: Translator) -> None:
    await say(event, t("pet-ask-phone"), reply_markup=contact_keyboard(t))


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.SIGN_YES))
async def sign_confirmed(
    query: CallbackQuery,
    callback_data: PetitionCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
    petition_notices: PetitionNotices,
) -> None:
    if not (resident.has_consent and resident.full_name and resident.phone):
        await start_signing(
            query, state, t, resident, petitions, callback_data.id, callback_data.tab
        )
        return
    try:
        result = await petitions.sign(
            callback_data.id, resident.id, resident.full_name, resident.phone
        )
    except AlreadySigned as error:
        await query.answer(
            t("pet-withdrawn-no-resign" if error.withdrawn else "pet-already-signed"),
            show_alert=True,
        )
        return
    except CollectionClosed:
        await query.answer(t("pet-closed"), show_alert=True)
        return
    except NotFound:
        await query.answer(t("pet-not-found"), show_alert=True)
        return
    signatures = t("pet-n-signatures", count=result.signatures)
    await query.answer(t("pet-signed", signatures=signatures, threshold=result.threshold))
    if result.reached:
        await petition_notices.announce_all()
    await _show_card(query, t, petitions, resident, callback_data)


async def _show_card(
    query: CallbackQuery,
    t: Translator,
    petitions: PetitionService,
    resident: Resident,
    callback_data: PetitionCb,
) -> None:
    petition = await petitions.get(callback_data.id)
    if petition is not None:
        await show(query, await card_screen(t, petitions, petition, resident, 0, callback_data.tab))


# --- withdrawing -------------------------------------------------------------------------


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.WITHDRAW))
async def ask_withdraw(
    query: CallbackQuery,
    callback_data: PetitionCb,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    petition = await petitions.get(callback_data.id)
    signature = await petitions.signature(callback_data.id, resident.id)
    if petition is None or signature is None or not signature.active:
        await query.answer(t("pet-not-signed"), show_alert=True)
        return
    if not petition.is_open(petitions.now()):
        await query.answer(t("pet-closed-withdraw"), show_alert=True)
        return
    await query.answer()
    tab = callback_data.tab
    buttons = [
        [button(t("pet-withdraw-yes"), _data(PetitionAction.WITHDRAW_YES, petition.id, tab))],
        [button(t("btn-back"), _data(PetitionAction.OPEN, petition.id, tab))],
    ]
    text = t("pet-withdraw-confirm", id=petition.id, title=escape(petition.title))
    await show(query, Screen(text, buttons))


@router.callback_query(PetitionCb.filter(F.action == PetitionAction.WITHDRAW_YES))
async def withdraw(
    query: CallbackQuery,
    callback_data: PetitionCb,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    try:
        count = await petitions.withdraw(callback_data.id, resident.id)
    except (NotSigned, NotFound):
        await query.answer(t("pet-not-signed"), show_alert=True)
        return
    except CollectionClosed:
        await query.answer(t("pet-closed-withdraw"), show_alert=True)
        return
    await query.answer(t("pet-withdrawn", signatures=t("pet-n-signatures", count=count)))
    await _show_card(query, t, petitions, resident, callback_data)
