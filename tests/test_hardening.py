"""Regression tests for what simulated residents broke in the field (issue 12), outside the
ЦНАП queue: onboarding around the data notice, consent kept by the services themselves,
resident numbers never reused, odd command arguments and over-long texts, and the one place
that answers typed domain errors."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from aiogram.types import CallbackQuery, Message

from handlers import all_flows
from storage.database import MIGRATIONS_DIR, Database
from storage.errors import ConsentRequired, DomainError, NoticeNotAnswered
from storage.residents import ResidentRepository
from tests.harness import BotEnv, FakeClock, make_settings
from tests.queue.chat import ADMIN_ID, onboard
from ui.arguments import ascii_number, split_arguments, stored_number
from ui.callbacks import SettlementCb
from ui.errors import tell
from ui.flow import Flow
from ui.i18n import PLACEABLE_LIMIT, Texts, clip_html
from ui.screens import TELEGRAM_TEXT_LIMIT, clip

NOTICE = "Згода на обробку персональних даних"
MENU = "Оберіть розділ"


# --- onboarding never skips the data notice ----------------------------------------------


async def test_settlement_as_the_first_message_leads_to_the_notice(env: BotEnv) -> None:
    olena = env.resident()
    shown = await olena.send("/settlement")
    assert NOTICE in shown[-1]
    # Even a settlement button from such a screen cannot finish onboarding.
    await olena.press(SettlementCb(id=1).pack())
    assert "не діє" in olena.alerts()[-1]
    assert NOTICE in olena.last_text
    resident = await env.services.residents.find_by_channel("telegram", str(olena.id))
    assert resident is not None
    assert not resident.onboarded


async def test_an_old_settlement_button_after_deleting_data_shows_the_notice(env: BotEnv) -> None:
    olena = env.resident()
    await olena.send("/settlement")
    await olena.click_nth(0)  # the notice's «agree»
    await olena.click("Українська")
    settlements = olena.last_message_with_buttons()
    assert settlements is not None
    await olena.click("Калинівка")
    await olena.send("/mydata")
    await olena.click("Видалити")
    await olena.click("Так, видалити")

    old = settlements["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    shown = await olena.press(old, settlements)
    assert NOTICE in shown[-1]
    assert MENU not in olena.last_text
    again = await env.services.residents.find_by_channel("telegram", str(olena.id))
    assert again is not None
    assert not again.onboarded
    assert again.consent is None


async def test_a_language_button_before_the_notice_leads_to_the_notice(env: BotEnv) -> None:
    olena = env.resident()
    await olena.send("/language")
    shown = await olena.click("English")
    assert "Consent to personal data processing" in shown[-1]


async def test_onboarding_cannot_end_without_an_answer_to_the_notice(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "r.sqlite3")
    try:
        residents = ResidentRepository(db)
        fresh = await residents.get_or_create("telegram", "1", "1")
        with pytest.raises(NoticeNotAnswered):
            await residents.mark_onboarded(fresh.id)
        await residents.set_consent(fresh.id, False)
        await residents.mark_onboarded(fresh.id)
        assert (await residents.get(fresh.id)).onboarded  # type: ignore[union-attr]
    finally:
        await db.close()


# --- consent is the services' own check --------------------------------------------------


async def test_no_name_or_phone_is_kept_without_consent(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "r.sqlite3")
    try:
        residents = ResidentRepository(db)
        olena = await residents.get_or_create("telegram", "1", "1")
        with pytest.raises(ConsentRequired):
            await residents.set_contact(olena.id, full_name="Олена Коваленко")
        await residents.set_consent(olena.id, True)
        await residents.set_contact(olena.id, full_name="Олена Коваленко", phone="+380671234567")
        await residents.set_consent(olena.id, False)  # declining again keeps nothing
        kept = await residents.get(olena.id)
        assert kept is not None
        assert (kept.full_name, kept.phone) == (None, None)
        with pytest.raises(ConsentRequired):
            await residents.set_contact(olena.id, phone="+380671234567")
        # The database refuses too, whoever writes.
        with pytest.raises(Exception, match="consent"):
            await db.execute("UPDATE residents SET phone = '+380' WHERE id = ?", (olena.id,))
    finally:
        await db.close()


# --- resident numbers --------------------------------------------------------------------


async def test_a_deleted_residents_number_is_never_given_again(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "r.sqlite3")
    try:
        residents = ResidentRepository(db)
        first = await residents.get_or_create("telegram", "1", "1")
        second = await residents.get_or_create("telegram", "2", "2")
        await residents.delete(second.id)
        third = await residents.get_or_create("telegram", "3", "3")
        assert third.id > second.id > first.id
        with pytest.raises(Exception, match="never reused"):
            await db.execute(
                "INSERT INTO residents(id, created_at) VALUES (?, 'now')", (second.id,)
            )
    finally:
        await db.close()


async def test_numbers_in_the_audit_log_are_not_given_again_after_the_upgrade(
    tmp_path: Path,
) -> None:
    """A database from before migration 0018: the highest number ever used counts, even
    when only the audit log remembers it."""
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as old, old:
        for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
            version = int(file.name[:4])
            if version >= 18:
                break
            old.executescript(file.read_text(encoding="utf-8"))
            old.execute(
                "INSERT INTO schema_version(version, name) VALUES (?, ?)", (version, file.name)
            )
        old.execute(
            "INSERT INTO audit_log(at, actor_id, actor_label, action, object_type, object_id) "
            "VALUES ('2026-01-01T00:00:00Z', NULL, '#41', 'role.grant', 'resident', '40')"
        )
    db = await Database.open(path)
    try:
        fresh = await ResidentRepository(db).get_or_create("telegram", "1", "1")
        assert fresh.id == 42
    finally:
        await db.close()


# --- arguments and texts -----------------------------------------------------------------


@pytest.mark.parametrize("odd", ["²", "٣", "1_000", "+5", " 7", "5.0", "", "9" * 17, "-1"])
def test_only_ascii_digits_in_range_are_numbers(odd: str) -> None:
    assert ascii_number(odd) is None
    assert stored_number(odd) is None


def test_numbers_are_bounded() -> None:
    assert ascii_number("17") == 17
    assert ascii_number(str(2**53)) is None
    assert stored_number(2**63) is None
    assert stored_number(True) is None
    assert split_arguments("x" * 201, 1, 1) is None


async def test_superscript_digits_in_an_admin_command(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    for command in ("/lift_block ²", "/lift_block ٣", f"/lift_block {2**63}", "/roles ²"):
        shown = await admin.send(command)
        assert "вибачте" not in shown[-1].lower(), command
    assert "не номер мешканця" in (await admin.send("/lift_block ²"))[-1]


def test_a_value_too_long_for_fluent_is_clipped_not_lost() -> None:
    t = Texts().get("uk")
    text = t("admin-bad-number", value="я" * 3000)
    assert "{???}" not in text
    assert "я" * 100 in text
    assert "…" in text
    assert len(text) < PLACEABLE_LIMIT + 200


def test_clipping_keeps_the_html_valid() -> None:
    assert clip_html("<b>" + "a&amp;" * 20 + "</b>", 30) == "<b>a&amp;a&amp;a&amp;a…</b>"
    assert clip_html("ab <i>cd</i> <b>e", 12) == "ab <i>c…</i>"
    long = "<b>" + "&lt;" * 2000 + "</b>"
    clipped = clip(long)
    assert len(clipped) <= TELEGRAM_TEXT_LIMIT
    assert clipped.endswith("…</b>")
    assert "&lt…" not in clipped


# --- typed errors are answered in words --------------------------------------------------


class UnansweredError(DomainError):
    pass


class AnsweredError(DomainError):
    pass


probe = Flow("probe")


@probe.routes.message(lambda message: (message.text or "").startswith("probe "))
async def probe_handler(message: Message) -> None:
    kind = (message.text or "").split()[1]
    raise {
        "answered": AnsweredError(),
        "unanswered": UnansweredError(),
        "bug": RuntimeError("bug"),
    }[kind]


@probe.answers(AnsweredError)
async def answer_probe(event: Message | CallbackQuery, error: AnsweredError) -> None:
    await tell(event, f"answered {type(error).__name__}")


async def test_a_flows_answer_a_fallback_answer_and_the_apology(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    flows = all_flows()
    flows.insert(0, probe)  # before the FAQ, which takes any typed question
    env = await BotEnv(make_settings(tmp_path / "bot.sqlite3"), clock, flows=flows).start()
    try:
        olena = env.resident()
        await onboard(olena)
        assert (await olena.send("probe answered"))[-1] == "answered AnsweredError"
        with caplog.at_level(logging.WARNING):
            shown = await olena.send("probe unanswered")
        assert "Цього зараз зробити не можна" in shown[0]
        assert MENU in shown[-1], "the resident sees where to go on"
        assert any("No answer of its own for UnansweredError" in r.message for r in caplog.records)
        shown = await olena.send("probe bug")
        assert "Вибачте, сталася помилка" in shown[-1]
    finally:
        await env.stop()


async def test_superscript_digits_in_buttons_and_links_of_other_flows(
    env: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    """'²' passes str.isdigit() and fails int(): a petition link, appeal and report buttons."""
    olena = env.resident()
    await onboard(olena)
    with caplog.at_level(logging.ERROR, logger="bot.middlewares"):
        await olena.send("/start p-²")
        for data in ("ap1:show:²", "ap1:reply:²", "rp1:fixed:²", "rp1:notfixed:٣"):
            await olena.press(data)
    assert not [r for r in caplog.records if r.name == "bot.middlewares"]
    assert not any("Вибачте, сталася помилка" in text for text in olena.texts())
