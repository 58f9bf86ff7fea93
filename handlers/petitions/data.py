"""What the petition flow keeps about a resident: the /mydata line, erasing under withdrawn
consent, and the demo's sample petitions on first load.

A resident who deletes their data or withdraws consent loses their signatures and drafts, and
petitions of theirs that were never published. A published petition stays, with the author's
name as it was published: Article 23-1 of the Law «Про звернення громадян» makes the author's
name part of the public petition, and the petition carries other residents' signatures, so
taking it down would erase their voice too. Its e-mail is erased. The data notice says so."""

from __future__ import annotations

from handlers.petitions.common import flow
from handlers.petitions.render import shorten
from storage.community import CommunityFile
from storage.database import Database
from storage.petitions.demo import seed_demo_petitions
from storage.petitions.service import PetitionService
from storage.residents import Resident
from storage.timeutil import Clock
from ui.i18n import Translator
from ui.screens import escape

MYDATA_LISTED = 10
MYDATA_TITLE_LIMIT = 60


def _lines(t: Translator, key: str, titles: list[tuple[int, str]]) -> list[str]:
    if not titles:
        return []
    shown = [
        t("pet-mydata-item", id=number, title=escape(shorten(title, MYDATA_TITLE_LIMIT)))
        for number, title in titles[:MYDATA_LISTED]
    ]
    more = len(titles) - MYDATA_LISTED
    return [t(key, count=len(titles)), *shown] + (
        [t("pet-mydata-more", count=more)] if more > 0 else []
    )


@flow.data_section
async def petitions_in_mydata(
    t: Translator, resident: Resident, petitions: PetitionService
) -> str | None:
    authored = [(p.id, p.title) for p in await petitions.authored_by(resident.id)]
    signed = [(p.id, p.title) for p in await petitions.signed_by(resident.id)]
    lines = _lines(t, "pet-mydata-authored", authored) + _lines(t, "pet-mydata-signed", signed)
    if not lines:
        return None
    return "\n".join([*lines, t("pet-mydata-notice")])


@flow.on_consent_withdrawn
async def forget_petition_data(resident: Resident, petitions: PetitionService) -> None:
    await petitions.forget_resident(resident.id)


@flow.on_first_load
async def seed_demo(
    community_file: CommunityFile, db: Database, clock: Clock, petitions: PetitionService
) -> None:
    settings = community_file.petitions
    if settings is not None and settings.demo_petitions:
        await seed_demo_petitions(db, settings, clock())
