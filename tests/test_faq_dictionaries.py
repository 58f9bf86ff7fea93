"""pymorphy3's dictionaries mapped from disk give the same analyses as read into memory."""

from __future__ import annotations

import pymorphy3
import pytest

from storage.faq.dictionaries import mapped_dawgs
from storage.faq.text import analyzer

WORDS = {
    "uk": ["паспорта", "довідку", "отримати", "зареєструвати", "субсидії", "сім'ї", "ґанок"],
    "ru": ["получить", "справку", "пенсию", "ребёнка", "прописка"],
}


def analyses(morph: pymorphy3.MorphAnalyzer, word: str) -> list[tuple[str, str, float]]:
    return [(p.normal_form, str(p.tag), round(p.score, 6)) for p in morph.parse(word)]


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_mapped_dictionaries_analyse_as_the_ones_in_memory(language: str) -> None:
    in_memory = pymorphy3.MorphAnalyzer(lang=language)
    with mapped_dawgs():
        mapped = pymorphy3.MorphAnalyzer(lang=language)
    for word in [*WORDS[language], "фывапролд", "кіт-воркіт"]:
        assert analyses(mapped, word) == analyses(in_memory, word)
        assert mapped.word_is_known(word) == in_memory.word_is_known(word)


def test_the_faq_analyzer_is_mapped_and_loading_outside_the_block_is_not() -> None:
    # The FAQ's own analyzer holds its units in a memoryview over the mapped file.
    assert isinstance(analyzer("uk").dictionary.words.dct._units, memoryview)
    # Outside the block dawg-python reads files as it always did.
    plain = pymorphy3.MorphAnalyzer(lang="uk")
    assert not isinstance(plain.dictionary.words.dct._units, memoryview)
