"""Building blocks every section of the community file shares: strict frozen models, texts in
both languages, codes. Neutral ground, so that the community file and its ЦНАП section can both
build on it without importing each other."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,30}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages; English falls back to Ukrainian when not given."""

    uk: str = Field(min_length=1, max_length=300)
    en: str | None = Field(default=None, min_length=1, max_length=300)

    def get(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.uk


def require_unique(codes: list[str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{what} '{code}' is used twice")
        seen.add(code)
