"""The offline demo: the same bot in a terminal, buttons as numbers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.app import Services
from bot.channels.demo import TerminalDemo
from tests.harness import make_settings
from tests.test_config import ROOT


async def test_demo_reaches_the_main_menu_through_its_streams(tmp_path: Path) -> None:
    services = await Services.open(make_settings(tmp_path / "demo.sqlite3"))
    await services.load_demo_if_empty()
    stdin = io.StringIO("1\n1\n4\nщось незрозуміле\n/mydata\n")
    stdout = io.StringIO()
    try:
        await TerminalDemo(services, stdin, stdout).run()
    finally:
        await services.close()
    screen = stdout.getvalue()
    assert "Офлайн-демо" in screen
    assert "[1] ✅ Погоджуюсь" in screen
    assert "[4] с. Калинівка" in screen
    assert "Оберіть розділ" in screen
    assert "[3] 🏘 Моя громада" in screen
    assert "Не знайшов відповіді на це питання: «щось незрозуміле»" in screen, "text is a question"
    assert "Населений пункт: с. Калинівка" in screen
    assert "<b>" not in screen, "HTML is shown as plain text"


def test_make_run_without_a_token_opens_the_demo(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM__", "DATABASE__"))}
    env.update(PYTHONPATH=str(ROOT), COMMUNITY__FILE=str(ROOT / "community" / "demo.yaml"))
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        input="1\n2\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Mode: offline demo" in result.stdout.splitlines()[0]
    assert "Choose your language" in result.stdout
    assert "[2] 🇬🇧 English" in result.stdout
    assert (tmp_path / "data" / "hromada.sqlite3").exists(), "the database is created on first run"


async def test_the_demo_user_can_try_the_officials_side(tmp_path: Path) -> None:
    services = await Services.open(make_settings(tmp_path / "demo.sqlite3"))
    await services.load_demo_if_empty()
    lines = "1\n1\n4\n/operator\n/demo_role operator\n/operator\n/demo_role admin\n/admin\n"
    lines += "/demo_role resident\n/admin\n/demo_role boss\n"
    stdout = io.StringIO()
    try:
        await TerminalDemo(services, io.StringIO(lines), stdout).run()
        audit = await services.audit.entries()
    finally:
        await services.close()
    screen = stdout.getvalue()
    assert "/demo_role operator" in screen, "the banner says how"
    before, _, after = screen.partition("тепер ви — оператор ЦНАП")
    assert "Оберіть місце прийому" not in before, "a resident has no desk"
    assert "Оберіть місце прийому" in after
    assert "Адміністрування" in after.partition("тепер ви — мешканець")[0]
    last = screen.rpartition("тепер ви — мешканець")[2]
    assert "Не знаю такої команди" in last, "back to a resident: /admin is gone"
    assert "Напишіть /demo_role resident, /demo_role operator або /demo_role admin" in last
    assert {e.actor_label for e in audit} == {"demo"}, "grants are logged as the demo's"


def test_demo_as_operator_from_the_command_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM__", "DATABASE__"))}
    env.update(PYTHONPATH=str(ROOT), COMMUNITY__FILE=str(ROOT / "community" / "demo.yaml"))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--as", "operator"],
        cwd=tmp_path,
        env=env,
        input="1\n1\n4\n/operator\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Оберіть місце прийому" in result.stdout
