"""The `appeals:` section of the community file: answer deadlines by kind, the morning digest,
the appeal topics, and where the community is (a location far outside is refused)."""

from __future__ import annotations

from pydantic import Field, model_validator

from storage.schema import CODE_PATTERN, Strict, Text, require_unique

# Law «Про звернення громадян», art. 20: within a month; within 15 days when no extra study is
# needed; extended with notice to the person, 45 days in total at most.
DEFAULT_STATEMENT_DAYS = 15
DEFAULT_COMPLAINT_DAYS = 30
DEFAULT_PROPOSAL_DAYS = 30
LAW_MAX_DAYS = 45


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
    statement_days: int = Field(default=DEFAULT_STATEMENT_DAYS, ge=1, le=LAW_MAX_DAYS)
    complaint_days: int = Field(default=DEFAULT_COMPLAINT_DAYS, ge=1, le=LAW_MAX_DAYS)
    proposal_days: int = Field(default=DEFAULT_PROPOSAL_DAYS, ge=1, le=LAW_MAX_DAYS)
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

    @model_validator(mode="after")
    def _consistent(self) -> AppealSettings:
        require_unique([t.code for t in self.topics], "appeal topic")
        longest = max(self.statement_days, self.complaint_days, self.proposal_days)
        if longest > self.max_days:
            raise ValueError("an answer deadline is longer than max_days")
        return self

    def days_for(self, kind: str) -> int:
        return {
            "statement": self.statement_days,
            "complaint": self.complaint_days,
            "proposal": self.proposal_days,
        }[kind]

    def topic(self, code: str) -> Topic | None:
        return next((t for t in self.topics if t.code == code), None)
