"""The FAQ as a flow uses it: ask a question, browse categories, rate an answer.

The index follows the community file: it is rebuilt (in a worker thread, so other residents
are not held up) only when the loaded file changed and its FAQ section with it."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass

from storage.community import CommunityFile, CommunityRepository
from storage.database import Database
from storage.faq.index import FaqHit, FaqIndex
from storage.faq.repository import EntryFeedback, FaqMiss, FaqRepository
from storage.faq.schema import FaqCategory, FaqEntry, FaqSection
from storage.faq.text import has_words, load_analyzers, normalise
from storage.timeutil import Clock, utcnow

# Measured on tests/data/faq_questions.yaml: below this score an answer is more often wrong
# than right, and a wrong confident answer is worse than «не знайшов».
CONFIDENT_SCORE = 0.40
# Two entries this close are a coin toss: offer both instead of answering with one.
CLEAR_MARGIN = 0.03
# Shown as «можливо, ви мали на увазі» when nothing is certain.
SUGGEST_SCORE = 0.25
OTHERS = 2


@dataclass(frozen=True, slots=True)
class FaqAnswer:
    question: str
    # The entry that answers the question, or None: «не знайшов».
    best: FaqHit | None
    # Up to two other likely entries (suggestions when there is no best one).
    others: tuple[FaqHit, ...]

    @property
    def confident(self) -> bool:
        return self.best is not None


def decide(question: str, hits: list[FaqHit]) -> FaqAnswer:
    """Confident only with a high enough score and a clear lead over the runner-up."""
    if hits and hits[0].score >= CONFIDENT_SCORE:
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        if hits[0].score - runner_up >= CLEAR_MARGIN:
            others = tuple(h for h in hits[1 : 1 + OTHERS] if h.score >= SUGGEST_SCORE)
            return FaqAnswer(question, hits[0], others)
    suggestions = tuple(h for h in hits[:OTHERS] if h.score >= SUGGEST_SCORE)
    return FaqAnswer(question, None, suggestions)


class FaqService:
    def __init__(self, db: Database, community: CommunityRepository, clock: Clock = utcnow) -> None:
        self._community = community
        self.repository = FaqRepository(db, clock)
        self._source: CommunityFile | None = None
        self._digest = ""
        self._section = FaqSection()
        self._index = FaqIndex(())
        self._lock = asyncio.Lock()
        self.builds = 0  # how many times the index was built, for tests and the benchmark

    async def _current(self) -> tuple[FaqSection, FaqIndex]:
        community = await self._community.get()
        if community is self._source and self.builds:
            return self._section, self._index
        async with self._lock:
            if community is not self._source or not self.builds:
                await self._follow(community)
        return self._section, self._index

    async def _follow(self, community: CommunityFile | None) -> None:
        section = community.faq if community is not None else FaqSection()
        digest = hashlib.sha256(section.model_dump_json().encode()).hexdigest()
        if digest != self._digest or not self.builds:
            self._index = await asyncio.to_thread(FaqIndex, section.entries)
            self._digest = digest
            self.builds += 1
        self._section = section
        self._source = community

    async def refresh(self) -> None:
        """Builds the index now (at start or right after a load) instead of on first use."""
        await self._current()

    async def warm_up(self) -> None:
        """Both dictionaries and the index, loaded now in a worker thread instead of while the
        first resident to ask waits."""
        await asyncio.to_thread(load_analyzers)
        await self.refresh()

    async def ask(self, text: str) -> FaqAnswer:
        """The answer to a resident's question; a question that found nothing is recorded."""
        _, index = await self._current()
        answer = decide(normalise(text), index.search(text, 1 + OTHERS))
        if not answer.confident and has_words(text):
            await self.repository.record_miss(text)
        return answer

    async def categories(self) -> list[FaqCategory]:
        """Categories that have at least one entry, in file order."""
        section, _ = await self._current()
        used = {e.category for e in section.entries}
        return [c for c in section.categories if c.code in used]

    async def entries_in(self, category_code: str) -> list[FaqEntry]:
        section, _ = await self._current()
        return [e for e in section.entries if e.category == category_code]

    async def entry(self, code: str) -> FaqEntry | None:
        section, _ = await self._current()
        return section.entry(code)

    async def record_feedback(self, resident_id: int, entry_code: str, helpful: bool) -> None:
        await self.repository.record_feedback(resident_id, entry_code, helpful)

    async def feedback_count(self, resident_id: int) -> int:
        return await self.repository.feedback_count(resident_id)

    async def top_misses(self, limit: int = 20) -> list[FaqMiss]:
        return await self.repository.top_misses(limit)

    async def top_unhelpful(self, limit: int = 20) -> list[EntryFeedback]:
        return await self.repository.top_unhelpful(limit)
