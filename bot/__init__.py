"""Hromada bot runtime."""

from bot.lazy_types import install as _install_lazy_types

_install_lazy_types()
