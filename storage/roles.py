"""Officials' roles: who may do what, for the whole community or for one place or settlement.

An administrator holds every role everywhere; a grant with scope '' covers every scope of its
role. Checks are answered from memory: the whole grant table (a handful of officials) is read
once and reloaded for one resident after each change made through this service, so checking
an update costs no database round trip. Every change is written to the audit log in the same
transaction.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from storage.audit import Actor, AuditAction, AuditLog, AuditObject
from storage.database import Database, Row
from storage.timeutil import Clock, to_db, utcnow

COMMUNITY = ""  # the scope of a community-wide grant
SCOPE_PATTERN = re.compile(r"[a-z0-9][a-z0-9._:-]{0,63}")
SETTINGS_ACTOR = Actor.system("settings")


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    OPERATOR = "operator"
    MODERATOR = "moderator"
    APPEALS_OFFICER = "appeals_officer"
    EDITOR = "editor"
    BROADCASTER = "broadcaster"


class GrantSource(StrEnum):
    BOT = "bot"  # an administrator granted it in the bot
    SETTINGS = "settings"  # ADMINS__TELEGRAM_IDS, re-synced at every start


@dataclass(frozen=True, slots=True)
class Grant:
    role: Role
    scope: str = COMMUNITY
    source: GrantSource = GrantSource.BOT

    def covers(self, role: Role, scope: str | None) -> bool:
        if self.role is Role.ADMINISTRATOR:
            return True
        if self.role is not role:
            return False
        return scope is None or self.scope in (COMMUNITY, scope)


def check_scope(role: Role, scope: str) -> str:
    """The scope as stored; ValueError for one that is malformed or wrong for the role.
    Whether the code exists in the community is the caller's check."""
    if scope == COMMUNITY:
        return scope
    if role is Role.ADMINISTRATOR:
        raise ValueError("an administrator is always community-wide")
    if not SCOPE_PATTERN.fullmatch(scope):
        raise ValueError(f"malformed scope {scope!r}")
    return scope


def _grant(row: Row) -> Grant | None:
    try:
        return Grant(Role(row["role"]), row["scope"], GrantSource(row["source"]))
    except ValueError:
        return None  # a role this version does not know grants nothing


class RoleService:
    def __init__(self, db: Database, audit: AuditLog, clock: Clock = utcnow) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._grants: dict[int, frozenset[Grant]] | None = None

    # --- reading (from memory) ------------------------------------------------------------

    async def load(self) -> None:
        """Read every grant into memory (at start; later reads never touch the database)."""
        rows = await self._db.fetchall("SELECT * FROM role_grants")
        grants: dict[int, set[Grant]] = {}
        for row in rows:
            grant = _grant(row)
            if grant is not None:
                grants.setdefault(row["resident_id"], set()).add(grant)
        self._grants = {resident: frozenset(held) for resident, held in grants.items()}

    async def _table(self) -> dict[int, frozenset[Grant]]:
        if self._grants is None:
            await self.load()
        assert self._grants is not None
        return self._grants

    async def roles_of(self, resident_id: int) -> frozenset[Grant]:
        return (await self._table()).get(resident_id, frozenset())

    async def has(self, resident_id: int, role: Role, scope: str | None = None) -> bool:
        """Whether the resident may act as `role` in `scope`; with no scope, in any scope."""
        return any(g.covers(role, scope) for g in await self.roles_of(resident_id))

    async def officials(self) -> dict[int, frozenset[Grant]]:
        """Every resident holding a role, in number order, with their grants."""
        return dict(sorted((await self._table()).items()))

    async def is_official(self, resident_id: int) -> bool:
        return bool(await self.roles_of(resident_id))

    async def scopes_of(self, resident_id: int, role: Role) -> frozenset[str]:
        """The scopes of the resident's own grants of `role` ('' for community-wide)."""
        return frozenset(g.scope for g in await self.roles_of(resident_id) if g.role is role)

    async def holders(
        self, role: Role, scope: str | None = None, *, with_administrators: bool = False
    ) -> list[int]:
        """Residents granted `role` covering `scope` (any scope when None), in number order.
        Administrators hold every role but are listed only when asked for."""
        found = []
        for resident_id, grants in (await self._table()).items():
            for grant in grants:
                if grant.role is Role.ADMINISTRATOR and not with_administrators:
                    continue
                if grant.covers(role, scope):
                    found.append(resident_id)
                    break
        return sorted(found)

    def forget(self, resident_id: int) -> None:
        """The resident was erased (their grants went with them by cascade)."""
        if self._grants is not None:
            self._grants.pop(resident_id, None)

    # --- changing -------------------------------------------------------------------------

    # These run in their own transaction, never inside a caller's: the cache is refreshed
    # from the database right after it commits, and a caller's later rollback would leave
    # the cache holding a grant that does not exist.

    async def grant(self, resident_id: int, role: Role, scope: str, by: Actor) -> bool:
        """Grant `role` in `scope`; False when the resident already had that grant."""
        return await self._add(resident_id, Grant(role, check_scope(role, scope)), by)

    async def revoke(self, resident_id: int, role: Role, scope: str, by: Actor) -> bool:
        """Withdraw a grant made in the bot; False when there was none. A grant from
        settings stays until its id leaves ADMINS__TELEGRAM_IDS."""
        return await self._remove(resident_id, Grant(role, check_scope(role, scope)), by)

    async def sync_settings_administrators(self, resident_ids: Collection[int]) -> None:
        """Make the administrators from settings exactly `resident_ids` (at every start)."""
        rows = await self._db.fetchall(
            "SELECT resident_id FROM role_grants WHERE role = ? AND source = ?",
            (Role.ADMINISTRATOR.value, GrantSource.SETTINGS.value),
        )
        current = {int(r["resident_id"]) for r in rows}
        wanted = set(resident_ids)
        settings_admin = Grant(Role.ADMINISTRATOR, COMMUNITY, GrantSource.SETTINGS)
        for resident_id in sorted(current - wanted):
            await self._remove(resident_id, settings_admin, SETTINGS_ACTOR)
        for resident_id in sorted(wanted - current):
            await self._add(resident_id, settings_admin, SETTINGS_ACTOR)
        await self.load()

    async def ensure_settings_administrator(self, resident_id: int) -> None:
        """A resident whose Telegram id is in settings, met for the first time since start."""
        settings_admin = Grant(Role.ADMINISTRATOR, COMMUNITY, GrantSource.SETTINGS)
        if settings_admin not in await self.roles_of(resident_id):
            await self._add(resident_id, settings_admin, SETTINGS_ACTOR)

    def _require_own_transaction(self) -> None:
        if self._db.in_transaction:
            raise RuntimeError("roles change in their own transaction, not inside another")

    async def _add(self, resident_id: int, grant: Grant, by: Actor) -> bool:
        self._require_own_transaction()
        async with self._db.transaction():
            added = await self._db.execute(
                "INSERT INTO role_grants(resident_id, role, scope, source, granted_by, "
                "granted_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    resident_id,
                    grant.role.value,
                    grant.scope,
                    grant.source.value,
                    by.resident_id,
                    to_db(self._clock()),
                ),
            )
            if added:
                await self._audit_change(AuditAction.ROLE_GRANT, resident_id, grant, by)
        await self._reload(resident_id)
        return bool(added)

    async def _remove(self, resident_id: int, grant: Grant, by: Actor) -> bool:
        self._require_own_transaction()
        async with self._db.transaction():
            removed = await self._db.execute(
                "DELETE FROM role_grants WHERE resident_id = ? AND role = ? AND scope = ? "
                "AND source = ?",
                (resident_id, grant.role.value, grant.scope, grant.source.value),
            )
            if removed:
                await self._audit_change(AuditAction.ROLE_REVOKE, resident_id, grant, by)
        await self._reload(resident_id)
        return removed > 0

    async def _audit_change(
        self, action: AuditAction, resident_id: int, grant: Grant, by: Actor
    ) -> None:
        detail = {"role": grant.role.value, "scope": grant.scope, "source": grant.source.value}
        await self._audit.record(by, action, AuditObject.of("resident", resident_id), detail)

    async def _reload(self, resident_id: int) -> None:
        """Refresh one resident's grants from the database after a change (or a failed one)."""
        if self._grants is None:
            return
        rows = await self._db.fetchall(
            "SELECT * FROM role_grants WHERE resident_id = ?", (resident_id,)
        )
        held = frozenset(g for g in map(_grant, rows) if g is not None)
        if held:
            self._grants[resident_id] = held
        else:
            self._grants.pop(resident_id, None)
