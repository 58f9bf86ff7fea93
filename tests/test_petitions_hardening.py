"""Petitions keep a name, phone or e-mail only with consent, checked by the service itself;
withdrawing consent closes the signing form; a phone no network could ring is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.errors import ConsentRequired
from storage.petitions.drafts import Draft, DraftRepository
from tests.harness import BotEnv, Chat, FakeClock
from tests.petition_steps import (
    open_petitions,
    own_phone,
    published,
    resident,
    resident_id,
    service,
    start_env,
)


@pytest.fixture
async def small(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    env = await start_env(tmp_path, clock, threshold=3, period_days=10)
    yield env
    await env.stop()


async def start_signing(env: BotEnv, olena: Chat) -> None:
    author = await resident(env, 1001)
    petition = await published(env, await resident_id(env, author), "Відремонтувати дорогу")
    await open_petitions(olena)
    await olena.click(f"№{petition.id} ")
    shown = await olena.click("Підписати")
    assert "прізвище та імʼя" in shown[-1]


async def test_withdrawing_consent_while_signing_keeps_nothing_typed_afterwards(
    small: BotEnv,
) -> None:
    olena = await resident(small, 1002)
    await start_signing(small, olena)
    await olena.send("/mydata")
    await olena.click("Відкликати згоду")
    await olena.click("Так, відкликати згоду")
    shown = await olena.send("Коваленко Олена Петрівна")
    assert "Вибачте" not in shown[-1]
    await olena.share_contact(own_phone(olena))
    found = await small.services.residents.get(await resident_id(small, olena))
    assert found is not None
    assert (found.full_name, found.phone) == (None, None)
    assert await small.services.db.fetchval("SELECT COUNT(*) FROM petition_signatures") == 0


async def test_a_phone_no_network_could_ring_is_refused_for_a_signature(small: BotEnv) -> None:
    olena = await resident(small, 1002)
    await start_signing(small, olena)
    await olena.send("Коваленко Олена Петрівна")
    shown = await olena.share_contact("1" * 40)
    assert "не схоже на номер телефону" in shown[-1]
    found = await small.services.residents.get(await resident_id(small, olena))
    assert found is not None
    assert found.phone is None


async def test_the_service_refuses_names_without_consent(small: BotEnv) -> None:
    olena = await resident(small, 1002)
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author), "Встановити лавки")
    number = await resident_id(small, olena)
    await small.services.residents.withdraw_consent(number)
    with pytest.raises(ConsentRequired):
        await service(small).sign(petition.id, number, "Коваленко Олена", "+380671234567")
    with pytest.raises(ConsentRequired):
        await service(small).submit(number, "Заголовок петиції", "Т" * 40, "Олена", "o@e.com")
    drafts = DraftRepository(small.services.db)
    with pytest.raises(ConsentRequired):
        await drafts.save(number, Draft(title="Заголовок", author_name="Коваленко Олена"))
    await drafts.save(number, Draft(title="Заголовок без імені"))  # no personal data: fine
