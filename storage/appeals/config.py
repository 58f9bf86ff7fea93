"""The `appeals:` section of the community file: the answer deadlines, the morning digest, the
appeal topics, and where the community is (a location far outside is refused)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from storage.schema import CODE_PATTERN, Strict, Text, require_unique

# Law «Про звернення громадян», art. 20: an appeal is considered within one month; one that
# needs no additional study without delay, but within 15 days; an extension with notice to the
# person, 45 days in total at most. The deadline belongs to the appeal, not to its kind.
DEFAULT_ANSWER_DAYS = 30
DEFAULT_NO_STUDY_DAYS = 15
LAW_MONTH_DAYS = 31
LAW_NO_STUDY_DAYS = 15
LAW_MAX_DAYS = 45
# Before deadlines followed the law, they came by kind; a file still naming them is told how
# to say it now rather than getting «extra inputs are not permitted».
RETIRED_KEYS = ("statement_days", "complaint_days", "proposal_days")


class Centre(Strict):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Topic(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: Text


DEFAULT_TOPICS = (
    Topic(code="utilities", name=Text(uk="Житлово-комунальні питання", en="Housing and utilities")),
    Topic(code="roads", name=Text(uk="Дороги і транспорт", en="Roads and transport")),
    Topic(code="social", name=Text(uk="Соціальний захист", en="Social protection")),
    Topic(code="education", name=Text(uk="Освіта і медицина", en="Education and health")),
    Topic(code="land", name=Text(uk="Земельні питання", en="Land")),
    Topic(code="other", name=Text(uk="Інше", en="Other")),
)


class AppealSettings(Strict):
    # Calendar days from the day of receipt: the legal deadline every appeal gets.
    answer_days: int = Field(default=DEFAULT_ANSWER_DAYS, ge=1, le=LAW_MONTH_DAYS)
    # The deadline once an officer marks an appeal «не потребує додаткового вивчення».
    no_study_days: int = Field(default=DEFAULT_NO_STUDY_DAYS, ge=1, le=LAW_NO_STUDY_DAYS)
    # No extension goes past this many days after receipt.
    max_days: int = Field(default=LAW_MAX_DAYS, ge=1, le=LAW_MAX_DAYS)
    # Officers' morning digest lists appeals due within this many days, or overdue.
    digest_near_days: int = Field(default=3, ge=0, le=30)
    digest_at: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    topics: tuple[Topic, ...] = DEFAULT_TOPICS
    # Where the community is: a location further than radius_km from the centre is refused.
    # Without a centre any location is taken.
    centre: Centre | None = None
    radius_km: float = Field(default=30.0, gt=0, le=500)
    # A new report this close to an open one of the same category is offered to join it.
    duplicate_radius_m: float = Field(default=50.0, ge=0, le=1000)

    @model_validator(mode="before")
    @classmethod
    def _no_deadlines_by_kind(cls, data: Any) -> Any:
        retired = [key for key in RETIRED_KEYS if isinstance(data, dict) and key in data]
        if retired:
            raise ValueError(
                f"{', '.join(retired)}: the answer deadline no longer depends on the kind of "
                "appeal (the law gives every appeal a month); remove them and write "
                f"answer_days (default {DEFAULT_ANSWER_DAYS}) and no_study_days "
                f"(default {DEFAULT_NO_STUDY_DAYS}, for appeals an officer marks as needing "
                "no additional study)"
            )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> AppealSettings:
        require_unique([t.code for t in self.topics], "appeal topic")
        if self.no_study_days > self.answer_days:
            raise ValueError("no_study_days is longer than answer_days")
        if self.answer_days > self.max_days:
            raise ValueError("answer_days is longer than max_days")
        return self

    def topic(self, code: str) -> Topic | None:
        return next((t for t in self.topics if t.code == code), None)
