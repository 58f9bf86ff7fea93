"""Administrators: roles for officials, the audit log, lifting no-show blocks, statistics.
Every command checks the administrator role on the server; for anyone else the commands do
not exist (they get «unknown command») and the log's buttons answer «недостатньо прав»."""

from __future__ import annotations

from handlers.admin import desk, journal, roles
from handlers.admin.common import flow

__all__ = ["desk", "flow", "journal", "roles"]
