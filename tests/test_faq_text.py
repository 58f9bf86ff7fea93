"""How a resident's typing becomes search terms: layout, apostrophes, Russian letters, lemmas."""

from __future__ import annotations

import pytest

from storage.faq.text import (
    MAX_QUERY_WORDS,
    analyse_query,
    normalise,
    repair_layout,
)


def primary_terms(text: str) -> list[str]:
    return [word.terms[0][0] for word in analyse_query(text)]


def all_terms(text: str) -> set[str]:
    return {term for word in analyse_query(text) for term, _ in word.terms}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gfcgjhn", "паспорт"),
        ("ce,cblsz", "субсидія"),
        ("ljdslrf dgj", "довідка впо"),
        ("gjlfnjr yf ptvk.", "податок на землю"),  # a final "." is the key of "ю"
        (",fufnjlsnyf csv`z", "багатодітна сімʼя"),  # "`" is the Ukrainian apostrophe key
    ],
)
def test_ukrainian_typed_on_the_english_layout_is_read_as_ukrainian(typed: str, meant: str) -> None:
    assert primary_terms(typed) == primary_terms(meant)


def test_english_questions_stay_english() -> None:
    assert repair_layout("where is the passport office") == "where is the passport office"
    assert "passport" in primary_terms("How do I get a passport?")


@pytest.mark.parametrize("apostrophe", ["ʼ", "'", "’", "`", "‘"])
def test_every_apostrophe_is_the_same(apostrophe: str) -> None:
    assert primary_terms(f"сім{apostrophe}ї") == primary_terms("сімʼя")
    assert normalise(f"Сім{apostrophe}я") == "сім'я"


def test_russian_letters_typed_by_habit() -> None:
    # ы, э, ъ stand where і, є, ї are on the Ukrainian layout.
    assert primary_terms("субсидыя") == primary_terms("субсидія")
    assert primary_terms("пенсыя") == primary_terms("пенсія")


def test_latin_letters_inside_a_cyrillic_word() -> None:
    assert primary_terms("пенсiя") == primary_terms("пенсія")  # Latin i


@pytest.mark.parametrize("form", ["паспорта", "паспортом", "паспорти", "паспортів", "Паспорт"])
def test_inflected_forms_meet_in_one_lemma(form: str) -> None:
    assert primary_terms(form) == ["паспорт"]


def test_ґ_and_г_are_one_letter() -> None:
    assert primary_terms("ґанок") == primary_terms("ганок")


def test_colloquial_and_russian_words_find_the_ukrainian_ones() -> None:
    assert "довідка" in all_terms("справка")
    assert "садок" in all_terms("садік")
    assert {"реєстрація", "проживання"} <= all_terms("прописка")
    assert "відключення" in all_terms("отключения")


def test_stop_words_and_politeness_carry_no_terms() -> None:
    assert primary_terms("Добрий день, підкажіть будь ласка, як мені") == []
    assert primary_terms("як отримати субсидію?") == ["субсидія"]


def test_abbreviation_is_found_in_its_full_name() -> None:
    assert "цнап" in all_terms("центр надання адміністративних послуг")
    assert "впо" in all_terms("довідка внутрішньо переміщеної особи")


@pytest.mark.parametrize("text", ["", "   ", "😀🙏👍", "?!...", "<b></b>"])
def test_nothing_to_analyse(text: str) -> None:
    assert analyse_query(text) == []


def test_html_in_a_question_is_just_text() -> None:
    assert primary_terms("<b>паспорт</b>") == ["паспорт"]


def test_a_huge_question_is_cut_before_analysis() -> None:
    words = analyse_query("паспорт субсидія " * 5000)
    assert 0 < len(words) <= MAX_QUERY_WORDS + 10
