"""aiogram's types built on first use (bot/lazy_types.py) still resolve every annotation."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from bench.common import ROOT

# In a fresh interpreter, as `python -m bot` starts: the suite's own process has built many
# models already, and a built model would hide a name its module lacks.
BUILD_EVERY_MODEL = textwrap.dedent(
    """
    import bot
    import aiogram.methods as methods
    import aiogram.types as types
    from pydantic import BaseModel

    failed, built = [], 0
    for module in (types, methods):
        for name in module.__all__:
            model = getattr(module, name)
            if isinstance(model, type) and issubclass(model, BaseModel):
                try:
                    # Depth 0: only the model's own module namespace, as on first use.
                    model.model_rebuild(raise_errors=True, _parent_namespace_depth=0)
                    built += 1
                except Exception as error:
                    failed.append(f"{name}: {error!r:.120}")
    print(built)
    print("\\n".join(failed))
    """
)


def test_every_telegram_type_and_method_builds_on_first_use() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BUILD_EVERY_MODEL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    built, *failed = result.stdout.strip().split("\n")
    assert [line for line in failed if line] == []
    assert int(built) > 500  # every type and method aiogram has, not an empty loop
