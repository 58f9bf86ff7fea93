"""`python -m bot load FILE`: validate a community file, say what it holds and what it would
change, and load it. Visits the new file leaves no working time for are listed first and
cancelled only when the installer confirms (or passes --yes); their residents are then told
through the outbox, which the running bot's sender delivers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.app import Services
from bot.config import Settings
from storage.community import CommunityFile, CommunityFileError, read_community_file
from storage.queue.file_changes import FileChanges, ScheduleChangeNotifier, ScheduleChanges
from storage.queue.models import Booking
from storage.timeutil import Clock, utcnow

LISTED_VISITS = 30


@dataclass(frozen=True, slots=True)
class LoadOptions:
    path: str
    check_only: bool = False
    assume_yes: bool = False


def summary(community: CommunityFile) -> str:
    """«9 settlements in 3 districts, 3 ЦНАП places with 25 services, 64 FAQ entries»."""
    parts = [f"{len(community.settlements)} settlements in {len(community.districts)} districts"]
    cnap = community.cnap
    if cnap is not None:
        parts.append(
            f"{len(cnap.places)} ЦНАП places with {len(cnap.services)} services "
            f"in {len(cnap.categories)} categories"
        )
    else:
        parts.append("no ЦНАП section (the e-queue is off)")
    if community.faq.entries:
        parts.append(f"{len(community.faq.entries)} FAQ entries")
    return ", ".join(parts)


def _codes(label: str, codes: list[str]) -> list[str]:
    return [f"  {label}: {', '.join(codes)}"] if codes else []


def describe_changes(changes: FileChanges, settings: Settings) -> list[str]:
    if changes.first_load:
        return ["Nothing is loaded yet: the whole file is new."]
    if changes.nothing:
        return ["Against what is loaded now: no settlements, places, services or open days change."]
    lines = ["Against what is loaded now:"]
    lines += _codes("settlements added", changes.settlements_added)
    lines += _codes(
        "settlements hidden (kept for residents who chose them)", changes.settlements_hidden
    )
    lines += _codes("ЦНАП places added", changes.places_added)
    lines += _codes("ЦНАП places removed", changes.places_removed)
    lines += _codes("services added", changes.services_added)
    lines += _codes("services removed", changes.services_removed)
    if changes.days_closed:
        days = [f"{place} {day.isoformat()}" for place, day in changes.days_closed]
        lines.append(f"  days closed in the booking window: {', '.join(days)}")
    lines.append(f"  booked visits affected: {len(changes.affected)}")
    lines += _visit_lines(changes.affected, settings)
    return lines


def _visit_lines(visits: list[Booking], settings: Settings) -> list[str]:
    zone = settings.community.zone
    lines = [
        f"    {v.starts_at.astimezone(zone):%Y-%m-%d %H:%M}  {v.code}  "
        f"{v.place_code} / {v.service_code}"
        for v in visits[:LISTED_VISITS]
    ]
    if len(visits) > LISTED_VISITS:
        lines.append(f"    … and {len(visits) - LISTED_VISITS} more")
    return lines


def _confirmed(count: int, options: LoadOptions, stdin: TextIO, out: TextIO) -> bool | None:
    """True to go on; False when the installer said no; None when nobody can be asked."""
    if options.assume_yes:
        return True
    if not stdin.isatty():
        return None
    out.write(f"Cancel these {count} visits and tell the residents? [y/N] ")
    out.flush()
    return stdin.readline().strip().lower() in {"y", "yes", "т", "так"}


def _database_exists(settings: Settings) -> bool:
    return Path(settings.database.path).exists()


async def run_load(
    settings: Settings,
    options: LoadOptions,
    *,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    clock: Clock = utcnow,
) -> int:
    try:
        community = read_community_file(options.path)
    except CommunityFileError as error:
        print(error, file=stderr)
        return 1
    print(f"{options.path}: valid: {summary(community)}.", file=stdout)
    if options.check_only and not _database_exists(settings):
        print(f"Nothing is loaded into {settings.database.path} yet.", file=stdout)
        return 0
    services = await Services.open(settings, clock=clock)
    try:
        return await _compare_and_load(services, community, options, stdin, stdout, stderr)
    finally:
        await services.close()


async def _compare_and_load(
    services: Services,
    community: CommunityFile,
    options: LoadOptions,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    settings = services.settings
    changes = ScheduleChanges(
        services.db, services.community, services.clock, settings.community.zone, services.audit
    )
    preview = await changes.preview(community)
    for line in describe_changes(preview, settings):
        print(line, file=stdout)
    if options.check_only:
        return 0
    if preview.affected:
        answer = _confirmed(len(preview.affected), options, stdin, stdout)
        if answer is None:
            print(
                f"{options.path}: not loaded: {len(preview.affected)} booked visits would be "
                "cancelled. Run again with --yes to cancel them and tell the residents, "
                "or change the file.",
                file=stderr,
            )
            return 1
        if not answer:
            print(f"{options.path}: not loaded; nothing changed.", file=stdout)
            return 1
    notifier = services.find(ScheduleChangeNotifier)
    cancelled = await changes.apply(community, notifier.schedule_changed)
    print(f"{options.path}: loaded into {settings.database.path}.", file=stdout)
    if cancelled:
        print(
            f"Cancelled {len(cancelled)} visits; each resident gets a notice with a button to "
            "pick another time as soon as the bot runs.",
            file=stdout,
        )
    return 0
