"""Shared steps for the petition tests: a bot whose community file sets the petition rules,
residents who open the petitions, petitions made through the service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from storage.audit import Actor
from storage.petitions.model import Petition
from storage.petitions.service import PetitionService
from tests.harness import DEMO_FILE, BotEnv, Chat, FakeClock, make_settings

BODY = (
    "Просимо міську раду відремонтувати дорогу до школи на вулиці Садовій: "
    "діти щодня ходять по калюжах, а восени там не проїде навіть швидка."
)


async def onboard(chat: Chat, settlement: str, language: str) -> None:
    await chat.send("/start")
    await chat.click_nth(0)  # agree
    await chat.click(language)
    await chat.click(settlement)


def community_file(tmp_path: Path, **petitions: Any) -> Path:
    """The demo community with its `petitions:` section changed (no demo petitions unless
    asked for)."""
    raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    raw["petitions"] = {"demo_petitions": False, **petitions}
    path = tmp_path / "community.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


async def start_env(tmp_path: Path, clock: FakeClock, **petitions: Any) -> BotEnv:
    settings = make_settings(
        tmp_path / "bot.sqlite3", community={"file": community_file(tmp_path, **petitions)}
    )
    return await BotEnv(settings, clock).start()


def service(env: BotEnv) -> PetitionService:
    return env.services.find(PetitionService)


async def resident(env: BotEnv, user_id: int, language: str = "Українська") -> Chat:
    ukrainian = language == "Українська"
    chat = env.resident(user_id, language_code="uk" if ukrainian else "en")
    await onboard(chat, settlement="Калинівка" if ukrainian else "Kalynivka", language=language)
    return chat


async def open_petitions(chat: Chat) -> list[str]:
    await chat.click("🏠")
    await chat.click("🤝")
    return await chat.click("📜")


async def published(
    env: BotEnv, author_id: int, title: str = "Відремонтувати дорогу до школи", body: str = BODY
) -> Petition:
    petitions = service(env)
    petition = await petitions.submit(author_id, title, body, "Іван Петренко", "ivan@example.com")
    return await petitions.approve(petition.id, Actor.system("test"))


async def resident_id(env: BotEnv, chat: Chat) -> int:
    found = await env.services.residents.find_by_channel("telegram", str(chat.id))
    assert found is not None
    return found.id


def own_phone(chat: Chat) -> str:
    """Each test resident has their own number."""
    return f"+38067{chat.id:07d}"


async def sign(chat: Chat, name: str = "Коваленко Олена") -> list[str]:
    """Press «Підписати» on the open card and answer whatever is asked."""
    shown = await chat.click("Підписати")
    if any("прізвище та імʼя" in text for text in shown):
        shown = await chat.send(name)
    if any("Поділитися номером" in text for text in shown):
        shown = await chat.share_contact(own_phone(chat))
    return await chat.click("Так, підписати")
