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
