"""Roles in the bot, as administrators and the officials they appoint meet them: granting and
withdrawing, the general /grant form, odd arguments, administrators from settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.admin.arguments import resident_number
from storage.roles import Grant, GrantSource, Role
from tests.harness import BotEnv, Chat, FakeClock, make_settings
from tests.queue.chat import ADMIN_ID, onboard

UNKNOWN = "Не знаю такої команди"


async def number_of(env: BotEnv, chat: Chat) -> int:
    found = await env.services.residents.find_by_channel("telegram", str(chat.id))
    assert found is not None
    return found.id


async def grants_and_log(env: BotEnv) -> tuple[list[tuple[object, ...]], int]:
    rows = await env.services.db.fetchall("SELECT * FROM role_grants ORDER BY 1, 2, 3, 4")
    logged = await env.services.db.fetchval("SELECT COUNT(*) FROM audit_log")
    return [tuple(r) for r in rows], int(logged)


@pytest.fixture
async def admin(env: BotEnv) -> Chat:
    chat = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(chat)
    return chat


async def test_an_administrator_appoints_an_operator_who_is_told(env: BotEnv, admin: Chat) -> None:
    oksana = env.resident(1500, first_name="Оксана")
    await onboard(oksana)
    number = await number_of(env, oksana)

    shown = await admin.send(f"/grant {number} оператор main")
    assert f"Мешканцю {number} надано роль «оператор ЦНАП» — ЦНАП Яблунівської" in shown[0]
    assert await env.deliver() == 1
    assert "Вам надано роль «оператор ЦНАП»" in oksana.last_text
    assert "/operator" in oksana.last_text
    assert "ЦНАП Яблунівської міської ради" in (await oksana.send("/operator"))[-1]

    shown = await admin.send(f"/grant {number} operator main")
    assert "уже має роль" in shown[0]
    assert await env.deliver() == 0, "no second notice"

    shown = await admin.send(f"/revoke_operator {number} main")
    assert "забрано" in shown[0]
    assert UNKNOWN in (await oksana.send("/operator"))[0]
    shown = await admin.send(f"/revoke {number} оператор main")
    assert "немає ролі «оператор ЦНАП»" in shown[0]


async def test_role_words_in_the_officials_language_and_english_codes(
    env: BotEnv, admin: Chat
) -> None:
    petro = env.resident(1600, first_name="Петро")
    john = env.resident(1700, language_code="en", first_name="John")
    await onboard(petro)
    await onboard(john, settlement="Kalynivka", language="English")
    petro_no, john_no = await number_of(env, petro), await number_of(env, john)

    assert (
        "надано роль «відповідальний за звернення» — с. Озерне"
        in (await admin.send(f"/grant {petro_no} звернення ozerne"))[0]
    )
    assert "«модератор» — уся громада" in (await admin.send(f"/grant {petro_no} moderator"))[0]
    assert "«редактор новин»" in (await admin.send(f"/grant {john_no} EDITOR"))[0]
    assert "«адміністратор»" in (await admin.send(f"/grant {john_no} адмін"))[0]
    assert await env.deliver() == 4
    assert "You now have the role “administrator” — the whole community." in john.last_text
    john.news()  # seen

    roles = env.services.roles
    assert await roles.roles_of(petro_no) == {
        Grant(Role.APPEALS_OFFICER, "ozerne"),
        Grant(Role.MODERATOR, ""),
    }
    shown = await admin.send("/roles")
    assert f"#{petro_no}: модератор — уся громада; відповідальний за звернення" in shown[0]
    assert "адміністратор — уся громада (з налаштувань)" in shown[0]
    shown = await admin.send(f"/roles {john_no}")
    assert f"#{john_no}: адміністратор — уся громада; редактор новин" in shown[0]
    assert f"#{petro_no}" not in shown[0]

    # John, now an administrator, works in English: English words and the codes.
    shown = await john.send(f"/revoke {petro_no} appeals ozerne")
    assert "no longer has the role “appeals officer” — Ozerne (ozerne)" in shown[0]
    shown = await john.send(f"/revoke {petro_no} модератор")
    assert "There is no role “модератор”" in shown[0]
    shown = await john.send(f"/revoke {petro_no} moderator")
    assert "no longer has the role “moderator”" in shown[0]
    assert not await roles.is_official(petro_no)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("17", 17),
        ("007", 7),
        (str(2**53 - 1), 2**53 - 1),
        (str(2**53), None),
        ("9" * 17, None),
        ("²", None),
        ("٣", None),
        ("1_0", None),
        ("+5", None),
        (" 5", None),
        ("0", None),
        ("", None),
    ],
)
def test_resident_numbers_are_ascii_digits_below_2_to_53(text: str, number: int | None) -> None:
    assert resident_number(text) == number


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/grant ² оператор main", "«²» — не номер мешканця"),
        ("/grant １７ оператор main", "не номер мешканця"),
        ("/grant 9223372036854775808 оператор main", "не номер мешканця"),
        ("/grant 9007199254740992 оператор main", "не номер мешканця"),
        ("/grant 9007199254740991 оператор main", "Мешканця з номером 9007199254740991 немає"),
        ("/grant 0 оператор", "не номер мешканця"),
        ("/grant -3 оператор", "не номер мешканця"),
        ("/grant 1_0 оператор", "не номер мешканця"),
        ("/grant {me} оператор " + "x" * 2500, "Формат: /grant НОМЕР РОЛЬ"),
        ("/grant {me} " + "я" * 150, "Ролі «" + "я" * 39 + "…» немає"),
        ("/grant {me} <b>boss</b>", "Ролі «&lt;b&gt;boss&lt;/b&gt;» немає"),
        ("/grant {me} оператор <i>main</i>", "немає місця «&lt;i&gt;main&lt;/i&gt;»"),
        ("/grant {me} оператор lisove", "Можна: main, kalynivka, ozerne"),
        ("/grant {me} модератор main", "немає місця «main»"),
        ("/grant {me} адміністратор main", "лише на всю громаду"),
        ("/grant {me} оператор main зайве", "Формат: /grant НОМЕР РОЛЬ"),
        ("/grant {me}", "Формат: /grant НОМЕР РОЛЬ"),
        ("/revoke_operator {me}", "Формат: /revoke_operator 17 main"),
        ("/lift_block ²", "«²» — не номер мешканця"),
        ("/roles ²", "Формат: /roles 17"),
    ],
)
async def test_bad_arguments_get_a_clear_answer_and_change_nothing(
    env: BotEnv, admin: Chat, command: str, answer: str
) -> None:
    before = await grants_and_log(env)
    shown = await admin.send(command.replace("{me}", str(await number_of(env, admin))))
    assert answer in shown[0]
    assert len(shown[0]) < 600, "a long argument is not echoed back whole"
    assert await grants_and_log(env) == before


async def test_official_commands_do_not_exist_for_residents(env: BotEnv, admin: Chat) -> None:
    ivan = env.resident(1002, first_name="Іван")
    await onboard(ivan)
    me = await number_of(env, ivan)
    before = await grants_and_log(env)
    for command in (
        "/admin",
        f"/grant {me} адміністратор",
        f"/revoke {await number_of(env, admin)} адміністратор",
        f"/grant_operator {me} main",
        f"/revoke_operator {me} main",
        "/roles",
        "/audit",
        "/audit_csv",
        f"/lift_block {me}",
        "/stats",
        "/operator",
    ):
        shown = await ivan.send(command)
        assert UNKNOWN in shown[0], command
    assert await grants_and_log(env) == before
    assert env.emulator.sent_count("sendDocument") == 0


async def test_administrators_follow_the_settings_across_restarts(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "bot.sqlite3"
    env = await BotEnv(make_settings(path, admins={"telegram_ids": [900]}), clock).start()
    try:
        first, second = env.resident(900), env.resident(901, first_name="Марія")
        await onboard(first)
        await onboard(second)
        second_no, first_no = await number_of(env, second), await number_of(env, first)
        assert UNKNOWN in (await second.send("/admin"))[0]

        env.settings = make_settings(path, admins={"telegram_ids": [900, 901]})
        await env.restart()
        assert "Адміністрування" in (await second.send("/admin"))[0], "added in settings"
        assert (await second.send("/roles"))[0].count("(з налаштувань)") == 2
        shown = await second.send(f"/grant {first_no} адміністратор")
        assert "надано роль «адміністратор»" in shown[0], "a grant in the bot, besides settings"

        env.settings = make_settings(path, admins={"telegram_ids": [901]})
        await env.restart()
        assert "Адміністрування" in (await first.send("/admin"))[0], "the bot grant stays"
        shown = await second.send(f"/revoke {first_no} адміністратор")
        assert "забрано" in shown[0]
        assert UNKNOWN in (await first.send("/admin"))[0]
        await env.restart()  # nothing comes back after a restart either
        assert UNKNOWN in (await first.send("/admin"))[0]
        shown = await first.send(f"/revoke {second_no} адміністратор")
        assert UNKNOWN in shown[0]
        shown = await second.send(f"/revoke {second_no} адміністратор")
        assert "з налаштувань бота (ADMINS__TELEGRAM_IDS)" in shown[0]

        env.settings = make_settings(path, admins={"telegram_ids": [901, 902]})
        await env.restart()
        newcomer = env.resident(902, first_name="Новий")
        await onboard(newcomer)  # written for the first time since the start
        assert "Адміністрування" in (await newcomer.send("/admin"))[0]
        newcomer_no = await number_of(env, newcomer)
        settings_admin = Grant(Role.ADMINISTRATOR, "", GrantSource.SETTINGS)
        assert await env.services.roles.roles_of(newcomer_no) == {settings_admin}
        logged = [e.actor_label for e in await env.services.audit.entries()]
        assert logged[0] == "settings"
        assert logged.count(f"#{second_no}") == 2
    finally:
        await env.stop()
