"""E-petitions on either messenger: a card, signing with the name and the phone from the
contact button, one signature per resident, withdrawing, and bad input while signing."""

from __future__ import annotations

from storage.petitions.service import PetitionService
from tests.both.world import World, onboard
from tests.channels import ResidentChat

BUS = "Відновити автобусний рейс Яблунів — Озерне у суботу та неділю"
BUS_NUMBER = 2  # a demo petition collecting signatures
SIGNER = "Коваленко Олена Петрівна"


async def open_bus_petition(chat: ResidentChat) -> list[str]:
    await chat.click("🏠")
    await chat.click("🤝")
    shown = await chat.click("📜")
    assert "Петиції · 🖊 Збір підписів" in shown[-1]
    assert f"№{BUS_NUMBER} · Відновити автобусний рейс Яблунів — О…" in chat.buttons()
    return await chat.click("Відновити автобусний рейс")


async def test_signing_with_name_and_the_phone_contact(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    card = (await open_bus_petition(olena))[-1]
    assert card.startswith(f"📜 Петиція №{BUS_NUMBER} · 🖊 збір підписів\n{BUS}")
    number = BUS_NUMBER
    count = await world.services.find(PetitionService).count(number)
    assert f"Зібрано {count} підписів з 250" in card
    assert "✍️ Підписати" in olena.buttons()

    shown = await olena.click("Підписати")
    assert "прізвище та імʼя" in shown[-1]
    shown = await olena.send(SIGNER)
    assert "кнопкою «📱 Поділитися номером»" in shown[-1]
    assert "📱 Поділитися номером" in olena.buttons()
    shown = await olena.click("Поділитися номером")
    assert f"Підписати петицію №{number} «{BUS}»?" in shown[-1]
    assert f"У списку підписантів: {SIGNER}" in shown[-1]
    assert f"Номер для перевірки: {olena.phone}" in shown[-1]

    signed = olena.keep_button("Так, підписати")
    shown = await olena.click("Так, підписати")
    assert any(f"Ваш підпис враховано: {count + 1} підпис" in text for text in shown)
    assert f"Зібрано {count + 1} підписів з 250" in shown[-1]
    assert "✅ Ви підписали цю петицію 23.11.2026, 09:00." in shown[-1]
    assert "↩️ Відкликати підпис" in olena.buttons()
    rows = await world.services.db.fetchall(
        "SELECT petition_id, signer_name, phone FROM petition_signatures WHERE signer_name = ?",
        (SIGNER,),
    )
    assert [tuple(r) for r in rows] == [(number, SIGNER, olena.phone)]

    shown = await olena.press_kept(signed)  # the same button again: no second signature
    # Telegram still shows that message's buttons and says why; Viber's keyboard is gone.
    assert shown[0] in {world.t("pet-already-signed"), world.t("error-stale-button")}
    assert await world.services.find(PetitionService).count(number) == count + 1
    shown = await olena.send("/mydata")
    assert "Ваші підписи під петиціями: 1" in shown[-1]


async def test_withdrawing_a_signature_is_final(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await open_bus_petition(olena)
    await olena.click("Підписати")
    await olena.send(SIGNER)
    await olena.click("Поділитися номером")
    await olena.click("Так, підписати")
    await olena.click("Відкликати підпис")
    shown = await olena.click("Так, відкликати")
    assert any("Підпис відкликано" in text for text in shown)
    assert "Ви відкликали свій підпис" in shown[-1]
    assert not any("Підписати" in label for label in olena.buttons())


async def test_bad_input_while_signing_keeps_the_step(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await open_bus_petition(olena)
    await olena.click("Підписати")
    for act in (olena.send_photo(), olena.send("я" * 10_000), olena.send("Олена 123")):
        shown = await act
        assert not any("Поділитися номером" in text for text in shown), shown
        assert "📱 Поділитися номером" not in olena.buttons()
    await olena.send(SIGNER)
    shown = await olena.send(olena.phone)
    assert "кнопкою «📱 Поділитися номером»" in shown[-1], "a typed number is not trusted"
    shown = await olena.send_photo()
    assert "📱 Поділитися номером" in olena.buttons(), "still asking for the contact"
    await olena.click("Поділитися номером")
    assert f"У списку підписантів: {SIGNER}" in olena.last_text
