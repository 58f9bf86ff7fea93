"""500 residents sign one petition at the same moment, through the petition service.

Three runs on one SQLite file:
  quiet      signatures one after another, nobody else in the way: the latency of one sign;
  crowd      500 residents at once, each pressing «Підписати» twice: signatures per second,
             latency behind the crowd, and in SQL that no signature was lost or doubled;
  threshold  500 residents at once on a petition needing 250: exactly 250 accepted, one of
             them closes the collection, the rest are told it is closed.

    python -m bench.petitions [--residents 500] [--quiet 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.common import RESULTS_DIR, ROOT, machine, peak_rss_mb, percentile
from storage.audit import Actor, AuditLog
from storage.community import CommunityRepository, read_community_file
from storage.database import Database
from storage.petitions.config import PetitionSettings
from storage.petitions.model import AlreadySigned, CollectionClosed
from storage.petitions.service import PetitionService
from storage.residents import ResidentRepository

RESULTS = RESULTS_DIR / "petitions.json"
DEMO = ROOT / "community" / "demo.yaml"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
QUIET_P99_GOAL_MS = 100.0
BODY = "Просимо раду облаштувати безпечний пішохідний перехід біля ліцею на вулиці Соборній."


@dataclass(frozen=True, slots=True)
class Report:
    residents: int
    quiet_signatures: int
    quiet_sign_ms_p50: float
    quiet_sign_ms_p99: float
    crowd_seconds: float
    signatures_per_second: float
    crowd_sign_ms_p50: float
    crowd_sign_ms_p99: float
    crowd_accepted: int
    crowd_second_presses_refused: int
    crowd_rows_in_db: int
    crowd_count_shown: int
    threshold: int
    threshold_accepted: int
    threshold_closed_by: int
    threshold_told_closed: int
    threshold_rows_in_db: int
    threshold_status: str
    peak_rss_mb: float
    machine: str
    sqlite: str

    @property
    def exact(self) -> bool:
        return (
            self.crowd_accepted == self.residents
            and self.crowd_rows_in_db == self.residents
            and self.crowd_count_shown == self.residents
            and self.crowd_second_presses_refused == self.residents
            and self.threshold_accepted == self.threshold
            and self.threshold_rows_in_db == self.threshold
            and self.threshold_closed_by == 1
            and self.threshold_status == "reached"
        )

    @property
    def fast(self) -> bool:
        return self.quiet_sign_ms_p99 < QUIET_P99_GOAL_MS


def phone(n: int) -> str:
    return f"+38067{n:07d}"


async def timed_sign(
    service: PetitionService, petition_id: int, resident_id: int, n: int
) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        result = await service.sign(petition_id, resident_id, f"Мешканець {n}", phone(n))
        outcome = "reached" if result.reached else "signed"
    except AlreadySigned:
        outcome = "again"
    except CollectionClosed:
        outcome = "closed"
    return outcome, time.perf_counter() - started


def ms(values: list[float], percent: float) -> float:
    return round(percentile(values, percent) * 1000, 2)


async def petition_under(
    db: Database,
    community: CommunityRepository,
    service: PetitionService,
    author: int,
    threshold: int,
) -> int:
    """A petition published while the community's threshold is `threshold`."""
    demo = read_community_file(DEMO)
    settings = PetitionSettings(threshold=threshold, period_days=45)
    await community.load(demo.model_copy(update={"petitions": settings}))
    petition = await service.submit(
        author, "Пішохідний перехід біля ліцею", BODY, "Іван Петренко", "ivan@example.com"
    )
    return (await service.approve(petition.id, Actor.system("bench"))).id


async def rows(db: Database, petition_id: int) -> int:
    return int(
        await db.fetchval(
            "SELECT COUNT(*) FROM petition_signatures "
            "WHERE petition_id = ? AND withdrawn_at IS NULL",
            (petition_id,),
        )
    )


async def run(residents: int, quiet: int) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            community = CommunityRepository(db, lambda: NOW)
            people = ResidentRepository(db, lambda: NOW)
            service = PetitionService(db, community, AuditLog(db, lambda: NOW), lambda: NOW)
            ids = [
                (await people.get_or_create("telegram", str(10_000 + n), str(10_000 + n))).id
                for n in range(residents + 1)
            ]
            author, signers = ids[0], ids[1:]

            quiet_id = await petition_under(db, community, service, author, residents * 10)
            quiet_times = [
                (await timed_sign(service, quiet_id, r, n))[1]
                for n, r in enumerate(signers[:quiet])
            ]

            crowd_id = await petition_under(db, community, service, author, residents * 10)
            started = time.perf_counter()
            crowd = await asyncio.gather(
                *(
                    timed_sign(service, crowd_id, r, n)
                    for n, r in enumerate(signers)
                    for _ in (1, 2)
                )
            )
            crowd_seconds = time.perf_counter() - started
            accepted = [seconds for outcome, seconds in crowd if outcome == "signed"]

            threshold = residents // 2
            race_id = await petition_under(db, community, service, author, threshold)
            race = await asyncio.gather(
                *(timed_sign(service, race_id, r, n) for n, r in enumerate(signers))
            )
            race_outcomes = [outcome for outcome, _ in race]
            race_petition = await service.get(race_id)
            crowd_petition = await service.get(crowd_id)
            assert race_petition is not None
            assert crowd_petition is not None
            return Report(
                residents=residents,
                quiet_signatures=len(quiet_times),
                quiet_sign_ms_p50=ms(quiet_times, 50),
                quiet_sign_ms_p99=ms(quiet_times, 99),
                crowd_seconds=round(crowd_seconds, 3),
                signatures_per_second=round(len(accepted) / crowd_seconds, 1),
                crowd_sign_ms_p50=ms(accepted, 50),
                crowd_sign_ms_p99=ms(accepted, 99),
                crowd_accepted=len(accepted),
                crowd_second_presses_refused=sum(o == "again" for o, _ in crowd),
                crowd_rows_in_db=await rows(db, crowd_id),
                crowd_count_shown=crowd_petition.signatures,
                threshold=threshold,
                threshold_accepted=sum(o in ("signed", "reached") for o in race_outcomes),
                threshold_closed_by=race_outcomes.count("reached"),
                threshold_told_closed=race_outcomes.count("closed"),
                threshold_rows_in_db=await rows(db, race_id),
                threshold_status=race_petition.status,
                peak_rss_mb=peak_rss_mb(),
                machine=machine(),
                sqlite=sqlite3.sqlite_version,
            )
        finally:
            await db.close()


def describe(report: Report) -> str:
    return "\n".join(
        [
            f"E-petitions: {report.residents} residents signing one petition at once",
            f"  quiet sign     p50 {report.quiet_sign_ms_p50} ms, "
            f"p99 {report.quiet_sign_ms_p99} ms "
            f"({report.quiet_signatures} one after another; goal p99 < {QUIET_P99_GOAL_MS:.0f} ms: "
            f"{'OK' if report.fast else 'MISSED'})",
            f"  crowd          {report.crowd_accepted} signatures in {report.crowd_seconds:.2f} s "
            f"= {report.signatures_per_second:.0f} signatures/s; each resident pressed twice",
            f"  crowd sign     p50 {report.crowd_sign_ms_p50} ms, "
            f"p99 {report.crowd_sign_ms_p99} ms "
            "(waiting behind the whole crowd)",
            f"  exact count    {report.crowd_rows_in_db} rows, {report.crowd_count_shown} shown, "
            f"{report.crowd_second_presses_refused} second presses refused",
            f"  threshold {report.threshold}  {report.threshold_accepted} accepted, "
            f"{report.threshold_told_closed} told it closed, "
            f"closed by {report.threshold_closed_by}, "
            f"status {report.threshold_status}",
            f"  no signature lost or doubled: {'OK' if report.exact else 'FAILED'}",
            f"  memory         peak RSS {report.peak_rss_mb} MB (whole process)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.petitions", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--residents", type=int, default=500)
    parser.add_argument("--quiet", type=int, default=200, help="signatures timed one at a time")
    args = parser.parse_args()
    residents = max(2, args.residents)
    report = asyncio.run(run(residents, min(max(1, args.quiet), residents)))
    print(describe(report))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({**asdict(report), "exact": report.exact, "fast": report.fast}, indent=2) + "\n",
        encoding="utf-8",
    )
    print(f"  written to     {RESULTS.relative_to(ROOT)}")
    return 0 if report.exact and report.fast else 1


if __name__ == "__main__":
    raise SystemExit(main())
