"""Onboarding: /start (with a deep-link payload), data notice and consent, language,
settlement; then the main menu. Also /help, /language, /settlement, /cancel."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from handlers.menu import language_screen, menu_keyboard_sent, offer_menu_keyboard, send_main_menu
from handlers.news.paid import offer
from storage.community import CommunityRepository, SettlementRow
from storage.costs import Question
from storage.errors import NoticeNotAnswered
from storage.residents import Resident, ResidentRepository
from ui.callbacks import ConsentCb, LanguageCb, MenuCb, MenuScreen, SettlementCb, SettlementPageCb
from ui.errors import tell
from ui.flow import Flow, flows_in, has_prompt, show_step
from ui.i18n import Texts, Translator
from ui.keyboards import button, main_reply_keyboard, rows
from ui.languages import SUPPORTED_LANGUAGES
from ui.screens import Screen, escape, say, show

flow = Flow("start")
router = flow.routes

SETTLEMENTS_PER_PAGE = 8


class Onboarding(StatesGroup):
    consent = State()
    language = State()
    settlement = State()


ONBOARDING_STATES = {s.state for s in Onboarding.__states__}
# Steps after the first answer: only there is there a place to «continue from».
MADE_PROGRESS = {Onboarding.language.state, Onboarding.settlement.state}


# --- screens -----------------------------------------------------------------------------


def consent_screen(t: Translator) -> Screen:
    return Screen(
        t("consent-notice"),
        [
            [button(t("consent-agree"), ConsentCb(agree=True).pack())],
            [button(t("consent-decline"), ConsentCb(agree=False).pack())],
        ],
    )


def settlement_screen(t: Translator, settlements: list[SettlementRow], page: int) -> Screen:
    pages = max(1, -(-len(settlements) // SETTLEMENTS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = settlements[page * SETTLEMENTS_PER_PAGE : (page + 1) * SETTLEMENTS_PER_PAGE]
    choices = [button(s.name(t.language), SettlementCb(id=s.id).pack()) for s in shown]
    keyboard = rows(choices, 2)
    nav = []
    if page > 0:
        nav.append(button(t("btn-prev"), SettlementPageCb(page=page - 1).pack()))
    if page < pages - 1:
        nav.append(button(t("btn-next"), SettlementPageCb(page=page + 1).pack()))
    if nav:
        keyboard.append(nav)
    return Screen(t("settlement-choose"), keyboard)


# --- prompts: show a step again ----------------------------------------------------------


@flow.prompt(Onboarding.consent)
async def prompt_consent(event: Message | CallbackQuery, t: Translator) -> None:
    await show(event, consent_screen(t), edit=False)


@flow.prompt(Onboarding.language)
async def prompt_language(event: Message | CallbackQuery, t: Translator, texts: Texts) -> None:
    await show(event, language_screen(t, texts), edit=False)


@flow.prompt(Onboarding.settlement)
async def prompt_settlement(
    event: Message | CallbackQuery, t: Translator, community: CommunityRepository
) -> None:
    await show(event, settlement_screen(t, await community.settlements(), 0), edit=False)


async def continue_onboarding(
    event: Message | CallbackQuery, state: FSMContext, ctx: dict[str, Any]
) -> None:
    """Show the step the resident stopped at, or start onboarding from the data notice."""
    current = await state.get_state()
    if current not in ONBOARDING_STATES:
        await state.set_state(Onboarding.consent)
        await show(event, consent_screen(ctx["t"]), edit=False)
        return
    if current in MADE_PROGRESS:
        await say(event, ctx["t"]("onboarding-continue"))
    await show_step(str(current), event, ctx)


# --- /start ------------------------------------------------------------------------------


async def settlement_from_payload(
    payload: str | None, community: CommunityRepository
) -> SettlementRow | None:
    """QR posters carry a settlement code: t.me/<bot>?start=s-<code>."""
    if not payload:
        return None
    return await community.settlement_by_code(payload.removeprefix("s-").lower())


@router.message(CommandStart())
async def start(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    current = await state.get_state()
    if not resident.onboarded:
        from_poster = await settlement_from_payload(command.args, community)
        if from_poster is not None:
            await state.update_data(poster_settlement=from_poster.id)
        elif flows_in(ctx).knows_deep_link(command.args):
            await state.update_data(deep_link=command.args)
        if current in MADE_PROGRESS:
            await continue_onboarding(message, state, ctx)
            return
        await message.answer(await welcome_text(t, community))
        await state.set_state(Onboarding.consent)
        await show(message, consent_screen(t))
        return
    if command.args and flows_in(ctx).knows_deep_link(command.args):
        await flows_in(ctx).open_deep_link(command.args, message, ctx)
        return
    if has_prompt(current, ctx):
        await message.answer(t("start-in-flow"))
        await show_step(str(current), message, ctx)
        return
    poster = await settlement_from_payload(command.args, community)
    if poster is not None and poster.id != resident.settlement_id:
        await offer_poster_settlement(message, t, resident, poster, community)
        return
    await message.answer(t("start-again"), reply_markup=main_reply_keyboard(t))
    await menu_keyboard_sent(t, resident, ctx["residents"])
    await send_main_menu(message, ctx)


async def welcome_text(t: Translator, community: CommunityRepository) -> str:
    """The greeting names the community in the genitive («чат-бот Яблунівської міської
    громади») when the file gives that form; otherwise after a colon, where the nominative
    reads right."""
    info = await community.get()
    if info is None:
        return t("start-welcome", community="", form="none")
    name = info.community.name
    genitive = name.genitive(t.language)
    if genitive:
        return t("start-welcome", community=escape(genitive), form="genitive")
    return t("start-welcome", community=escape(name.get(t.language)), form="nominative")


async def offer_poster_settlement(
    message: Message,
    t: Translator,
    resident: Resident,
    poster: SettlementRow,
    community: CommunityRepository,
) -> None:
    """A resident who already chose a settlement scanned another one's QR poster."""
    current = await community.settlement(resident.settlement_id) if resident.settlement_id else None
    text = t(
        "settlement-poster-offer",
        settlement=escape(poster.name(t.language)),
        current=escape(current.name(t.language) if current else "—"),
    )
    buttons = [
        [button(t("settlement-poster-switch"), SettlementCb(id=poster.id).pack())],
        [button(t("settlement-poster-keep"), MenuCb(screen=MenuScreen.ROOT).pack())],
    ]
    await show(message, Screen(text, buttons))


# --- consent -----------------------------------------------------------------------------


@router.callback_query(Onboarding.consent, ConsentCb.filter())
async def consent_answer(
    query: CallbackQuery,
    callback_data: ConsentCb,
    state: FSMContext,
    t: Translator,
    texts: Texts,
    resident: Resident,
    residents: ResidentRepository,
) -> None:
    await residents.set_consent(resident.id, callback_data.agree)
    await query.answer(t("consent-thanks") if callback_data.agree else t("consent-declined-short"))
    await show(query, Screen(t("consent-given") if callback_data.agree else t("consent-declined")))
    await state.set_state(Onboarding.language)
    await show(query, language_screen(t, texts), edit=False)


# --- language ----------------------------------------------------------------------------


@router.callback_query(LanguageCb.filter(F.code.in_(SUPPORTED_LANGUAGES)))
async def language_answer(
    query: CallbackQuery,
    callback_data: LanguageCb,
    state: FSMContext,
    texts: Texts,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    await residents.set_language(resident.id, callback_data.code)
    t = ctx["t"] = texts.get(callback_data.code)
    current = await state.get_state()
    # The first choice is a choice, not a change: the screen itself says which language.
    await query.answer(None if current in ONBOARDING_STATES else t("language-set"))
    if current == Onboarding.language.state:
        await _after_language(query, state, t, resident, residents, community, ctx)
    elif current in ONBOARDING_STATES or not resident.onboarded:
        # A language button pressed before the data notice leads to the notice.
        await continue_onboarding(query, state, ctx)
    else:
        await show(query, Screen(t("language-changed")))
        await offer_menu_keyboard(query, t, resident, residents)
        if has_prompt(current, ctx):
            await show_step(str(current), query, ctx)
        elif resident.onboarded:
            await send_main_menu(query, ctx)


async def _after_language(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    await show(query, Screen(t("language-changed")))
    poster_id = (await state.get_data()).get("poster_settlement")
    settlement = await community.settlement(poster_id) if poster_id else None
    if settlement is not None:
        await residents.set_settlement(resident.id, settlement.id)
        name = escape(settlement.name(t.language))
        await say(query, t("settlement-from-poster", settlement=name))
        await _finish_onboarding(query, state, t, resident, residents, ctx)
        return
    screen = settlement_screen(t, await community.settlements(), 0)
    await state.set_state(Onboarding.settlement)
    await show(query, screen, edit=False)


@router.message(Command("language"))
async def language_command(message: Message, t: Translator, texts: Texts) -> None:
    await show(message, language_screen(t, texts))


# --- settlement --------------------------------------------------------------------------


@router.callback_query(SettlementPageCb.filter())
async def settlement_page(
    query: CallbackQuery,
    callback_data: SettlementPageCb,
    t: Translator,
    community: CommunityRepository,
) -> None:
    await query.answer()
    await show(query, settlement_screen(t, await community.settlements(), callback_data.page))


@router.callback_query(SettlementCb.filter())
async def settlement_answer(
    query: CallbackQuery,
    callback_data: SettlementCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    listed = {s.id: s for s in await community.settlements()}
    settlement = listed.get(callback_data.id)
    current = await state.get_state()
    # Before onboarding, a settlement counts only at its own step: a button from /settlement
    # or from before the resident deleted their data starts from the data notice.
    early = not resident.onboarded and current != Onboarding.settlement.state
    if settlement is None or early:
        await query.answer(t("error-stale-button"), show_alert=True)
        if early or current in ONBOARDING_STATES:
            await continue_onboarding(query, state, ctx)
        return
    await residents.set_settlement(resident.id, settlement.id)
    name = settlement.name(t.language)
    await query.answer(t("settlement-set", settlement=name))
    if current == Onboarding.settlement.state or not resident.onboarded:
        await show(query, Screen(t("settlement-changed", settlement=escape(name))))
        await _finish_onboarding(query, state, t, resident, residents, ctx)
        return
    await show(query, Screen(t("settlement-changed", settlement=escape(name))))
    if has_prompt(current, ctx):
        await show_step(str(current), query, ctx)
    else:
        refreshed = await residents.get(resident.id) or resident
        await send_main_menu(query, ctx, resident=refreshed)


@router.message(Command("settlement"))
async def settlement_command(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    if not resident.onboarded:
        await continue_onboarding(message, state, ctx)
        return
    await show(message, settlement_screen(t, await community.settlements(), 0))


@flow.answers(NoticeNotAnswered, everywhere=True)
async def notice_first(
    event: Message | CallbackQuery, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """Onboarding cannot end before the data notice was answered: show it."""
    await tell(event, t("error-notice-first"))
    await state.set_state(None)
    await continue_onboarding(event, state, ctx)


async def _finish_onboarding(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    await residents.mark_onboarded(resident.id)
    link = (await state.get_data()).get("deep_link")
    await state.clear()
    done = await residents.get(resident.id) or resident
    await say(event, t("onboarding-done"), reply_markup=main_reply_keyboard(t))
    await menu_keyboard_sent(t, done, residents)
    await send_main_menu(event, ctx, resident=done)
    if isinstance(link, str):
        await flows_in(ctx).open_deep_link(link, event, {**ctx, "resident": done})
    else:  # where announcements cost money: which may come? (not over a shared link's screen)
        await offer(event, {**ctx, "resident": done}, Question.NEWS)


# --- help, cancel ------------------------------------------------------------------------


@router.message(Command("help"))
async def help_command(message: Message, t: Translator) -> None:
    await message.answer(t("help"))


@router.message(Command("cancel"))
async def cancel_command(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    current = await state.get_state()
    if not resident.onboarded:
        await message.answer(t("cancel-onboarding"))
        await continue_onboarding(message, state, ctx)
        return
    await state.clear()
    await message.answer(
        t("cancel-done") if current else t("cancel-nothing"), reply_markup=main_reply_keyboard(t)
    )
    await menu_keyboard_sent(t, resident, ctx["residents"])
    await send_main_menu(message, ctx)
