"""Officials' access, checked on the server for every command and button: one filter for
every flow, answered from the role service's memory (no database round trip).

    ADMIN = HasRole(Role.ADMINISTRATOR)
    router.message.filter(ADMIN)             # a resident typing the command: «unknown command»
    deny_callbacks(router, AuditCb, ADMIN)    # a forged button: «недостатньо прав», nothing done

`scope_from` reads the scope out of the button's callback data (an operator's place code), so
an operator of one place cannot act on another's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, TelegramObject

from storage.residents import Resident
from storage.roles import Role, RoleService
from ui.i18n import Translator
from ui.routes import Routes

ScopeFrom = Callable[[Any], str]


class HasRole(Filter):
    def __init__(self, role: Role, scope_from: ScopeFrom | None = None) -> None:
        self.role = role
        self.scope_from = scope_from

    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        resident = data.get("resident")
        roles = data.get("roles")
        if not isinstance(resident, Resident) or not isinstance(roles, RoleService):
            return False
        scope = None
        if self.scope_from is not None:
            callback_data = data.get("callback_data")
            if callback_data is None:
                return False  # no button to read the scope from: nothing is granted
            scope = self.scope_from(callback_data)
        return await roles.has(resident.id, self.role, scope)

    def __str__(self) -> str:
        return f"HasRole({self.role.value})"


async def deny(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("error-no-rights"), show_alert=True)


def deny_callbacks(routes: Routes, callback: type[CallbackData], check: Filter) -> None:
    """Register before the flow's own handlers of `callback`: a button of that kind pressed
    by someone `check` refuses gets «недостатньо прав» and reaches no later handler."""

    async def no_rights(query: CallbackQuery, t: Translator) -> None:
        await deny(query, t)

    routes.callback_query(callback.filter(), ~check)(no_rights)
