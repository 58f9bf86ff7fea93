"""Periodic background jobs that flows declare (`@flow.job`): each runs once right at start,
to catch up on what fell due while the bot was down, then every `every` seconds.
APScheduler ticks on the real clock; what is due is decided by each job's own clock."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from ui.flow import Job

log = logging.getLogger(__name__)


async def run_job(job: Job, services: Mapping[str, Any]) -> Any:
    """Run one job with the services it asks for by name."""
    return await job.run.call(**services)


class JobScheduler:
    def __init__(self, jobs: Sequence[Job], services: Mapping[str, Any], settings: Any) -> None:
        self._jobs = list(jobs)
        self._services = services
        self._settings = settings
        self._scheduler = AsyncIOScheduler(timezone="UTC")

    async def start(self) -> None:
        for job in self._jobs:
            self._scheduler.add_job(
                self._run,
                "interval",
                args=(job,),
                seconds=job.every(self._settings),
                id=job.name,
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )
        self._scheduler.start()

    async def _run(self, job: Job) -> None:
        try:
            await run_job(job, self._services)
        except Exception:
            log.exception("Background job %s failed; it runs again at the next tick", job.name)

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
