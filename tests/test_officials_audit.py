"""Officials' actions in the bot: every button checked on the server, every action in the
audit log, the log paged in the bot and sent as a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import re

from handlers.admin.journal import AuditCb
from handlers.queue.callbacks import OperatorAction, OperatorCb
from storage.audit import Actor, AuditAction, AuditObject
from tests.harness import BotEnv, Chat, utc
from tests.queue.chat import ADMIN_ID, book, booking_rows, onboard
from tests.test_officials_roles import number_of

NO_RIGHTS = "недостатньо прав"
WATCHED_TABLES = (
    "cnap_bookings",
    "cnap_closures",
    "cnap_noshow_lifts",
    "cnap_reminders",
    "audit_log",
    "role_grants",
    "outbox",
    "fsm_state",
)


async def snapshot(env: BotEnv) -> dict[str, list[tuple[object, ...]]]:
    db = env.services.db
    return {
        table: [tuple(r) for r in await db.fetchall(f"SELECT * FROM {table} ORDER BY 1")]
        for table in WATCHED_TABLES
    }


async def appoint(env: BotEnv, admin: Chat, chat: Chat, place: str) -> int:
    number = await number_of(env, chat)
    assert "надано роль" in (await admin.send(f"/grant_operator {number} {place}"))[0]
    return number


async def test_a_forged_official_button_gets_no_rights_and_changes_nothing(env: BotEnv) -> None:
    olena, ivan = env.resident(1001), env.resident(1002, first_name="Іван")
    admin, oksana = env.resident(ADMIN_ID), env.resident(1500, first_name="Оксана")
    for chat in (olena, ivan, admin, oksana):
        await onboard(chat)
    await appoint(env, admin, oksana, "ozerne")  # an operator, but of another place
    await book(olena)
    booking_id = int(str((await booking_rows(env))[0]["id"]))
    env.clock.advance(hours=3)  # the visit has begun: every mark would be allowed
    await env.deliver()
    forged = [
        OperatorCb(action=action, place="main", day="20261123", booking=booking_id).pack()
        for action in OperatorAction  # every operator button there is
    ] + [AuditCb(page=0, top=2**40).pack(), AuditCb(page=1, top=1).pack()]

    before = await snapshot(env)
    for chat in (ivan, oksana):
        chat.news()
        for data in forged:
            answers = len(env.emulator.callback_answers)
            shown = await chat.press(data)
            assert NO_RIGHTS in chat.alerts()[-1], (chat.id, data)
            assert len(env.emulator.callback_answers) == answers + 1, "answered exactly once"
            assert shown == [], f"{data} showed something to {chat.id}"
    assert await snapshot(env) == before

    arrived = OperatorCb(action=OperatorAction.MARK_ARRIVED, place="main", booking=booking_id)
    await admin.press(arrived.pack())  # the same button is a real action for an administrator
    assert "Позначено: прийшов" in admin.alerts()[-1]
    assert (await booking_rows(env))[0]["status"] == "arrived"


async def test_every_official_action_is_in_the_audit_log(env: BotEnv) -> None:
    olena, admin = env.resident(1001), env.resident(ADMIN_ID, first_name="Адмін")
    oksana = env.resident(1500, first_name="Оксана")
    for chat in (olena, admin, oksana):
        await onboard(chat)
    admin_no, olena_no = await number_of(env, admin), await number_of(env, olena)
    oksana_no = await appoint(env, admin, oksana, "main")
    await book(olena, day=0)
    await book(olena, day=1)
    first = int(str((await booking_rows(env))[0]["id"]))

    await oksana.send("/operator")
    await oksana.click("09:15")
    await oksana.click("Прийшов")
    await oksana.click("Прийшов")  # the same mark again is not a new action
    await oksana.click("Обслужено")
    await oksana.click("До списку")
    await oksana.click("Наступний")
    await oksana.click("Закрити прийом")
    await oksana.click("Увесь день")
    await oksana.send("Навчання <персоналу>")
    await oksana.click("Так, закрити")
    await admin.send(f"/lift_block {olena_no}")
    await admin.send(f"/revoke_operator {oksana_no} main")

    entries = list(reversed(await env.services.audit.entries()))
    assert [e.action for e in entries] == [
        AuditAction.ROLE_GRANT,  # the administrator from settings, met for the first time
        AuditAction.ROLE_GRANT,
        AuditAction.CNAP_MARK,
        AuditAction.CNAP_MARK,
        AuditAction.CNAP_CLOSE,
        AuditAction.NOSHOW_LIFT,
        AuditAction.ROLE_REVOKE,
    ]
    settings, grant, arrived, served, closed, lifted, revoked = entries
    assert (settings.actor_label, settings.object.id) == ("settings", str(admin_no))
    assert grant.actor_label == revoked.actor_label == lifted.actor_label == f"#{admin_no}"
    assert grant.detail == {"role": "operator", "scope": "main", "source": "bot"}
    assert (arrived.actor_id, arrived.object) == (oksana_no, AuditObject("booking", str(first)))
    assert arrived.detail == {"place": "main", "from": "booked", "to": "arrived"}
    assert served.detail == {"place": "main", "from": "arrived", "to": "served"}
    assert closed.object.type == "cnap_closure"
    assert closed.detail == {
        "place": "main",
        "from": "2026-11-23T22:00:00Z",
        "to": "2026-11-24T22:00:00Z",
        "reason": "Навчання <персоналу>",
        "cancelled": 1,
    }
    assert (await booking_rows(env))[1]["cancel_reason"] == "closed"
    assert lifted.object == AuditObject("resident", str(olena_no))
    assert revoked.object == AuditObject("resident", str(oksana_no))

    shown = await admin.send("/audit")
    assert "Журнал дій</b> — сторінка 1 з 1 (записів: 7)" in shown[0]
    for words in ("забрано роль", "знято блокування", "закрито прийом ЦНАП", "позначено візит"):
        assert words in shown[0]
    assert "reason: Навчання &lt;персоналу&gt;" in shown[0]
    assert shown[0].index("забрано роль") < shown[0].index("надано роль"), "newest first"

    await env.services.residents.delete(oksana_no)  # the operator erases her data later
    marks = [e for e in await env.services.audit.entries() if e.action == AuditAction.CNAP_MARK]
    assert [(e.actor_id, e.actor_label) for e in marks] == [(None, f"#{oksana_no}")] * 2


def pager(chat: Chat) -> list[str]:
    """The labels under the log's newest page."""
    keyboard = chat.last_message_with_buttons()
    assert keyboard is not None
    return [b["text"] for row in keyboard["reply_markup"]["inline_keyboard"] for b in row]


def bookings_in(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"booking (\d+)", text)]


async def test_the_log_pages_in_the_bot_newest_first(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)  # the settings grant is row 1
    audit = env.services.audit
    for number in range(2, 24):
        await audit.record(Actor.system(), AuditAction.CNAP_MARK, AuditObject.of("booking", number))

    shown = await admin.send("/audit")
    assert "сторінка 1 з 3 (записів: 23)" in shown[0]
    assert bookings_in(shown[0]) == list(range(23, 13, -1))
    assert pager(admin) == ["Далі ➡️"]
    keyboard = admin.last_message_with_buttons()
    assert keyboard is not None
    assert keyboard["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("aud1:")

    shown = await admin.click("Далі")
    assert "сторінка 2 з 3" in shown[0]
    assert bookings_in(shown[0]) == list(range(13, 3, -1))
    assert pager(admin) == ["⬅️ Назад", "Далі ➡️"]
    await audit.record(Actor.system(), AuditAction.CNAP_MARK, AuditObject.of("booking", 99))
    shown = await admin.click("Далі")
    assert "сторінка 3 з 3 (записів: 23)" in shown[0], "new rows do not shift the pages"
    assert bookings_in(shown[0]) == [3, 2]
    assert pager(admin) == ["⬅️ Назад"]
    shown = await admin.click("Назад")
    assert bookings_in(shown[0]) == list(range(13, 3, -1))
    shown = await admin.send("/audit")
    assert "записів: 24" in shown[0]
    assert bookings_in(shown[0])[0] == 99


async def test_the_log_as_a_spreadsheet_for_excel(env: BotEnv) -> None:
    admin, oksana = env.resident(ADMIN_ID, first_name="Адмін"), env.resident(1500)
    await onboard(admin)
    await onboard(oksana)
    oksana_no = await appoint(env, admin, oksana, "main")
    env.clock.now = utc(2026, 7, 1, 6, 30)  # a summer row: Kyiv is UTC+3
    await env.services.audit.record(
        Actor.system(), AuditAction.CNAP_CLOSE, AuditObject.of("cnap_closure", 5), {"r": "Світло"}
    )
    env.clock.now = utc(2026, 11, 23, 7, 0)

    shown = await admin.send("/audit_csv")
    assert shown == [], "a document, not a text message"
    sent = admin.bot_messages()[-1]
    assert sent["document"]["file_name"] == "audit-2026-11-23.csv"
    assert sent["caption"] == "📜 Журнал дій: 3 записи. Файл відкривається в Excel."
    data = env.emulator.files[sent["document"]["file_id"]]
    assert data.startswith(b"\xef\xbb\xbf"), "the BOM Excel needs to read UTF-8"

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["time", "actor", "action", "object", "details"]
    summer, grant, settings = rows[1:]
    assert summer[:4] == ["2026-07-01T09:30:00+03:00", "system", "cnap.close", "cnap_closure 5"]
    assert json.loads(summer[4]) == {"r": "Світло"}
    assert grant[:4] == [
        "2026-11-23T09:00:00+02:00",
        f"#{await number_of(env, admin)}",
        "role.grant",
        f"resident {oksana_no}",
    ]
    assert json.loads(grant[4]) == {"role": "operator", "scope": "main", "source": "bot"}
    assert settings[1:3] == ["settings", "role.grant"]
