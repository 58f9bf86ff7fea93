"""The `faq:` section of the community file: categories and entries, validated like the rest."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from storage.schema import CODE_PATTERN, Strict, Text, require_unique

Code = Annotated[str, Field(pattern=CODE_PATTERN)]
ANSWER_MAX_LENGTH = 1500
# Answers are plain text and rendered escaped: markup would show up as literal tags.
_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def _plain_text(value: str) -> str:
    tag = _TAG.search(value)
    if tag:
        raise ValueError(f"plain text only: remove the HTML tag {tag.group(0)!r}")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]


class AnswerText(Strict):
    """A long plain-text answer in both languages; English falls back to Ukrainian."""

    uk: PlainText = Field(min_length=1, max_length=ANSWER_MAX_LENGTH)
    en: PlainText | None = Field(default=None, min_length=1, max_length=ANSWER_MAX_LENGTH)

    def get(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.uk


def _https(value: str) -> str:
    if not re.fullmatch(r"https://[^\s/$.?#][^\s]*", value):
        raise ValueError(f"'{value}' is not an https:// address")
    return value


class Link(Strict):
    title: Text
    url: Annotated[str, Field(max_length=500), AfterValidator(_https)]


class FaqCategory(Strict):
    code: Code
    name: Text


class FaqEntry(Strict):
    code: Code
    category: Code
    question: Text
    answer: AnswerText
    # Other ways residents ask the same thing: phrases or single words, any language.
    synonyms: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = ()
    links: tuple[Link, ...] = Field(default=(), max_length=5)
    # A ЦНАП place (cnap.places) or a settlement the answer is about, when it is local.
    place: Code | None = None
    settlement: Code | None = None


class FaqSection(Strict):
    categories: tuple[FaqCategory, ...] = ()
    entries: tuple[FaqEntry, ...] = ()

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, value: tuple[FaqCategory, ...]) -> tuple[FaqCategory, ...]:
        require_unique([c.code for c in value], "faq category code")
        return value

    @field_validator("entries")
    @classmethod
    def _unique_entries(cls, value: tuple[FaqEntry, ...]) -> tuple[FaqEntry, ...]:
        require_unique([e.code for e in value], "faq entry code")
        return value

    @model_validator(mode="after")
    def _known_categories(self) -> FaqSection:
        known = {c.code for c in self.categories}
        for index, entry in enumerate(self.entries):
            if entry.category not in known:
                raise ValueError(f"entries[{index}].category: unknown category '{entry.category}'")
        return self

    def unknown_references(
        self, settlements: Iterable[str], places: Iterable[str] | None
    ) -> list[str]:
        """Problems with entry settlements and places (None: no ЦНАП section to check them
        against), each naming its path inside `faq`."""
        settlement_codes = set(settlements)
        place_codes = None if places is None else set(places)
        problems = []
        for index, entry in enumerate(self.entries):
            if entry.settlement and entry.settlement not in settlement_codes:
                problems.append(
                    f"entries[{index}].settlement: unknown settlement '{entry.settlement}'"
                )
            if entry.place and place_codes is not None and entry.place not in place_codes:
                problems.append(f"entries[{index}].place: unknown ЦНАП place '{entry.place}'")
        return problems

    def category(self, code: str) -> FaqCategory | None:
        return next((c for c in self.categories if c.code == code), None)

    def entry(self, code: str) -> FaqEntry | None:
        return next((e for e in self.entries if e.code == code), None)
