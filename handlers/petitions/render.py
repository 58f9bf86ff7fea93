"""Petition texts: the card (split into pages within Telegram's limit), list items, progress
bars, dates. Everything a resident typed is escaped here, and only here."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

from babel.dates import format_date

from storage.petitions.model import Petition
from ui.i18n import Translator
from ui.screens import TELEGRAM_TEXT_LIMIT, escape

# Room left under Telegram's 4,096 characters for nothing but safety.
PAGE_LIMIT = TELEGRAM_TEXT_LIMIT - 96
BAR_CELLS = 10
LIST_TITLE_LIMIT = 90
BUTTON_TITLE_LIMIT = 38
_BREAKS = ("\n\n", "\n", ". ", " ")


def long_date(t: Translator, moment: datetime) -> str:
    """«7 січня 2027»"""
    return format_date(moment.astimezone(t.zone), "d MMMM y", locale=t.language)


def progress_bar(count: int, threshold: int) -> str:
    """«▰▰▰▱▱▱▱▱▱▱ 30%»: full cells are rounded down, so a bar is full only at the threshold."""
    share = min(count / threshold, 1.0) if threshold else 1.0
    full = math.floor(share * BAR_CELLS)
    return "▰" * full + "▱" * (BAR_CELLS - full) + f" {math.floor(share * 100)}%"


def days_left(petition: Petition, now: datetime) -> int:
    if petition.deadline_at is None:
        return 0
    return max(0, math.ceil((petition.deadline_at - now).total_seconds() / 86400))


def neighbours(page: int, pages: int) -> list[int]:
    """The pages a pager links to: the one before and the one after, when they exist."""
    return [n for n in (page - 1, page + 1) if 0 <= n < pages]


def shorten(text: str, limit: int) -> str:
    """A title cut to `limit` characters for a list or a button (the card shows it whole)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _escaped_prefix(raw: str, budget: int) -> int:
    """How many characters of `raw` fit into `budget` once escaped."""
    used = 0
    for index, char in enumerate(raw):
        used += len(escape(char))
        if used > budget:
            return index
    return len(raw)


def split_escaped(raw: str, budget: int, first: int | None = None) -> list[str]:
    """`raw` escaped, in pieces of at most `budget` characters (`first` for the first one),
    cut at a paragraph, line, sentence or word break when one is near. Joined, the pieces
    are exactly the escaped text."""
    pieces: list[str] = []
    rest = raw
    while rest:
        limit = first if first is not None and not pieces else budget
        cut = max(_escaped_prefix(rest, limit), 1)
        if cut < len(rest):
            for mark in _BREAKS:
                at = rest.rfind(mark, 0, cut)
                if at > cut // 2:
                    cut = at + len(mark)
                    break
        pieces.append(escape(rest[:cut]))
        rest = rest[cut:]
    return pieces


# A first page with less room than this for the text starts the text on the next page.
_MIN_FIRST_ROOM = 300


def text_pages(
    heading: Callable[[int, int], str], head: str, text: str, tail: Sequence[str] = ()
) -> list[str]:
    """Pages of at most PAGE_LIMIT characters: `head`, then `text` escaped and split across
    pages with nothing added inside it, then the `tail` blocks (each shorter than a page).
    Pages after the first start with `heading(page, pages)`."""
    room = PAGE_LIMIT - len(heading(999, 999)) - 2
    first_room = room - len(head) - 2
    if first_room < _MIN_FIRST_ROOM:
        pages = [head]
        pieces = split_escaped(text, room)
    else:
        pieces = split_escaped(text, room, first=first_room)
        pages = [f"{head}\n\n{pieces.pop(0)}" if pieces else head]
    pages += pieces
    for block in tail:
        if len(pages[-1]) + len(block) + 2 <= room:
            pages[-1] = f"{pages[-1]}\n\n{block}"
        else:
            pages.append(block)
    total = len(pages)
    return [pages[0]] + [f"{heading(n + 1, total)}\n\n{page}" for n, page in enumerate(pages) if n]


def signatures_line(t: Translator, petition: Petition) -> str:
    threshold = petition.threshold or 0
    return t(
        "pet-card-signatures",
        signatures=t("pet-n-signatures", count=petition.signatures),
        threshold=threshold,
        bar=progress_bar(petition.signatures, threshold),
    )


def status_lines(
    t: Translator, petition: Petition, now: datetime, moderation_days: int
) -> list[str]:
    state = petition.state(now)
    if state == "moderation":
        return [t("pet-card-moderation", days=moderation_days)]
    if state == "refused":
        return [t("pet-card-refused", date=long_date(t, petition.submitted_at))]
    lines = []
    if petition.published_at is not None:
        lines.append(t("pet-card-published", date=long_date(t, petition.published_at)))
    lines.append(signatures_line(t, petition))
    if state == "collecting" and petition.deadline_at is not None:
        left = t("pet-days-left", days=days_left(petition, now))
        lines.append(t("pet-card-deadline", date=long_date(t, petition.deadline_at), left=left))
    elif state == "missed":
        ended = petition.closed_at or petition.deadline_at or now
        lines.append(t("pet-card-missed", date=long_date(t, ended)))
    elif state in ("reached", "answered") and petition.closed_at is not None:
        lines.append(
            t(
                "pet-card-reached",
                date=long_date(t, petition.closed_at),
                needed=t("pet-n-signatures", count=petition.threshold or 0),
            )
        )
    return lines


def card_header(
    t: Translator, petition: Petition, now: datetime, moderation_days: int, note: str | None
) -> str:
    lines = [
        t("pet-card-title", id=petition.id, status=t(f"pet-status-{petition.state(now)}")),
        f"<b>{escape(petition.title)}</b>",
        "",
        t("pet-card-author", author=escape(petition.author_name)),
        *status_lines(t, petition, now, moderation_days),
    ]
    if note:
        lines.append(note)
    return "\n".join(lines)


def answer_blocks(t: Translator, petition: Petition) -> list[str]:
    if petition.answer_text is None or petition.answered_at is None:
        return []
    verdict = t("pet-verdict-supported" if petition.answer_supported else "pet-verdict-rejected")
    title = t("pet-card-answer", date=long_date(t, petition.answered_at), verdict=verdict)
    pieces = split_escaped(petition.answer_text, PAGE_LIMIT - len(title) - 200)
    return [f"{title}\n{pieces[0]}", *pieces[1:]]


def reason_blocks(t: Translator, petition: Petition) -> list[str]:
    if petition.status != "refused" or not petition.refusal_reason:
        return []
    title = t("pet-card-reason")
    pieces = split_escaped(petition.refusal_reason, PAGE_LIMIT - len(title) - 200)
    return [f"{title}\n{pieces[0]}", *pieces[1:]]


def card_pages(
    t: Translator,
    petition: Petition,
    now: datetime,
    moderation_days: int = 2,
    note: str | None = None,
) -> list[str]:
    """The petition as pages of at most PAGE_LIMIT characters: its number, title, author,
    status and count first, then the text exactly as typed, then the council's answer."""
    header = card_header(t, petition, now, moderation_days, note)
    return text_pages(
        lambda page, pages: t("pet-card-continued", id=petition.id, page=page, pages=pages),
        header,
        petition.body,
        [*reason_blocks(t, petition), *answer_blocks(t, petition)],
    )


def list_item(t: Translator, petition: Petition, now: datetime, *, with_status: bool) -> str:
    title = f"<b>№{petition.id}</b> {escape(shorten(petition.title, LIST_TITLE_LIMIT))}"
    state = petition.state(now)
    if state in ("moderation", "refused"):
        return f"{title}\n{t(f'pet-status-{state}')}"
    count = t(
        "pet-list-count",
        bar=progress_bar(petition.signatures, petition.threshold or 0),
        signatures=t("pet-n-signatures", count=petition.signatures),
        threshold=petition.threshold or 0,
    )
    if with_status or state != "collecting":
        tail = t(f"pet-status-{state}")
    else:
        tail = t("pet-days-left", days=days_left(petition, now))
    return f"{title}\n{count} · {tail}"


def button_title(petition: Petition) -> str:
    return f"№{petition.id} · {shorten(petition.title, BUTTON_TITLE_LIMIT)}"
