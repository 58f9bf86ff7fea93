"""FAQ search at 500 entries: pymorphy3 load time, index build time and memory, and the
latency of FaqService.ask (community read from SQLite included) over the labelled questions.

The 500 entries are the demo's own plus variants of them for each settlement: near-duplicates
make the postings long, which is the slow case. Goal: p99 under 20 ms.

    python -m bench.faq [--entries 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from storage.community import CommunityFile, CommunityRepository, read_community_file
from storage.database import Database
from storage.faq.index import FaqIndex
from storage.faq.schema import FaqEntry, FaqSection
from storage.faq.service import FaqService
from storage.faq.text import analyzer, clear_caches

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "community" / "demo.yaml"
QUESTIONS = [ROOT / "tests" / "faq_data" / f for f in ("faq_questions.yaml", "faq_heldout.yaml")]
RESULTS = Path(__file__).resolve().parent / "results" / "faq.json"
GOAL_P99_MS = 20.0


@dataclass(frozen=True, slots=True)
class Report:
    entries: int
    questions: int
    asks: int
    pymorphy_uk_load_ms: float
    pymorphy_ru_load_ms: float
    build_ms: float
    rebuild_ms: float
    index_memory_mb: float
    ask_ms_p50: float
    ask_ms_p99: float
    ask_ms_max: float
    first_round_ms_p99: float
    search_ms_p50: float
    search_ms_p99: float
    goal_p99_ms: float
    goal_met: bool
    python: str


def grown_community(size: int) -> CommunityFile:
    """The demo community with its FAQ grown to `size` entries by per-settlement variants."""
    demo = read_community_file(DEMO)
    entries = list(demo.faq.entries)
    settlements = demo.settlements
    round_ = 0
    while len(entries) < size:
        settlement = settlements[round_ % len(settlements)]
        for entry in demo.faq.entries:
            if len(entries) >= size:
                break
            entries.append(_variant(entry, settlement.code, settlement.name.uk, round_))
        round_ += 1
    faq = FaqSection(categories=demo.faq.categories, entries=tuple(entries))
    return demo.model_copy(update={"faq": faq})


def _variant(entry: FaqEntry, settlement: str, place: str, round_: int) -> FaqEntry:
    synonyms = entry.synonyms[round_ % max(1, len(entry.synonyms)) :] + entry.synonyms[:1]
    question = entry.question.model_copy(update={"uk": f"{entry.question.uk[:250]} ({place})"})
    answer = entry.answer.model_copy(
        update={"uk": f"{place}: {entry.answer.uk[:1400]}", "en": None}
    )
    return entry.model_copy(
        update={
            "code": f"{entry.code[:24]}-{round_}{settlement[:4]}",
            "question": question,
            "answer": answer,
            "synonyms": (*synonyms, f"{entry.synonyms[0] if entry.synonyms else ''} {place}"),
            "settlement": settlement,
            "place": None,
        }
    )


def labelled_questions() -> list[str]:
    questions: list[str] = []
    for path in QUESTIONS:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions += [q for _, q in data["answerable"]] + list(data["unanswerable"])
    return questions


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load_analyzers() -> tuple[float, float]:
    started = time.perf_counter()
    analyzer("uk")
    uk = time.perf_counter() - started
    started = time.perf_counter()
    analyzer("ru")
    return uk, time.perf_counter() - started


def build(community: CommunityFile) -> tuple[float, float, float]:
    """Cold build (no word analysed yet), a rebuild, and the traced memory of a cold build:
    the index with the word caches it filled."""
    started = time.perf_counter()
    FaqIndex(community.faq.entries)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    FaqIndex(community.faq.entries)
    warm = time.perf_counter() - started
    clear_caches()
    tracemalloc.start()
    index = FaqIndex(community.faq.entries)
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del index
    return cold, warm, memory / 2**20


async def asks(community: CommunityFile, questions: list[str], rounds: int) -> list[list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "faq.sqlite3")
        try:
            repository = CommunityRepository(db)
            await repository.load(community)
            service = FaqService(db, repository)
            await service.refresh()
            timings: list[list[float]] = []
            for _ in range(rounds):
                round_times = []
                for question in questions:
                    started = time.perf_counter()
                    await service.ask(question)
                    round_times.append(time.perf_counter() - started)
                timings.append(round_times)
            return timings
        finally:
            await db.close()


def searches(community: CommunityFile, questions: list[str]) -> list[float]:
    index = FaqIndex(community.faq.entries)
    times = []
    for question in questions * 2:
        started = time.perf_counter()
        index.search(question, 3)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    uk_load, ru_load = load_analyzers()
    community = grown_community(args.entries)
    questions = labelled_questions()
    cold, warm, memory = build(community)
    rounds = asyncio.run(asks(community, questions, args.rounds))
    all_asks = [t for r in rounds for t in r]
    search_times = searches(community, questions)
    p99 = _ms(_p(all_asks, 0.99))
    report = Report(
        entries=len(community.faq.entries),
        questions=len(questions),
        asks=len(all_asks),
        pymorphy_uk_load_ms=_ms(uk_load),
        pymorphy_ru_load_ms=_ms(ru_load),
        build_ms=_ms(cold),
        rebuild_ms=_ms(warm),
        index_memory_mb=round(memory, 2),
        ask_ms_p50=_ms(statistics.median(all_asks)),
        ask_ms_p99=p99,
        ask_ms_max=_ms(max(all_asks)),
        first_round_ms_p99=_ms(_p(rounds[0], 0.99)),
        search_ms_p50=_ms(statistics.median(search_times)),
        search_ms_p99=_ms(_p(search_times, 0.99)),
        goal_p99_ms=GOAL_P99_MS,
        goal_met=p99 < GOAL_P99_MS,
        python=platform.python_version(),
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    for key, value in asdict(report).items():
        print(f"{key:>22}: {value}")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if report.goal_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
