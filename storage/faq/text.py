"""From what a resident typed to search terms: normalisation, keyboard-layout repair,
lemmatisation with pymorphy3 (loaded once, lazily), and the colloquial lexicon.

A question becomes a list of term groups, one per word: the alternatives that word may stand
for (its lemmas, the Ukrainian word for a Russian or surzhyk one), each with a weight."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storage.faq.lexicon import ABBREVIATIONS, COLLOQUIAL, ENGLISH_STOP_WORDS, STOP_WORDS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# A question longer than this is cut before analysis: its first words carry the point.
MAX_QUERY_CHARS = 400
MAX_QUERY_WORDS = 40
EXPANSION_WEIGHT = 0.9
# Words of one root that the dictionary gives different lemmas ("реєстрація", "реєструвати",
# "зареєструвати") also meet on their first letters, with or without a verbal prefix.
ROOT_SIZE = 5
ROOT_WEIGHT = 0.6
ROOT_MARK, STRIPPED_ROOT_MARK = "~", "~~"
_PREFIXES = ("пере", "від", "роз", "при", "під", "над", "об", "за", "ви", "по", "на", "до")

_APOSTROPHES = str.maketrans(dict.fromkeys("ʼ’‘`´′ʹ‛", "'"))
_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_UKRAINIAN_KEYS = "йцукенгшщзхїфівапролджєячсмитьбю'"
# Ukrainian typed with the English layout on: each key gives its Latin letter (text is
# lower-cased first, so shifted keys need no table of their own).
_LAYOUT = str.maketrans(_QWERTY, _UKRAINIAN_KEYS)
_LAYOUT_CHUNK = re.compile(r"^[a-z\[\];',.`]*[a-z][a-z\[\];',.`]*[?!/]*$")
# Latin letters that look like Cyrillic ones inside a Cyrillic word ("пенсiя" with a Latin i).
_HOMOGLYPHS = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")
# Russian letters in a Ukrainian word: the same keys of the Ukrainian layout, or the sound.
_RUSSIAN_KEYS = str.maketrans({"ы": "і", "э": "є", "ъ": "ї", "ё": "'"})
_RUSSIAN_SOUND = str.maketrans({"ы": "и", "э": "е", "ъ": "'", "ё": "йо"})
_RUSSIAN_ONLY = re.compile("[ыэъё]")
_WORD = re.compile(r"[0-9a-zа-яіїєґё]+(?:'[0-9a-zа-яіїєґё]+)*")
_CYRILLIC = re.compile("[а-яіїєґё]")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[^<>]{0,200}>")
_LATIN = re.compile("[a-z]")


def fold(term: str) -> str:
    """The form terms are compared in: no apostrophe, ґ as г."""
    return term.replace("'", "").replace("ґ", "г")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its surface form and the terms it may stand for."""

    surface: str
    terms: tuple[tuple[str, float], ...]
    # Known to a dictionary (Ukrainian or Russian): a typo correction must be more careful.
    known: bool


_analyzers: dict[str, Any] = {}
_analyzers_lock = threading.Lock()


def analyzer(language: str = "uk") -> Any:
    """One pymorphy3 analyzer per language and process, created on first use."""
    found = _analyzers.get(language)
    if found is None:
        with _analyzers_lock:
            found = _analyzers.get(language)
            if found is None:
                import pymorphy3  # here, not at the top: loading dictionaries costs start-up time

                from storage.faq.dictionaries import mapped_dawgs

                with mapped_dawgs():
                    found = pymorphy3.MorphAnalyzer(lang=language)
                _analyzers[language] = found
    return found


def load_analyzers() -> None:
    """Load the dictionaries of every language the FAQ reads (slow: do it off the hot path)."""
    analyzer("uk")
    analyzer("ru")


def _clean(text: str, limit: int) -> str:
    text = unicodedata.normalize("NFKC", text[: limit * 2])[:limit]
    return " ".join(text.lower().split())


def normalise(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    """Lower case, one apostrophe, collapsed spaces, at most `limit` characters."""
    return _clean(text, limit).translate(_APOSTROPHES)


def _known_uk(word: str) -> bool:
    return bool(analyzer("uk").word_is_known(word))


def _from_layout(chunk: str) -> str:
    """One chunk typed on the English layout, in Ukrainian letters; a trailing "." or ","
    that makes no word is taken for punctuation."""
    converted = chunk.rstrip("?!/").translate(_LAYOUT)
    bare = chunk.rstrip("?!/.,").translate(_LAYOUT)
    return bare if bare != converted and not _known_uk(converted) else converted


def repair_layout(text: str, is_term: Callable[[str], bool] | None = None) -> str:
    """Ukrainian typed on the English layout ("gfcgjhn" → "паспорт"): converted when most of
    its Latin words become known Ukrainian words (or terms of the index, `is_term`); English
    questions stay as they are."""
    chunks = text.split()
    latin = {c: _from_layout(c) for c in chunks if len(c) > 1 and _LAYOUT_CHUNK.match(c)}

    def known(word: str) -> bool:
        return _known_uk(word) or (is_term is not None and is_term(fold(word)))

    recognised = sum(1 for c in latin.values() if known(c))
    if recognised == 0 or recognised * 2 < len(latin):
        return text
    return " ".join(latin.get(c, c) for c in chunks)


def words(text: str, limit: int = MAX_QUERY_WORDS) -> Iterator[str]:
    """Words of normalised text; hyphens and punctuation split them."""
    for count, match in enumerate(_WORD.finditer(text)):
        if count >= limit:
            return
        word = match.group(0)
        if _CYRILLIC.search(word) and _LATIN.search(word):
            word = word.translate(_HOMOGLYPHS)
        yield word


@lru_cache(maxsize=65536)
def _dictionary_lemmas(word: str) -> tuple[tuple[str, ...], bool]:
    """Lemmas of one Cyrillic word and whether a dictionary knows it."""
    candidates = [word]
    if _RUSSIAN_ONLY.search(word):
        candidates = [word.translate(_RUSSIAN_KEYS), word.translate(_RUSSIAN_SOUND), word]
    uk = analyzer("uk")
    for candidate in candidates:
        if uk.word_is_known(candidate):
            return _normal_forms(uk.parse(candidate)), True
    ru = analyzer("ru")
    if ru.word_is_known(word):
        return (*_normal_forms(ru.parse(word)), word), True
    return (candidates[0],), False


def _normal_forms(parses: list[Any]) -> tuple[str, ...]:
    forms: list[str] = []
    for parse in parses[:4]:
        if parse.normal_form not in forms:
            forms.append(parse.normal_form)
    return tuple(forms)


def _roots(term: str) -> tuple[str, str | None] | None:
    """The term's first letters, and those after a verbal prefix, for terms long enough."""
    if len(term) < ROOT_SIZE or not _CYRILLIC.match(term):
        return None
    stripped = next(
        (
            term[len(p) :]
            for p in _PREFIXES
            if term.startswith(p) and len(term) - len(p) > ROOT_SIZE
        ),
        None,
    )
    return term[:ROOT_SIZE], stripped[:ROOT_SIZE] if stripped else None


def is_root(term: str) -> bool:
    return term.startswith(ROOT_MARK)


def _document_roots(terms: dict[str, float]) -> None:
    """A document word is found by its own root and by its root without a prefix."""
    for term in list(terms):
        roots = _roots(term)
        if roots:
            terms.setdefault(ROOT_MARK + roots[0], 1.0)
            if roots[1]:
                terms.setdefault(STRIPPED_ROOT_MARK + roots[1], 1.0)


def _query_roots(terms: dict[str, float]) -> None:
    """A question word finds the same roots, and a prefixed document word by its bare form
    ("міняти" finds "обміняти"); never two different prefixes ("записати", "виписати")."""
    for term, weight in list(terms.items()):
        roots = _roots(term)
        if roots:
            for key in (ROOT_MARK + roots[0], STRIPPED_ROOT_MARK + roots[0]):
                terms.setdefault(key, weight * ROOT_WEIGHT)
            if roots[1]:
                terms.setdefault(ROOT_MARK + roots[1], weight * ROOT_WEIGHT)


def _english(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def analyse_word(word: str, expand: bool) -> Word | None:
    """The terms of one word, or None for a stop word."""
    if word.isdigit():
        return Word(word, ((word, 1.0),), True)
    if not _CYRILLIC.search(word):
        term = _english(word.replace("'", ""))
        if len(term) < 2 or term in ENGLISH_STOP_WORDS:
            return None
        return Word(word, ((term, 1.0),), False)
    lemmas, known = _dictionary_lemmas(word)
    folded = [fold(lemma) for lemma in lemmas]
    if folded[0] in STOP_WORDS or fold(word) in STOP_WORDS:
        return None
    terms: dict[str, float] = dict.fromkeys(folded, 1.0)
    if expand:
        for lemma in [*folded, fold(word)]:
            for synonym in COLLOQUIAL.get(lemma, ()):
                terms.setdefault(synonym, EXPANSION_WEIGHT)
        _query_roots(terms)
    else:
        _document_roots(terms)
    return Word(word, tuple(terms.items()), known)


def _with_abbreviations(found: list[Word]) -> list[Word]:
    """Adds "цнап" where "центр надання адміністративних послуг" stands, and the like."""
    term_sets = [{t for t, _ in w.terms} for w in found]
    extra = []
    for abbreviation, phrase in ABBREVIATIONS.items():
        size = len(phrase)
        for start, terms in enumerate(term_sets[: len(term_sets) - size + 1]):
            if phrase[0] in terms and all(
                lemma in term_sets[start + offset] for offset, lemma in enumerate(phrase)
            ):
                extra.append(Word(abbreviation, ((abbreviation, 1.0),), True))
                break
    return found + extra


def clear_caches() -> None:
    """Forget analysed words (for measurements; the caches are bounded anyway)."""
    analyse_word.cache_clear()
    _dictionary_lemmas.cache_clear()


def has_words(text: str) -> bool:
    """Whether a text has anything to search for (emoji and punctuation have not)."""
    return next(words(normalise(text)), None) is not None


def analyse_query(text: str, is_term: Callable[[str], bool] | None = None) -> list[Word]:
    """A resident's question: cut to size, layout repaired, colloquial words expanded."""
    # Markup a resident pasted is only text; its tag names are not words of the question.
    text = _TAG.sub(" ", text[: MAX_QUERY_CHARS * 2])
    prepared = repair_layout(_clean(text, MAX_QUERY_CHARS), is_term).translate(_APOSTROPHES)
    found = (analyse_word(w, True) for w in words(prepared))
    return _with_abbreviations([w for w in found if w is not None])


def analyse_document(text: str) -> list[Word]:
    """An entry's own text, indexed as written."""
    found = (analyse_word(w, False) for w in words(normalise(text, 10_000), 10_000))
    return _with_abbreviations([w for w in found if w is not None])
