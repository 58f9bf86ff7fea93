"""The broadcaster's composer (/broadcast): text (and optionally English), photo, topic,
audience and time, kept as a draft in the database, so a restart or a detour keeps it.
Every button and the command need a community-wide broadcaster (handlers/news/common.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.news.callbacks import ComposeAction, ComposeCb
from handlers.news.common import BROADCASTER, flow, router
from handlers.news.render import list_title, plain, text_problem, topic_name
from storage.community import CommunityRepository
from storage.news.broadcasts import BroadcastService
from storage.news.model import Draft, Topic
from storage.news.subscriptions import DraftStore
from storage.residents import Resident
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, say, show

PLACES_PAGE = 12
DRAFT_SHOWN = 300
LISTED = 5
FORMATTING = frozenset({"bold", "italic", "underline", "strikethrough", "code", "text_link"})


class ComposeFlow(StatesGroup):
    text = State()
    text_en = State()
    photo = State()
    when = State()


COMPOSE_STATES = {s.state for s in ComposeFlow.__states__}


def compose_data(action: ComposeAction, id_: int = 0, page: int = 0, **extra: Topic) -> str:
    return ComposeCb(action=action, id=id_, page=page, **extra).pack()


def home_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("news-compose-back"), compose_data(ComposeAction.HOME))]


async def audience_name(t: Translator, draft: Draft, community: CommunityRepository) -> str:
    if not draft.settlements:
        return t("news-audience-everyone")
    names = []
    for settlement_id in draft.settlements:
        row = await community.settlement(settlement_id)
        if row is not None:
            names.append(row.name(t.language))
    return escape(", ".join(names))


def when_name(t: Translator, draft: Draft) -> str:
    return t.datetime(draft.send_at) if draft.send_at else t("news-when-now")


def _shown(text: str) -> str:
    line = plain(text)
    return escape(line if len(line) <= DRAFT_SHOWN else line[: DRAFT_SHOWN - 1] + "…")


async def home_screen(
    t: Translator, draft: Draft, community: CommunityRepository, broadcasts: BroadcastService
) -> Screen:
    lines = [
        t("news-compose-title"),
        t("news-compose-topic", topic=topic_name(t, draft.topic)),
        t("news-compose-audience", audience=await audience_name(t, draft, community)),
        t("news-compose-when", when=when_name(t, draft)),
        t("news-compose-photo", has=str(bool(draft.photo)).lower()),
        "",
        t("news-compose-text", text=_shown(draft.text_uk) if draft.text_uk else "—"),
        t("news-compose-text-en", text=_shown(draft.text_en) if draft.text_en else "—"),
    ]
    c = compose_data
    buttons = [
        [button(t("news-btn-text"), c(ComposeAction.TEXT))],
        [button(t("news-btn-text-en"), c(ComposeAction.TEXT_EN))],
        [button(t("news-btn-photo"), c(ComposeAction.PHOTO))],
        [
            button(t("news-btn-topic"), c(ComposeAction.TOPICS)),
            button(t("news-btn-audience"), c(ComposeAction.AUDIENCE)),
        ],
        [button(t("news-btn-when"), c(ComposeAction.WHEN))],
    ]
    if draft.text_uk:
        buttons.append([button(t("news-btn-preview"), c(ComposeAction.PREVIEW))])
    buttons.append([button(t("news-btn-discard"), c(ComposeAction.DISCARD))])
    scheduled = await broadcasts.scheduled()
    if scheduled:
        lines += ["", t("news-scheduled-title")]
    for item in scheduled[:LISTED]:
        lines.append(
            t(
                "news-scheduled-line",
                id=item.id,
                when=t.datetime(item.send_at),
                title=list_title(item, t.language),
            )
        )
        label = t("news-btn-cancel-scheduled", id=item.id)
        buttons.append([button(label, c(ComposeAction.CANCEL, item.id))])
    return Screen("\n".join(lines), buttons)


async def show_home(
    event: Message | CallbackQuery,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
    *,
    edit: bool = True,
) -> None:
    draft = await broadcast_drafts.get(resident.id)
    await show(event, await home_screen(t, draft, community, broadcasts), edit=edit)


@router.message(Command("broadcast"), BROADCASTER)
async def broadcast_command(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    if await state.get_state() in COMPOSE_STATES:
        await state.clear()
    await show_home(message, t, resident, broadcast_drafts, community, broadcasts)


@router.callback_query(ComposeCb.filter(F.action == ComposeAction.HOME))
async def home(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    await query.answer()
    if await state.get_state() in COMPOSE_STATES:
        await state.clear()
    await show_home(query, t, resident, broadcast_drafts, community, broadcasts)


# --- typed parts: the texts, the photo, the time --------------------------------------------

ASKS = {
    ComposeAction.TEXT: (ComposeFlow.text, "news-ask-text"),
    ComposeAction.TEXT_EN: (ComposeFlow.text_en, "news-ask-text-en"),
    ComposeAction.PHOTO: (ComposeFlow.photo, "news-ask-photo"),
    ComposeAction.WHEN: (ComposeFlow.when, "news-ask-when"),
}
EXTRA_BUTTONS = {
    ComposeFlow.text_en.state: (ComposeAction.DROP_EN, "news-btn-drop-en"),
    ComposeFlow.photo.state: (ComposeAction.DROP_PHOTO, "news-btn-drop-photo"),
    ComposeFlow.when.state: (ComposeAction.NOW, "news-btn-now"),
}


@flow.prompt(*ComposeFlow.__states__)
async def ask_part(event: Message | CallbackQuery, state: FSMContext, t: Translator) -> None:
    current = await state.get_state()
    key = next(k for s, k in ASKS.values() if s.state == current)
    buttons = []
    if current in EXTRA_BUTTONS:
        action, label = EXTRA_BUTTONS[current]
        buttons.append([button(t(label), compose_data(action))])
    buttons.append(home_row(t))
    await say(event, t(key), Screen("", buttons).markup)


@router.callback_query(ComposeCb.filter(F.action.in_(set(ASKS))))
async def start_part(
    query: CallbackQuery, callback_data: ComposeCb, state: FSMContext, t: Translator
) -> None:
    await query.answer()
    await state.set_state(ASKS[callback_data.action][0])
    await ask_part(query, state, t)


def typed_html(message: Message) -> str:
    """The official's text as HTML: Telegram's own formatting when they used it, else what
    they typed (the bot's tags allowed)."""
    if any(e.type in FORMATTING for e in message.entities or []):
        return message.html_text
    return message.text or ""


async def _save(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
    draft: Draft,
) -> None:
    await broadcast_drafts.save(resident.id, draft)
    await state.clear()
    await show_home(event, t, resident, broadcast_drafts, community, broadcasts, edit=False)


@router.message(ComposeFlow.text, F.text)
@router.message(ComposeFlow.text_en, F.text)
async def got_text(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    draft = await broadcast_drafts.get(resident.id)
    text = typed_html(message).strip()
    problem = text_problem(t, draft.topic, text, bool(draft.photo))
    if problem is not None:
        await message.answer(problem)
        return
    english = await state.get_state() == ComposeFlow.text_en.state
    changed = with_changes(draft, **{"text_en" if english else "text_uk": text})
    await _save(message, state, t, resident, broadcast_drafts, community, broadcasts, changed)


def _fields(draft: Draft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in Draft.__dataclass_fields__}


def with_changes(draft: Draft, **changes: object) -> Draft:
    return Draft(**{**_fields(draft), **changes})  # type: ignore[arg-type]


@router.message(ComposeFlow.photo, F.photo)
async def got_photo(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
    channel: str = "telegram",
) -> None:
    draft = await broadcast_drafts.get(resident.id)
    for text in (draft.text_uk, draft.text_en):
        problem = text and text_problem(t, draft.topic, text, with_photo=True)
        if problem:
            await message.answer(t("news-photo-text-too-long", problem=problem))
            return
    file_id = (message.photo or [])[-1].file_id
    # Kept under the messenger that gave it (a Viber picture is a URL every channel can use).
    changed = with_changes(draft, photo={channel: file_id})
    await _save(message, state, t, resident, broadcast_drafts, community, broadcasts, changed)


def parse_when(typed: str, now: datetime, t: Translator) -> datetime | None:
    """«25.12 09:00» (or «25.12.2026 09:00») in the community's time, the next such moment:
    a day and month already past this year mean next year, a time earlier today is refused."""
    cleaned = " ".join(typed.replace(",", " ").split())
    local_now = now.astimezone(t.zone)
    for pattern in ("%d.%m.%Y %H:%M", "%d.%m %H:%M"):
        try:
            parsed = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        if pattern == "%d.%m %H:%M":
            try:
                parsed = parsed.replace(year=local_now.year)
            except ValueError:
                return None  # 29.02 in a common year
            if (parsed.month, parsed.day) < (local_now.month, local_now.day):
                parsed = parsed.replace(year=local_now.year + 1)
        return parsed.replace(tzinfo=t.zone).astimezone(UTC)
    return None


@router.message(ComposeFlow.when, F.text)
async def got_when(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    moment = parse_when(message.text or "", broadcasts.now(), t)
    if moment is None:
        await message.answer(t("news-when-bad"))
        return
    if moment <= broadcasts.now():
        await message.answer(t("news-when-past", when=t.datetime(moment)))
        return
    draft = with_changes(await broadcast_drafts.get(resident.id), send_at=moment)
    await _save(message, state, t, resident, broadcast_drafts, community, broadcasts, draft)


DROPS: dict[ComposeAction, dict[str, object]] = {
    ComposeAction.DROP_EN: {"text_en": ""},
    ComposeAction.DROP_PHOTO: {"photo": {}},
    ComposeAction.NOW: {"send_at": None},
}


@router.callback_query(ComposeCb.filter(F.action.in_(set(DROPS))))
async def drop_part(
    query: CallbackQuery,
    callback_data: ComposeCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    await query.answer()
    draft = with_changes(await broadcast_drafts.get(resident.id), **DROPS[callback_data.action])
    await _save(query, state, t, resident, broadcast_drafts, community, broadcasts, draft)
