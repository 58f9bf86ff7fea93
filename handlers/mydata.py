"""/mydata: what the bot holds about the resident; withdraw consent; delete everything."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from handlers.menu import send_main_menu
from storage.community import CommunityRepository
from storage.database import Database
from storage.errors import ConsentRequired
from storage.residents import Resident, ResidentRepository
from ui.callbacks import MenuCb, MyDataAction, MyDataCb, packed
from ui.errors import tell
from ui.flow import Flow, flows_in
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, say, show

flow = Flow("mydata")
router = flow.routes


async def mydata_screen(
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> Screen:
    db: Database = ctx["db"]
    with db.quick_reads():
        settlement = (
            await community.settlement(resident.settlement_id) if resident.settlement_id else None
        )
        links = await residents.channels(resident.id)
        flow_lines = await flows_in(ctx).data_lines({**ctx, "t": t, "resident": resident})
    channels = ", ".join(c.channel.capitalize() for c in links)
    consent = (
        t("mydata-consent-given", at=t.full_datetime(resident.consent_at))
        if resident.has_consent and resident.consent_at
        else t("mydata-consent-none")
    )
    lines = [
        t("mydata-title"),
        t("mydata-id", id=resident.id),
        t("mydata-language", language=t("language-name")),
        t(
            "mydata-settlement",
            settlement=escape(settlement.name(t.language)) if settlement else "—",
        ),
        t("mydata-consent", consent=consent),
        t("mydata-name", name=escape(resident.full_name) or "—"),
        t("mydata-phone", phone=escape(resident.phone) or "—"),
        t("mydata-channels", channels=channels or "—"),
    ]
    lines += flow_lines
    lines += ["", t("mydata-retention")]
    buttons = []
    if resident.has_consent:
        buttons.append(
            [
                button(t("mydata-edit-name"), packed(MyDataCb, action=MyDataAction.EDIT_NAME)),
                button(t("mydata-edit-phone"), packed(MyDataCb, action=MyDataAction.EDIT_PHONE)),
            ]
        )
        buttons.append([button(t("mydata-withdraw"), packed(MyDataCb, action="withdraw"))])
    else:
        buttons.append([button(t("mydata-give-consent"), packed(MyDataCb, action="consent"))])
    buttons.append([button(t("mydata-delete"), packed(MyDataCb, action="delete"))])
    buttons.append([button(t("btn-back"), packed(MenuCb, screen="root"))])
    return Screen("\n".join(lines), buttons)


@flow.answers(ConsentRequired, everywhere=True)
async def consent_required(
    event: Message | CallbackQuery, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """Something that keeps a name or phone was tried without consent: nothing was kept."""
    await state.set_state(None)
    await tell(event, t("error-consent-required"))
    await say(event, t("menu-hint"))
    if ctx["resident"].onboarded:
        await send_main_menu(event, ctx)


@router.message(Command("mydata"))
async def mydata_command(
    message: Message,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    await show(message, await mydata_screen(t, resident, residents, community, ctx))


@router.callback_query(MenuCb.filter(F.screen == "mydata"))
async def mydata_from_menu(
    query: CallbackQuery,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    await query.answer()
    await show(query, await mydata_screen(t, resident, residents, community, ctx))


@router.callback_query(MyDataCb.filter(F.action == "delete"))
async def ask_delete(query: CallbackQuery, t: Translator) -> None:
    await query.answer()
    await show(
        query,
        Screen(
            t("mydata-delete-confirm"),
            [
                [button(t("mydata-delete-yes"), packed(MyDataCb, action="delete-yes"))],
                [button(t("mydata-delete-no"), packed(MenuCb, screen="mydata"))],
            ],
        ),
    )


@router.callback_query(MyDataCb.filter(F.action == "delete-yes"))
async def delete_everything(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
) -> None:
    await residents.delete(resident.id)
    await state.clear()
    await query.answer()
    await show(query, Screen(t("mydata-deleted")))
    await say(query, t("mydata-deleted-hint"), reply_markup=ReplyKeyboardRemove())


@router.callback_query(MyDataCb.filter(F.action == "withdraw"))
async def ask_withdraw(query: CallbackQuery, t: Translator) -> None:
    await query.answer()
    buttons = [
        [button(t("mydata-withdraw-yes"), packed(MyDataCb, action="withdraw-yes"))],
        [button(t("mydata-delete-no"), packed(MenuCb, screen="mydata"))],
    ]
    await show(query, Screen(t("mydata-withdraw-confirm"), buttons))


@router.callback_query(MyDataCb.filter(F.action == "withdraw-yes"))
async def withdraw_consent(
    query: CallbackQuery,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    """Withdrawing consent erases name and phone everywhere; flows that hold them subscribe
    with `flow.on_consent_withdrawn` (the ЦНАП queue cancels visits still ahead)."""
    await flows_in(ctx).consent_withdrawn({**ctx, "resident": resident})
    await residents.withdraw_consent(resident.id)
    await query.answer(t("mydata-withdrawn"), show_alert=True)
    refreshed = await residents.get(resident.id) or resident
    await show(query, await mydata_screen(t, refreshed, residents, community, ctx))


@router.callback_query(MyDataCb.filter(F.action == "consent"))
async def give_consent_again(query: CallbackQuery, t: Translator) -> None:
    await query.answer()
    await show(
        query,
        Screen(
            t("consent-notice"),
            [
                [button(t("consent-agree"), packed(MyDataCb, action="agree"))],
                [button(t("btn-back"), packed(MenuCb, screen="mydata"))],
            ],
        ),
    )


@router.callback_query(MyDataCb.filter(F.action == "agree"))
async def consent_given_later(
    query: CallbackQuery,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    await residents.set_consent(resident.id, True)
    await query.answer(t("consent-thanks"))
    refreshed = await residents.get(resident.id) or resident
    await show(query, await mydata_screen(t, refreshed, residents, community, ctx))
