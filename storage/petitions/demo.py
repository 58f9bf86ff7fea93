"""Sample petitions for the demo community, one or more in every state, so a new user of the
demo sees the feature working at once. Authors and signatories are fictional: they are not
residents, cannot log in and receive nothing. Dates are relative to the moment of loading."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.database import Database
from storage.petitions.config import PetitionSettings
from storage.petitions.model import PetitionStatus
from storage.timeutil import to_db

FIRST_NAMES = (
    "Олена", "Андрій", "Марія", "Іван", "Оксана", "Петро", "Наталія", "Василь", "Ірина", "Олег",
    "Світлана", "Михайло", "Тетяна", "Богдан", "Юлія", "Сергій", "Галина", "Роман", "Людмила",
    "Тарас", "Катерина", "Микола", "Софія", "Дмитро", "Ольга", "Юрій", "Анна", "Віктор",
)  # fmt: skip
SURNAMES = (
    "Коваленко", "Бондаренко", "Ткаченко", "Шевченко", "Мельник", "Кравченко", "Олійник",
    "Поліщук", "Савченко", "Руденко", "Лисенко", "Мороз", "Гончаренко", "Пономаренко", "Марченко",
    "Білик", "Кушнір", "Левченко", "Гнатюк", "Дячук", "Остапенко", "Вовк", "Клименко", "Романюк",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sample:
    status: PetitionStatus
    title: str
    body: str
    author: str
    # Days before loading: submission, publication; the share of the threshold signed.
    submitted_days_ago: int
    published_days_ago: int | None = None
    share: float = 0.0
    answer: str | None = None
    supported: bool | None = None


SAMPLES = (
    Sample(
        "collecting",
        "Облаштувати безпечний пішохідний перехід біля ліцею №2 на вул. Соборній",
        "Щоранку сотні дітей переходять вулицю Соборну біля ліцею №2 там, де немає ні "
        "розмітки, ні світлофора, а автомобілі їдуть з транзитної дороги на швидкості.\n\n"
        "Просимо міську раду облаштувати регульований пішохідний перехід з острівцем безпеки, "
        "освітленням і «лежачим поліцейським» до початку наступного навчального семестру.",
        "Ірина Петрівна Гнатюк",
        submitted_days_ago=14,
        published_days_ago=12,
        share=0.57,
    ),
    Sample(
        "collecting",
        "Відновити автобусний рейс Яблунів — Озерне у суботу та неділю",
        "З вересня автобус до Озерного і Лісового у вихідні не їздить. Люди похилого віку "
        "не можуть дістатися до лікарні й ринку, а таксі коштує забагато.\n\n"
        "Просимо передбачити в договорі з перевізником хоча б два рейси на день у суботу "
        "та неділю: о 8:00 і о 15:00.",
        "Микола Іванович Остапенко",
        submitted_days_ago=5,
        published_days_ago=3,
        share=0.15,
    ),
    Sample(
        "collecting",
        "Встановити укриття на зупинці «Центральний ринок»",
        "Під час повітряної тривоги на зупинці «Центральний ринок» щодня чекають автобуса "
        "десятки людей, а найближче укриття — за пів кілометра. Просимо встановити модульне "
        "укриття поруч із зупинкою.",
        "Оксана Василівна Кушнір",
        submitted_days_ago=42,
        published_days_ago=40,
        share=0.86,
    ),
    Sample(
        "reached",
        "Облаштувати укриття в підвалі Вишнівської гімназії",
        "Діти Вишнівської гімназії під час тривог спускаються в непристосований підвал без "
        "вентиляції та освітлення. Просимо передбачити в бюджеті кошти на облаштування "
        "укриття: вентиляцію, освітлення, другий вихід, запас води.",
        "Світлана Миколаївна Руденко",
        submitted_days_ago=30,
        published_days_ago=28,
        share=1.0,
    ),
    Sample(
        "answered",
        "Освітлення вулиці Садової в с. Вишневе",
        "На вулиці Садовій у Вишневому немає жодного ліхтаря на 1,2 км. Узимку діти й "
        "працівники повертаються додому в повній темряві. Просимо встановити вуличне "
        "освітлення з енергоощадними лампами.",
        "Андрій Олегович Левченко",
        submitted_days_ago=80,
        published_days_ago=78,
        share=1.0,
        answer="Виконавчий комітет підтримує петицію. Освітлення вулиці Садової включено до "
        "програми благоустрою на наступний рік: 32 світильники, роботи — до 1 травня.",
        supported=True,
    ),
    Sample(
        "answered",
        "Заборонити рух вантажівок центром Яблунева",
        "Вантажівки їдуть центром міста, бо об'їзної дороги немає. Просимо заборонити рух "
        "транспорту понад 10 тонн вулицями Соборною та Шевченка.",
        "Роман Богданович Вовк",
        submitted_days_ago=120,
        published_days_ago=118,
        share=1.0,
        answer="Петицію розглянуто на засіданні виконавчого комітету. Повна заборона руху "
        "неможлива, доки не збудовано об'їзну дорогу: інакше місто залишиться без пального і "
        "будматеріалів. Натомість з 1 березня вантажівкам заборонено в'їзд з 7:00 до 20:00.",
        supported=False,
    ),
    Sample(
        "missed",
        "Облаштувати майданчик для вигулу собак у парку Перемоги",
        "Власникам собак ніде вигулювати тварин, і вони гуляють на дитячих майданчиках. "
        "Просимо огородити майданчик для вигулу собак у північній частині парку.",
        "Катерина Юріївна Марченко",
        submitted_days_ago=70,
        published_days_ago=68,
        share=0.35,
    ),
    Sample(
        "moderation",
        "Встановити контейнери для роздільного збору сміття в с. Калинівка",
        "У Калинівці є лише звичайні контейнери для сміття. Просимо встановити біля школи, "
        "магазину й амбулаторії контейнери для пластику, скла і паперу.",
        "Тарас Петрович Білик",
        submitted_days_ago=0,
    ),
)


def fictional_names(count: int, rng: random.Random) -> list[str]:
    pairs = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] for i in range(count)]


async def seed_demo_petitions(db: Database, settings: PetitionSettings, now: datetime) -> int:
    """Insert the samples; returns how many petitions were added."""
    rng = random.Random(23)
    period = timedelta(days=settings.period_days)
    async with db.transaction():
        for number, sample in enumerate(SAMPLES, start=1):
            petition_id = await _insert(db, sample, settings, now, period)
            signed = min(round(settings.threshold * sample.share), settings.threshold)
            if sample.status in ("collecting", "missed"):
                signed = min(signed, settings.threshold - 1)
            published = now - timedelta(days=sample.published_days_ago or 0)
            step = min(period, now - published) / max(signed, 1)
            rows = [
                (
                    petition_id,
                    name,
                    f"+38000{number:02d}{index:05d}",
                    to_db(published + step * index),
                )
                for index, name in enumerate(fictional_names(signed, rng))
            ]
            await db.executemany(
                "INSERT INTO petition_signatures(petition_id, resident_id, signer_name, phone, "
                "signed_at) VALUES (?, NULL, ?, ?, ?)",
                rows,
            )
    return len(SAMPLES)


async def _insert(
    db: Database, sample: Sample, settings: PetitionSettings, now: datetime, period: timedelta
) -> int:
    submitted = now - timedelta(days=sample.submitted_days_ago)
    published = now - timedelta(days=sample.published_days_ago or 0)
    is_published = sample.published_days_ago is not None
    closed: datetime | None = None
    if sample.status == "missed":
        closed = published + period
    elif sample.status in ("reached", "answered"):
        closed = published + min(period, timedelta(days=20))
    answered = closed + timedelta(days=10) if sample.status == "answered" and closed else None
    return await db.execute(
        "INSERT INTO petitions(author_id, author_name, author_email, title, body, status, "
        "submitted_at, moderated_at, threshold, published_at, deadline_at, closed_at, "
        "answer_text, answer_supported, answered_at, announced, demo) "
        "VALUES (NULL, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (
            sample.author,
            sample.title,
            sample.body,
            sample.status,
            to_db(submitted),
            to_db(published) if is_published else None,
            settings.threshold if is_published else None,
            to_db(published) if is_published else None,
            to_db(published + period) if is_published else None,
            to_db(closed) if closed else None,
            sample.answer,
            None if sample.supported is None else int(sample.supported),
            to_db(answered) if answered else None,
            sample.status,
        ),
    )
