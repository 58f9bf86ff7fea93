"""Messages the bot sends on its own about petitions, in each recipient's language, through the
outbox: to the author on publication, refusal, the threshold, the end of collection without
it and the council's answer; to every signer on the threshold and the answer.

Every status change is announced once: taking the announcement (`petitions.announced`) and
queueing its messages commit together, and each message has a dedup key. Handlers announce
right after a change; the background job catches up on anything a crash left behind."""

from __future__ import annotations

import logging

from handlers.petitions.callbacks import ModAction, ModerationCb, PetitionAction, PetitionCb
from handlers.petitions.render import long_date, shorten, split_escaped
from storage.database import Database
from storage.outbox import PRIORITY_NOTIFICATION, Outbox
from storage.payload import Payload
from storage.petitions.model import Petition, Tab
from storage.petitions.service import PetitionService
from storage.residents import ResidentRepository
from storage.roles import COMMUNITY, Role, RoleService
from ui.i18n import Texts, Translator
from ui.keyboards import button
from ui.screens import Screen, escape

log = logging.getLogger(__name__)

NOTICE_TITLE_LIMIT = 150
# A refusal reason or an answer is quoted up to this many characters; the card has it whole.
QUOTE_LIMIT = 2500
# Who hears of which status: the author always, signers of the threshold and the answer.
SIGNERS_HEAR = frozenset({"reached", "answered"})


def quote(text: str | None) -> str:
    pieces = split_escaped(text or "", QUOTE_LIMIT)
    if not pieces:
        return ""
    return pieces[0] + ("…" if len(pieces) > 1 else "")


class PetitionNotices:
    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        residents: ResidentRepository,
        texts: Texts,
        petitions: PetitionService,
        roles: RoleService,
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._residents = residents
        self._texts = texts
        self._petitions = petitions
        self._roles = roles

    async def translator(self, resident_id: int) -> Translator | None:
        resident = await self._residents.get(resident_id)
        if resident is None or not resident.active:
            return None
        return self._texts.get(self._texts.pick_language(resident.language, None))

    def message(self, t: Translator, petition: Petition, role: str) -> Payload:
        verdict = t(
            "pet-verdict-supported" if petition.answer_supported else "pet-verdict-rejected"
        )
        text = t(
            f"pet-notice-{petition.status}-{role}",
            id=petition.id,
            title=escape(shorten(petition.title, NOTICE_TITLE_LIMIT)),
            threshold=petition.threshold or 0,
            needed=t("pet-n-signatures", count=petition.threshold or 0),
            signatures=t("pet-n-signatures", count=petition.signatures),
            deadline=long_date(t, petition.deadline_at) if petition.deadline_at else "",
            reason=quote(petition.refusal_reason),
            answer=quote(petition.answer_text),
            verdict=verdict,
        )
        tab = Tab.MINE if role == "author" else Tab.COLLECTING
        open_it = PetitionCb(action=PetitionAction.OPEN, id=petition.id, tab=tab).pack()
        return Screen(text, [[button(t("pet-open"), open_it)]]).payload()

    async def announce_all(self) -> int:
        """Queue the messages of every status change not yet announced; returns how many."""
        queued = 0
        for petition in await self._petitions.unannounced():
            queued += await self._announce(petition)
        if queued:
            log.info("Queued %d petition notice(s)", queued)
        return queued

    async def _recipients(self, petition: Petition) -> list[tuple[int, str]]:
        recipients = [(petition.author_id, "author")] if petition.author_id else []
        if petition.status in SIGNERS_HEAR:
            recipients += [
                (signer, "signer")
                for signer in await self._petitions.signer_ids(petition.id)
                if signer != petition.author_id
            ]
        return recipients

    async def _announce(self, petition: Petition) -> int:
        recipients = await self._recipients(petition)
        rendered: dict[tuple[str, str], Payload] = {}
        queued = 0
        async with self._db.transaction():
            if not await self._petitions.mark_announced(petition.id, petition.status):
                return 0
            for resident_id, role in recipients:
                t = await self.translator(resident_id)
                if t is None:
                    continue
                key = (t.language, role)
                if key not in rendered:
                    rendered[key] = self.message(t, petition, role)
                added = await self._outbox.enqueue(
                    resident_id,
                    rendered[key],
                    dedup_key=f"petition:{petition.id}:{petition.status}:{resident_id}",
                    priority=PRIORITY_NOTIFICATION,
                )
                queued += added is not None
        return queued

    # --- moderators ----------------------------------------------------------------------

    async def moderator_ids(self) -> list[int]:
        """Community-wide moderators; the administrators when there is none yet, so that a
        petition never waits unseen."""
        moderators = await self._roles.holders(Role.MODERATOR, COMMUNITY)
        return moderators or await self._roles.holders(
            Role.MODERATOR, COMMUNITY, with_administrators=True
        )

    async def moderation_needed(self, petition: Petition) -> int:
        """A new petition waits for moderation: every moderator hears of it."""
        return await self._to_moderators(petition, "pet-mod-new", f"submitted:{petition.id}")

    async def remind_moderators(self) -> int:
        """Petitions waiting longer than the allowed working days: one reminder each."""
        queued = 0
        for petition in await self._petitions.overdue_moderation():
            async with self._db.transaction():
                if await self._petitions.mark_reminded(petition.id):
                    queued += await self._to_moderators(
                        petition, "pet-mod-overdue", f"overdue:{petition.id}"
                    )
        return queued

    async def _to_moderators(self, petition: Petition, key: str, dedup: str) -> int:
        queued = 0
        settings = await self._petitions.settings()
        for moderator in await self.moderator_ids():
            t = await self.translator(moderator)
            if t is None:
                continue
            text = t(
                key,
                id=petition.id,
                title=escape(shorten(petition.title, NOTICE_TITLE_LIMIT)),
                submitted=t.full_datetime(petition.submitted_at),
                days=settings.moderation_working_days,
            )
            open_it = ModerationCb(action=ModAction.OPEN, id=petition.id).pack()
            payload = Screen(text, [[button(t("pet-mod-open"), open_it)]]).payload()
            added = await self._outbox.enqueue(
                moderator,
                payload,
                dedup_key=f"petition:{dedup}:{moderator}",
                priority=PRIORITY_NOTIFICATION,
            )
            queued += added is not None
        return queued
