"""Petitions as residents meet them, through the real dispatcher: the tabs, a card, signing
once, withdrawing, a closed collection, paging, the share link, escaping, long texts."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.petitions.callbacks import (
    DraftAction,
    DraftCb,
    ModAction,
    ModerationCb,
    PetitionAction,
    PetitionCb,
    PetitionListCb,
)
from storage.petitions.model import Sort, Tab
from tests.harness import BotEnv, FakeClock
from tests.petition_steps import (
    BODY,
    open_petitions,
    own_phone,
    published,
    resident,
    resident_id,
    service,
    sign,
    start_env,
)
from ui.i18n import Texts


@pytest.fixture
async def small(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    """No demo petitions; three signatures reach the threshold; 10 days to collect them."""
    env = await start_env(tmp_path, clock, threshold=3, period_days=10)
    yield env
    await env.stop()


def card(petition_id: int, action: PetitionAction = PetitionAction.OPEN, page: int = 0) -> str:
    return PetitionCb(action=action, id=petition_id, page=page).pack()


async def test_a_new_resident_sees_demo_petitions_in_every_state(env: BotEnv) -> None:
    olena = await resident(env, 1001)
    shown = await open_petitions(olena)
    assert "Петиції · 🖊 Збір підписів" in shown[-1]
    assert re.search(r"▰+▱+ \d+% · \d+ підпис\w* з 250 · залишил\w+ \d+ д", shown[-1])
    for tab, expected in [
        ("На розгляді", "на розгляді"),
        ("З відповіддю", "є відповідь"),
        ("Не набрали", "не набрала підписів"),
    ]:
        shown = await olena.click(tab)
        assert expected in shown[-1], tab
    shown = await olena.click("З відповіддю")
    await olena.click("Освітлення вулиці Садової")
    answer = olena.last_text
    assert "Відповідь ради" in answer
    assert "✅ підтримано" in answer
    assert "32 світильники" in answer
    assert "Підписати" not in olena.buttons(), "an answered petition takes no signatures"


async def test_signing_asks_for_name_and_own_phone_once_and_counts(small: BotEnv) -> None:
    author = await resident(small, 1001)
    first = await published(
        small, await resident_id(small, author), "Відремонтувати дорогу до школи"
    )
    second = await published(small, await resident_id(small, author), "Встановити лавки в парку")
    olena = await resident(small, 1002)
    await open_petitions(olena)
    await olena.click(f"№{first.id} ")
    shown = await olena.click("Підписати")
    assert "прізвище та імʼя" in shown[-1]
    await olena.send("Коваленко Олена Петрівна")
    shown = await olena.share_contact(own_phone(olena), own=False)
    assert "чужий контакт" in shown[-1]
    shown = await olena.share_contact(own_phone(olena))
    assert "Коваленко Олена Петрівна" in shown[-1]
    assert own_phone(olena) in shown[-1]
    shown = await olena.click("Так, підписати")
    assert "Ваш підпис враховано: 1 підпис з 3" in olena.alerts()[-1]
    assert "Зібрано <b>1 підпис</b> з 3" in shown[-1]
    assert "Ви підписали цю петицію" in shown[-1]
    assert "↩️ Відкликати підпис" in olena.buttons()

    # The second petition asks nothing: name and phone are reused.
    await olena.press(card(second.id))
    shown = await olena.click("Підписати")
    assert "Підписати петицію №" in shown[-1]
    rows = await small.services.db.fetchall("SELECT phone FROM petition_signatures")
    assert [r["phone"] for r in rows] == [own_phone(olena)]
    mydata = await olena.send("/mydata")
    assert "Ваші підписи під петиціями: 1" in mydata[-1]


async def test_a_second_signature_is_refused_and_the_count_stays_true(small: BotEnv) -> None:
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author))
    olena = await resident(small, 1002)
    await olena.press(card(petition.id))
    await sign(olena)
    confirm = PetitionCb(action=PetitionAction.SIGN_YES, id=petition.id).pack()
    await olena.press(confirm)  # the same button pressed again, or a second tap in flight
    assert olena.alerts()[-1] == "Ви вже підписали цю петицію — підписати можна лише один раз."
    await olena.press(card(petition.id, PetitionAction.SIGN))
    assert olena.alerts()[-1].startswith("Ви вже підписали")
    assert await service(small).count(petition.id) == 1
    shown = await olena.press(card(petition.id))
    assert "Зібрано <b>1 підпис</b>" in shown[-1]


async def test_withdrawing_a_signature(small: BotEnv) -> None:
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author))
    olena = await resident(small, 1002)
    await olena.press(card(petition.id))
    await sign(olena)
    await olena.click("Відкликати підпис")
    shown = await olena.click("Так, відкликати")
    assert "Підпис відкликано. Тепер під петицією 0 підписів." in olena.alerts()[-1]
    assert "Ви відкликали свій підпис" in shown[-1]
    assert "Підписати" not in " ".join(olena.buttons())
    await olena.press(PetitionCb(action=PetitionAction.SIGN_YES, id=petition.id).pack())
    assert "Підписати її повторно не можна" in olena.alerts()[-1]
    assert await service(small).count(petition.id) == 0


async def test_the_threshold_tells_author_and_signers(small: BotEnv) -> None:
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author))
    signers = [await resident(small, 1100 + n) for n in range(3)]
    for chat in signers:
        await chat.press(card(petition.id))
        await sign(chat, name="Мельник Петро")
    late = await resident(small, 1200)
    await late.press(card(petition.id, PetitionAction.SIGN))
    assert late.alerts()[-1] == "Збір підписів під цією петицією вже завершено."
    author.news()
    await small.deliver()
    assert "набрала 3 підписи" in author.news()[-1]
    for chat in signers:
        assert "яку ви підписали, набрала 3 підписи" in chat.news()[-1]
    assert late.news() == []
    assert await small.services.run_job("petitions") == 0, "announced once"


async def test_a_closed_petition_cannot_be_signed_and_its_author_hears_of_it(
    small: BotEnv, clock: FakeClock
) -> None:
    author = await resident(small, 1001, language="English")
    petition = await published(small, await resident_id(small, author))
    olena = await resident(small, 1002)
    await olena.press(card(petition.id))
    await sign(olena)
    clock.advance(days=11)  # past the 10-day collection; the job has not run yet
    viktor = await resident(small, 1003)
    await viktor.press(card(petition.id, PetitionAction.SIGN))
    assert viktor.alerts()[-1] == "Збір підписів під цією петицією вже завершено."
    shown = await viktor.press(card(petition.id))
    assert "потрібної кількості не набрано" in shown[-1]
    await olena.press(card(petition.id, PetitionAction.WITHDRAW))
    assert "відкликати підпис уже не можна" in olena.alerts()[-1]
    author.news()
    assert await small.services.run_job("petitions") == 1
    await small.deliver()
    notice = author.news()[-1]
    assert "has ended: 1 signature of 3" in notice
    assert "collective appeal" in notice


async def test_paging_over_120_petitions(small: BotEnv) -> None:
    author = await resident(small, 1001)
    author_id = await resident_id(small, author)
    made = [
        await published(small, author_id, f"Петиція номер {n:03d} про двір") for n in range(120)
    ]
    shown = await open_petitions(author)
    assert "Сторінка 1 з 24" in shown[-1]
    seen: list[int] = []
    for page in range(24):
        text = author.last_text
        assert f"Сторінка {page + 1} з 24" in text
        seen += [int(n) for n in re.findall(r"<b>№(\d+)</b>", text)]
        assert len(text) < 4096
        if page < 23:
            await author.click("Далі")
    assert "Далі ➡️" not in author.buttons()
    assert seen == [p.id for p in reversed(made)], "newest first, each exactly once"
    shown = await author.click("⬅️ Назад")
    assert "Сторінка 23 з 24" in shown[-1]
    beyond = PetitionListCb(tab=Tab.COLLECTING, page=999).pack()
    shown = await author.press(beyond)
    assert "Сторінка 24 з 24" in shown[-1], "a page past the end shows the last one"


async def test_a_shared_link_opens_the_petition_for_a_new_resident(small: BotEnv) -> None:
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author))
    await author.press(card(petition.id))
    shown = await author.click("Поділитися")
    link = f"https://t.me/hromada_demo_bot?start=p-{petition.id}"
    assert link in shown[-1]
    stranger = small.resident(3001)
    shown = await stranger.send(f"/start p-{petition.id}")
    assert "Згода на обробку" in shown[-1], "onboarding comes first"
    await stranger.click_nth(0)
    await stranger.click("Українська")
    shown = await stranger.click("Калинівка")
    assert f"Петиція №{petition.id}" in shown[-1]
    assert "Підписати" in " ".join(stranger.buttons())
    shown = await stranger.send("/start p-99999")
    assert "Такої петиції немає" in shown[-1]


async def test_markup_in_a_petition_is_shown_as_typed(small: BotEnv) -> None:
    author = await resident(small, 1001)
    body = BODY + ' <b>жирний</b> & <a href="https://evil.example">посилання</a>'
    petition = await published(
        small, await resident_id(small, author), "Назва з <i>тегом</i> & знаком", body
    )
    shown = await author.press(card(petition.id))
    assert "Назва з &lt;i&gt;тегом&lt;/i&gt; &amp; знаком" in shown[-1]
    assert '&lt;b&gt;жирний&lt;/b&gt; &amp; &lt;a href="https://evil.example"&gt;' in shown[-1]
    assert "<a href" not in shown[-1]


async def test_a_long_text_is_split_into_pages_with_nothing_lost(small: BotEnv) -> None:
    author = await resident(small, 1001)
    body = ("Абзац про дорогу & тротуар <важливо>. " * 60 + "\n\n") * 2
    body = body[:5000]
    petition = await published(small, await resident_id(small, author), body=body)
    shown = await author.press(card(petition.id))
    pages = [shown[-1]]
    while "Далі ➡️" in author.buttons():
        pages.append((await author.click("Далі"))[-1])
    assert len(pages) >= 2, "5,000 characters, escaped, do not fit one message"
    assert all(len(page) <= 4096 for page in pages)
    assert f"сторінка 2 з {len(pages)}" in pages[1]
    first = pages[0].split("\n\n", 2)[2]  # after the title and the author block
    text = first + "".join(page.split("\n\n", 1)[1] for page in pages[1:])
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert text == escaped.strip(), "the text exactly as typed, with nothing lost or added"
    assert "Підписати" in " ".join(author.buttons()), "the buttons are on every page"


async def test_forged_or_outdated_buttons_change_nothing(small: BotEnv) -> None:
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author))
    olena = await resident(small, 1002)
    await olena.press(f"pt1:sign-yes:{petition.id}:0:collecting:extra")
    await olena.press(f"pt1:steal:{petition.id}:0:collecting")
    await olena.press("pt1:sign-yes:-5:0:collecting")
    await olena.press(f"pt0:sign-yes:{petition.id}")
    assert olena.alerts()[-4:] == ["Ця кнопка вже не діє. Ось актуальний крок."] * 4
    assert await service(small).count(petition.id) == 0


def test_callback_data_fits_telegram() -> None:
    biggest = 2**53 - 1
    packed = [
        PetitionCb(action=action, id=biggest, page=biggest, tab=tab).pack()
        for action in PetitionAction
        for tab in Tab
    ]
    packed += [
        PetitionListCb(tab=tab, sort=sort, page=biggest).pack() for tab in Tab for sort in Sort
    ]
    packed += [DraftCb(action=action, page=biggest).pack() for action in DraftAction]
    packed += [ModerationCb(action=a, id=biggest, page=biggest).pack() for a in ModAction]
    assert len(set(packed)) == len(packed)
    for data in packed:
        assert len(data.encode()) <= 64, data


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 підпис"),
        (2, "2 підписи"),
        (5, "5 підписів"),
        (11, "11 підписів"),
        (21, "21 підпис"),
        (22, "22 підписи"),
    ],
)
def test_ukrainian_plurals_of_signatures(count: int, expected: str) -> None:
    assert Texts().get("uk")("pet-n-signatures", count=count) == expected


async def test_deleting_my_data_removes_signatures_and_keeps_published_petitions(
    small: BotEnv,
) -> None:
    olena = await resident(small, 1001)
    olena_id = await resident_id(small, olena)
    mine = await published(small, olena_id, "Петиція Олени про сквер")
    unpublished = await service(small).submit(
        olena_id, "Ще не опублікована петиція", BODY, "Коваленко Олена", "olena@example.com"
    )
    other = await published(small, olena_id, "Чужа петиція про ліхтарі")
    viktor = await resident(small, 1002)
    for petition in (mine, other):
        await olena.press(card(petition.id))
        await sign(olena)
        await viktor.press(card(petition.id))
        await sign(viktor, name="Мельник Віктор")
    shown = await olena.send("/mydata")
    assert "Ваші петиції: 3" in shown[-1]
    assert "Ваші підписи під петиціями: 2" in shown[-1]
    assert "Опубліковані петиції залишаться з вашим імʼям" in shown[-1]
    await olena.click("Видалити всі мої дані")
    await olena.click("Так, видалити все")

    petitions = service(small)
    kept = await petitions.get(mine.id)
    assert kept is not None
    assert (kept.author_name, kept.author_email, kept.author_id) == ("Іван Петренко", None, None)
    assert await petitions.get(unpublished.id) is None
    for petition in (mine, other):
        names, total = await petitions.signer_names(petition.id, 0, 20)
        assert (names, total) == (["Мельник Віктор"], 1)
    shown = await viktor.press(card(mine.id))
    assert "Зібрано <b>1 підпис</b>" in shown[-1]


async def test_withdrawing_consent_removes_signatures(small: BotEnv) -> None:
    author = await resident(small, 1001)
    petition = await published(small, await resident_id(small, author))
    olena = await resident(small, 1002)
    await olena.press(card(petition.id))
    await sign(olena)
    await olena.send("/mydata")
    await olena.click("Відкликати згоду")
    await olena.click("Так, відкликати згоду")
    assert await service(small).count(petition.id) == 0
    shown = await olena.press(card(petition.id))
    assert "Підписати" in " ".join(olena.buttons()), "with consent again, she may sign anew"
    assert "Зібрано <b>0 підписів</b>" in shown[-1]
