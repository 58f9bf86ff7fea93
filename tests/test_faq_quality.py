"""The FAQ finds what residents ask, measured on labelled questions written the way people
type (tests/faq_data/). Top-1 counts only a confident answer that is right; top-3 counts the
right entry among the three best; no-match counts unanswerable questions left unanswered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from storage.community import read_community_file
from storage.faq.index import RESCORE_CANDIDATES, FaqIndex
from storage.faq.service import decide
from tests.harness import DEMO_FILE

DATA = Path(__file__).resolve().parent / "faq_data"


@dataclass(frozen=True)
class Figures:
    name: str
    questions: int
    top1: float
    top3: float
    unanswerable: int
    no_match: float
    wrong_confident: list[str]

    def line(self) -> str:
        return (
            f"FAQ {self.name}: top-1 {self.top1:.1%}, top-3 {self.top3:.1%} of {self.questions}; "
            f"no match {self.no_match:.1%} of {self.unanswerable} unanswerable"
        )


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex(read_community_file(DEMO_FILE).faq.entries)


def measure(index: FaqIndex, name: str) -> Figures:
    data: dict[str, Any] = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    top1 = top3 = 0
    wrong: list[str] = []
    for code, question in data["answerable"]:
        hits = index.search(question, 3)
        answer = decide(question, hits)
        top3 += code in [h.entry.code for h in hits]
        if answer.best is not None:
            if answer.best.entry.code == code:
                top1 += 1
            else:
                wrong.append(f"{question!r} -> {answer.best.entry.code} (not {code})")
    unanswered = sum(decide(q, index.search(q, 3)).best is None for q in data["unanswerable"])
    total, unanswerable = len(data["answerable"]), len(data["unanswerable"])
    return Figures(
        name, total, top1 / total, top3 / total, unanswerable, unanswered / unanswerable, wrong
    )


def report(figures: Figures, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\n{figures.line()}")


def test_labelled_questions(index: FaqIndex, capsys: pytest.CaptureFixture[str]) -> None:
    figures = measure(index, "faq_questions")
    report(figures, capsys)
    assert figures.questions >= 200
    assert figures.unanswerable >= 20
    assert figures.top1 >= 0.90, figures.line()
    assert figures.top3 >= 0.97, figures.line()
    assert figures.no_match >= 0.80, figures.line()


def test_held_out_questions(index: FaqIndex, capsys: pytest.CaptureFixture[str]) -> None:
    """Never tuned against: a looser floor that still catches a broken search."""
    figures = measure(index, "faq_heldout")
    report(figures, capsys)
    assert figures.questions >= 60
    assert figures.top1 >= 0.75, figures.line()
    assert figures.top3 >= 0.88, figures.line()
    assert figures.no_match >= 0.75, figures.line()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("пасспорт загубив", "passport-lost"),  # one letter too many
        ("субсидя", "housing-subsidy"),  # one missing
        ("закордоний паспотр", "foreign-passport"),  # two words, one letter each
        ("сміття вивіз графік", "waste"),  # another word order
        ("ГРАФІК ВІДКЛЮЧЕНЬ СВІТЛА!!!", "power-outages"),
        ("садочок", "kindergarten"),  # an entry's synonym
        ("дитячий садок", "kindergarten"),
    ],
)
def test_typos_order_and_synonyms(index: FaqIndex, typed: str, code: str) -> None:
    answer = decide(typed, index.search(typed, 3))
    assert answer.best is not None
    assert answer.best.entry.code == code


def test_a_wrong_confident_answer_is_rare(index: FaqIndex) -> None:
    figures = measure(index, "faq_questions")
    assert len(figures.wrong_confident) <= 0.03 * figures.questions, figures.wrong_confident


def test_the_best_few_are_the_best_of_all_candidates(index: FaqIndex) -> None:
    """Asking for fewer hits gives the head of the full ranking of every candidate: the
    phrasings are scored in one batch and matched back to their entries in order."""
    questions = []
    for name in ("faq_questions", "faq_heldout"):
        data = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
        questions += [q for _, q in data["answerable"]] + list(data["unanswerable"])
    compared = 0
    for question in questions:
        every = index.search(question, RESCORE_CANDIDATES)
        for limit in (1, 3):
            assert index.search(question, limit) == every[:limit], question
        compared += bool(every)
    assert compared > 300
