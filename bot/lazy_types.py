"""Build aiogram's Telegram types on first use instead of all ~440 at import.

`aiogram.types` declares its models with pydantic's `defer_build`, then calls
`model_rebuild()` on every one of them at import: about 1.5 s and 110 MB for types a
community bot never sees (stickers, payments, giveaways, business accounts...). Here those
calls only record the namespace the types need; pydantic builds each model the first time
it is used, resolving names in that namespace (put into the type modules). Behaviour is
unchanged; only the cost moves to first use, and only for the types the bot really uses.

Imported first by the `bot` package, before anything imports aiogram."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import re
import sys
from types import ModuleType
from typing import Any

from pydantic import BaseModel

_PACKAGE = "aiogram.types"


class _DeferMethods(importlib.abc.MetaPathFinder):
    """Right after `aiogram.methods.base` runs, before the ~170 method classes are declared,
    their base class is told to defer its schema too, so each method is built on first call."""

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "aiogram.methods.base":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            module.TelegramMethod.model_config["defer_build"] = True

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    if _PACKAGE in sys.modules:
        return  # already imported the usual way: nothing to gain
    sys.meta_path.insert(0, _DeferMethods())
    original = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]
    deferred: list[tuple[type[BaseModel], dict[str, Any]]] = []

    def record(cls: type[BaseModel], *args: Any, **kwargs: Any) -> bool | None:
        namespace = kwargs.get("_types_namespace")
        if namespace is not None and cls.__module__.startswith(_PACKAGE) and not args:
            deferred.append((cls, namespace))
            return None
        result: bool | None = original(cls, *args, **kwargs)
        return result

    BaseModel.model_rebuild = classmethod(record)  # type: ignore[method-assign,assignment]
    try:
        import aiogram.methods  # noqa: F401  (imports aiogram.types)
    finally:
        BaseModel.model_rebuild = classmethod(original)  # type: ignore[method-assign,assignment]
    if not deferred:
        return
    namespace = deferred[0][1]
    # The names aiogram's type modules import only for type checkers, made real: pydantic
    # resolves a deferred model's annotations in its module's namespace, also when the model
    # is built nested inside another (a method, a `Response[Message]`). Each module gets only
    # the names its annotations use: all ~440 in every module would cost about 6 MB.
    for name, module in list(sys.modules.items()):
        if name.startswith(_PACKAGE + ".") and module is not None:
            own = vars(module)
            for key in _annotation_names(module) - own.keys():
                if key in namespace:
                    own[key] = namespace[key]


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _annotation_names(module: ModuleType) -> set[str]:
    """Names in the annotations of the module's classes and of everything they inherit
    (pydantic resolves inherited fields in the namespace of the model being built)."""
    names: set[str] = set()
    for value in list(vars(module).values()):
        if isinstance(value, type) and value.__module__ == module.__name__:
            for base in value.__mro__:
                for annotation in vars(base).get("__annotations__", {}).values():
                    if isinstance(annotation, str):
                        names.update(_IDENTIFIER.findall(annotation))
    return names
