"""Roles and the audit log without a bot: grants, scopes, administrators from settings, the
in-memory cache, the migration from staff_roles, paging and the CSV export."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.audit import Actor, AuditAction, AuditLog, AuditObject
from storage.database import Database, _migrations
from storage.residents import ResidentRepository
from storage.roles import Grant, GrantSource, Role, RoleService, check_scope
from tests.harness import FakeClock, utc

KYIV = ZoneInfo("Europe/Kyiv")


@dataclass
class World:
    db: Database
    clock: FakeClock
    residents: ResidentRepository
    audit: AuditLog
    roles: RoleService

    async def resident(self, telegram_id: int) -> int:
        found = await self.residents.get_or_create("telegram", str(telegram_id), str(telegram_id))
        return found.id


def world_on(db: Database, clock: FakeClock) -> World:
    audit = AuditLog(db, clock)
    residents = ResidentRepository(db, clock)
    roles = RoleService(db, audit, clock)
    residents.on_deleted(roles.forget)
    return World(db, clock, residents, audit, roles)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    db = await Database.open(tmp_path / "roles.sqlite3")
    yield world_on(db, clock)
    await db.close()


def count_queries(db: Database) -> list[str]:
    """Record every statement the database runs from now on."""
    seen: list[str] = []
    for name in ("fetchone", "fetchall", "execute"):
        original = getattr(db, name)

        async def traced(sql: str, params: object = (), _original: object = original) -> object:
            seen.append(sql)
            return await _original(sql, params)  # type: ignore[operator]

        setattr(db, name, traced)
    return seen


# --- the role service ------------------------------------------------------------------


async def test_scoped_and_community_wide_grants(world: World) -> None:
    admin, oksana, petro = [await world.resident(i) for i in (900, 1500, 1600)]
    by = Actor.resident(admin)
    assert await world.roles.grant(oksana, Role.OPERATOR, "main", by)
    assert not await world.roles.grant(oksana, Role.OPERATOR, "main", by), "granted twice"
    assert await world.roles.grant(petro, Role.APPEALS_OFFICER, "", by)

    assert await world.roles.has(oksana, Role.OPERATOR, "main")
    assert await world.roles.has(oksana, Role.OPERATOR)
    assert not await world.roles.has(oksana, Role.OPERATOR, "ozerne")
    assert not await world.roles.has(oksana, Role.MODERATOR)
    assert await world.roles.has(petro, Role.APPEALS_OFFICER, "ozerne"), "community-wide"
    assert await world.roles.scopes_of(oksana, Role.OPERATOR) == {"main"}
    assert await world.roles.scopes_of(petro, Role.APPEALS_OFFICER) == {""}
    assert await world.roles.roles_of(oksana) == {Grant(Role.OPERATOR, "main")}
    assert await world.roles.holders(Role.OPERATOR, "main") == [oksana]
    assert await world.roles.holders(Role.APPEALS_OFFICER, "ozerne") == [petro]

    assert await world.roles.revoke(oksana, Role.OPERATOR, "main", by)
    assert not await world.roles.revoke(oksana, Role.OPERATOR, "main", by)
    assert not await world.roles.has(oksana, Role.OPERATOR)
    assert await world.roles.holders(Role.OPERATOR) == []


async def test_administrator_holds_every_role(world: World) -> None:
    admin = await world.resident(900)
    await world.roles.sync_settings_administrators([admin])
    for role in Role:
        assert await world.roles.has(admin, role, "any-place"), role
    assert await world.roles.holders(Role.OPERATOR, "main") == []
    assert await world.roles.holders(Role.OPERATOR, "main", with_administrators=True) == [admin]


@pytest.mark.parametrize("scope", [" main", "Main", "ма", "a" * 65, "main\n", "<b>x</b>"])
def test_malformed_scopes_are_refused(scope: str) -> None:
    with pytest.raises(ValueError, match="scope"):
        check_scope(Role.OPERATOR, scope)


def test_an_administrator_is_never_scoped() -> None:
    with pytest.raises(ValueError, match="community-wide"):
        check_scope(Role.ADMINISTRATOR, "main")
    assert check_scope(Role.OPERATOR, "main") == "main"
    assert check_scope(Role.ADMINISTRATOR, "") == ""


async def test_checks_are_answered_from_memory(world: World) -> None:
    oksana = await world.resident(1500)
    await world.roles.grant(oksana, Role.OPERATOR, "main", Actor.resident(oksana))
    fresh = RoleService(world.db, world.audit, world.clock)
    await fresh.load()
    queries = count_queries(world.db)
    for _ in range(50):
        assert await fresh.has(oksana, Role.OPERATOR, "main")
        assert not await fresh.has(oksana + 1, Role.OPERATOR)
        assert await fresh.scopes_of(oksana, Role.OPERATOR) == {"main"}
    assert queries == []


async def test_a_change_made_elsewhere_is_seen_after_its_own_reload(world: World) -> None:
    oksana = await world.resident(1500)
    assert not await world.roles.has(oksana, Role.OPERATOR)  # the table is now cached
    await world.roles.grant(oksana, Role.OPERATOR, "main", Actor.system())
    assert await world.roles.has(oksana, Role.OPERATOR, "main"), "grant updates the cache"
    await world.roles.revoke(oksana, Role.OPERATOR, "main", Actor.system())
    assert not await world.roles.has(oksana, Role.OPERATOR), "revoke updates the cache"


async def test_an_erased_official_loses_the_role_in_memory_too(world: World) -> None:
    oksana = await world.resident(1500)
    await world.roles.grant(oksana, Role.OPERATOR, "main", Actor.system())
    await world.residents.delete(oksana)
    assert not await world.roles.has(oksana, Role.OPERATOR)
    newcomer = await world.resident(1700)  # SQLite may hand out the erased number again
    assert not await world.roles.has(newcomer, Role.OPERATOR)


async def test_settings_administrators_follow_the_settings(world: World) -> None:
    first, second = await world.resident(900), await world.resident(901)
    await world.roles.sync_settings_administrators([first, second])
    await world.roles.grant(second, Role.ADMINISTRATOR, "", Actor.resident(first))
    await world.roles.sync_settings_administrators([first, second])  # a restart: no change
    assert len(await world.audit.entries()) == 3

    await world.roles.sync_settings_administrators([first])
    assert await world.roles.roles_of(second) == {Grant(Role.ADMINISTRATOR)}, "bot grant stays"
    await world.roles.sync_settings_administrators([])
    assert not await world.roles.has(first, Role.OPERATOR)
    assert await world.roles.revoke(second, Role.ADMINISTRATOR, "", Actor.system())
    assert not await world.roles.is_official(second)

    await world.roles.ensure_settings_administrator(first)
    settings_admin = Grant(Role.ADMINISTRATOR, "", GrantSource.SETTINGS)
    assert await world.roles.roles_of(first) == {settings_admin}


async def test_a_settings_grant_cannot_be_revoked_in_the_bot(world: World) -> None:
    admin = await world.resident(900)
    await world.roles.sync_settings_administrators([admin])
    assert not await world.roles.revoke(admin, Role.ADMINISTRATOR, "", Actor.resident(admin))
    assert await world.roles.has(admin, Role.ADMINISTRATOR)


async def test_a_role_change_refuses_to_join_another_transaction(world: World) -> None:
    oksana = await world.resident(1500)
    with pytest.raises(RuntimeError, match="own transaction"):
        async with world.db.transaction():
            await world.roles.grant(oksana, Role.OPERATOR, "main", Actor.system())
    assert not await world.roles.has(oksana, Role.OPERATOR)
    assert await world.db.fetchval("SELECT COUNT(*) FROM role_grants") == 0


async def test_grants_are_audited_in_the_same_transaction(world: World) -> None:
    admin, oksana = await world.resident(900), await world.resident(1500)
    world.clock.advance(minutes=5)
    await world.roles.grant(oksana, Role.OPERATOR, "main", Actor.resident(admin))
    await world.roles.revoke(oksana, Role.OPERATOR, "main", Actor.resident(admin))
    revoke, grant = await world.audit.entries()
    assert (grant.action, revoke.action) == (AuditAction.ROLE_GRANT, AuditAction.ROLE_REVOKE)
    assert grant.object == AuditObject("resident", str(oksana))
    assert grant.detail == {"role": "operator", "scope": "main", "source": "bot"}
    assert (grant.actor_id, grant.actor_label) == (admin, f"#{admin}")
    assert grant.at == utc(2026, 11, 23, 7, 5)

    await world.db.execute(  # an audit row that cannot be written undoes the grant
        "CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        await world.roles.grant(oksana, Role.OPERATOR, "main", Actor.resident(admin))
    assert not await world.roles.has(oksana, Role.OPERATOR)
    assert await world.db.fetchval("SELECT COUNT(*) FROM role_grants") == 0


async def test_operators_from_staff_roles_keep_their_places(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "old.sqlite3", migrate=False)
    try:
        for version, name, sql in _migrations():
            if version < 5:  # the schema as it was before roles
                await db._conn.executescript(
                    f"BEGIN; {sql}; INSERT INTO schema_version(version, name) "
                    f"VALUES ({version}, '{name}'); COMMIT;"
                )
        await db.execute("INSERT INTO residents(id, created_at) VALUES (7, '2026-01-01T00:00:00Z')")
        await db.execute(
            "INSERT INTO staff_roles(resident_id, role, scope, granted_at) "
            "VALUES (7, 'operator', 'main', '2026-01-02T00:00:00Z')"
        )
        await db.migrate()
        roles = RoleService(db, AuditLog(db))
        assert await roles.roles_of(7) == {Grant(Role.OPERATOR, "main")}
        assert not await db.fetchval(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'staff_roles'"
        )
    finally:
        await db.close()


# --- the audit log ----------------------------------------------------------------------


async def record_many(world: World, count: int, actor: Actor) -> None:
    for number in range(count):
        world.clock.advance(minutes=1)
        await world.audit.record(
            actor, AuditAction.CNAP_MARK, AuditObject.of("booking", number), {"n": number}
        )


async def test_pages_are_newest_first_and_stay_put(world: World) -> None:
    await record_many(world, 23, Actor.system())
    first = await world.audit.page(0, size=10)
    assert (first.page, first.pages, first.total) == (0, 3, 23)
    assert [e.object.id for e in first.entries] == [str(n) for n in range(22, 12, -1)]
    await record_many(world, 5, Actor.system())  # new rows while someone reads
    second = await world.audit.page(1, size=10, top=first.top)
    assert [e.object.id for e in second.entries] == [str(n) for n in range(12, 2, -1)]
    last = await world.audit.page(99, size=10, top=first.top)
    assert (last.page, [e.object.id for e in last.entries]) == (2, ["2", "1", "0"])
    assert (await world.audit.page(0)).total == 28


async def test_an_empty_log_has_one_empty_page(world: World) -> None:
    page = await world.audit.page(3)
    assert (page.entries, page.page, page.pages, page.total) == ([], 0, 1, 0)


async def test_an_erased_actor_stays_readable_and_rows_cannot_be_changed(world: World) -> None:
    oksana = await world.resident(1500)
    await world.audit.record(
        Actor.resident(oksana), AuditAction.NOSHOW_LIFT, AuditObject.of("resident", 3)
    )
    await world.residents.delete(oksana)
    (entry,) = await world.audit.entries()
    assert (entry.actor_id, entry.actor_label) == (None, f"#{oksana}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await world.db.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await world.db.execute("UPDATE audit_log SET action = 'role.grant'")


async def test_long_detail_texts_are_clipped(world: World) -> None:
    await world.audit.record(
        Actor.system(), AuditAction.CNAP_CLOSE, AuditObject.of("closure", 1), {"reason": "я" * 999}
    )
    (entry,) = await world.audit.entries()
    assert entry.detail["reason"] == "я" * 300


async def test_csv_opens_in_excel_with_cyrillic_and_kyiv_times(world: World) -> None:
    official = await world.resident(1500)
    world.clock.now = utc(2026, 7, 1, 6, 30)  # summer: Kyiv is UTC+3
    await world.audit.record(
        Actor.resident(official),
        AuditAction.CNAP_CLOSE,
        AuditObject.of("closure", 4),
        {"place": "main", "reason": 'Відключення; "світла"', "cancelled": 2},
    )
    world.clock.now = utc(2026, 11, 23, 7, 0)  # winter: UTC+2
    await world.audit.record(
        Actor.system("settings"), AuditAction.ROLE_GRANT, AuditObject.of("resident", 9)
    )
    data = await world.audit.export_csv(KYIV)

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["time", "actor", "action", "object", "details"]
    assert rows[1][:4] == ["2026-11-23T09:00:00+02:00", "settings", "role.grant", "resident 9"]
    closure = rows[2]
    assert datetime.fromisoformat(closure[0]) == utc(2026, 7, 1, 6, 30)
    assert closure[0].endswith("+03:00")
    assert closure[1:4] == [f"#{official}", "cnap.close", "closure 4"]
    assert 'Відключення; \\"світла\\"' in closure[4]
    assert len(rows) == 3
