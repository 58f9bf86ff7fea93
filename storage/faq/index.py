"""The FAQ search index: BM25 over lemmas, typo repair against the index's own vocabulary,
and a phrase-similarity rescoring of the best candidates, all with rapidfuzz.

Built once per FAQ content; a search touches only the postings of the question's terms."""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from storage.faq.schema import FaqEntry
from storage.faq.text import Word, analyse_document, analyse_query, fold, is_root

# How much a word counts in each part of an entry.
QUESTION_WEIGHT = 3.0
SYNONYM_WEIGHT = 2.5
ANSWER_WEIGHT = 0.5
# A term found only in the answer proves less than one in the question or a synonym.
ANSWER_EVIDENCE = 0.6
K1, B = 1.2, 0.75
RESCORE_CANDIDATES = 12
# Confidence = COVERAGE_SHARE · (how much of the question the entry covers)
#            + (1 - COVERAGE_SHARE) · (how alike the question and the entry's phrasings are)
COVERAGE_SHARE = 0.6
# Character likeness below this is what unrelated phrases get anyway.
LIKENESS_FLOOR = 0.2
BM25_TIE_BREAK = 0.15
UNKNOWN_IDF_SHARE = 1.0
# Another word of the same root: the first STEM_SHARE of the lemma, at least STEM_MIN letters.
STEM_MIN, STEM_SHARE, STEM_WEIGHT, STEM_LIMIT = 6, 0.55, 0.7, 6


@dataclass(frozen=True, slots=True)
class FaqHit:
    entry: FaqEntry
    # 0..1: how sure the index is; FaqService compares it with its thresholds.
    score: float


@dataclass(frozen=True, slots=True)
class _Posting:
    doc: int
    saturated: float  # the BM25 term-frequency part, length-normalised
    evidence: float  # 1 for a question or synonym word, ANSWER_EVIDENCE for an answer word


@dataclass(frozen=True, slots=True)
class _Group:
    """The alternatives one word of the question stands for, with their weights."""

    terms: tuple[tuple[str, float], ...]
    idf: float


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A phrasing's lemmas, and the same lemmas in sorted order for comparisons in any order."""

    text: str
    sorted: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sorted", " ".join(sorted(self.text.split())))


def _confidence(coverage: float, likeness: float) -> float:
    return COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * likeness


def _rank(coverage: float, likeness: float, bm25: float, top_bm25: float) -> float:
    return _confidence(coverage, likeness) + BM25_TIE_BREAK * bm25 / top_bm25


class FaqIndex:
    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        self.entries = list(entries)
        weighted, phrases, surfaces = self._read_entries()
        self._phrases = phrases
        lengths = [sum(tf.values()) for tf in weighted]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        postings: dict[str, list[_Posting]] = defaultdict(list)
        for doc, tf_by_term in enumerate(weighted):
            norm = K1 * (1 - B + B * lengths[doc] / (average or 1.0))
            for term, tf in tf_by_term.items():
                evidence = 1.0 if term in surfaces[doc][1] else ANSWER_EVIDENCE
                postings[term].append(_Posting(doc, tf * (K1 + 1) / (tf + norm), evidence))
        self._postings = dict(postings)
        count = len(self.entries)
        self._idf = {
            term: math.log(1 + (count - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in self._postings.items()
        }
        # A word the index has never seen weighs like a fair share of its rarest words.
        self._unknown_idf = UNKNOWN_IDF_SHARE * max(self._idf.values(), default=1.0)
        # Typo repair compares a word with every term and every form written in a question.
        self._spellings: dict[str, set[str]] = defaultdict(set)
        for term in self._postings:
            if not is_root(term):
                self._spellings[term].add(term)
        for forms, _ in surfaces:
            for surface, terms in forms.items():
                self._spellings[surface].update(t for t in terms if not is_root(t))
        self._spelling_list = list(self._spellings)
        self._sorted_terms = sorted(t for t in self._idf if not is_root(t))
        self._corrections: dict[tuple[str, str, bool], tuple[tuple[str, float], ...]] = {}

    def _read_entries(
        self,
    ) -> tuple[
        list[dict[str, float]],
        list[list[_Phrase]],
        list[tuple[dict[str, set[str]], set[str]]],
    ]:
        weighted: list[dict[str, float]] = []
        phrases: list[list[_Phrase]] = []
        surfaces: list[tuple[dict[str, set[str]], set[str]]] = []
        for entry in self.entries:
            tf: dict[str, float] = defaultdict(float)
            forms: dict[str, set[str]] = defaultdict(set)
            title_terms: set[str] = set()
            entry_phrases: list[_Phrase] = []
            titles = [entry.question.uk, entry.question.en or "", *entry.synonyms]
            for position, text in enumerate(titles):
                words = analyse_document(text)
                weight = QUESTION_WEIGHT if position < 2 else SYNONYM_WEIGHT
                _count(tf, words, weight)
                for word in words:
                    forms[fold(word.surface)].update(t for t, _ in word.terms)
                    title_terms.update(t for t, _ in word.terms)
                if words:
                    entry_phrases.append(_Phrase(" ".join(w.terms[0][0] for w in words)))
            body = [
                entry.answer.uk,
                entry.answer.en or "",
                *(link.title.uk for link in entry.links),
            ]
            for text in body:
                _count(tf, analyse_document(text), ANSWER_WEIGHT)
            weighted.append(dict(tf))
            phrases.append(entry_phrases)
            surfaces.append((dict(forms), title_terms))
        return weighted, phrases, surfaces

    # -- search ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 3) -> list[FaqHit]:
        """The best entries for a question, best first; empty when nothing matches at all."""
        groups = [self._group(word) for word in analyse_query(text, self._spellings.__contains__)]
        if not groups or not self.entries:
            return []
        bm25, covered = self._score(groups)
        if not bm25:
            return []
        total_idf = sum(g.idf for g in groups)
        top_bm25 = max(bm25.values())
        candidates = sorted(bm25, key=lambda d: -covered[d])[:RESCORE_CANDIDATES]
        query = _Phrase(" ".join(g.terms[0][0] for g in groups))
        hits = []
        for doc, likeness in zip(candidates, self._likeness(query, candidates), strict=True):
            coverage = min(1.0, covered[doc] / total_idf)
            rank = _rank(coverage, likeness, bm25[doc], top_bm25)
            hits.append((rank, _confidence(coverage, likeness), doc))
        hits.sort(key=lambda h: (-h[0], h[2]))
        return [FaqHit(self.entries[doc], round(conf, 4)) for _, conf, doc in hits[:limit]]

    def _score(self, groups: Iterable[_Group]) -> tuple[dict[int, float], dict[int, float]]:
        bm25: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        for group in groups:
            best_bm25: dict[int, float] = {}
            best_cover: dict[int, float] = {}
            for term, weight in group.terms:
                idf = self._idf.get(term)
                if idf is None:
                    continue
                for posting in self._postings[term]:
                    value = weight * idf * posting.saturated
                    if value > best_bm25.get(posting.doc, 0.0):
                        best_bm25[posting.doc] = value
                    cover = weight * idf * posting.evidence
                    if cover > best_cover.get(posting.doc, 0.0):
                        best_cover[posting.doc] = cover
            for doc, value in best_bm25.items():
                bm25[doc] += value
                covered[doc] += best_cover[doc]
        return bm25, covered

    def _likeness(self, query: _Phrase, docs: list[int]) -> list[float]:
        """How alike the question is to the closest phrasing of each entry, in any order,
        from 0 (nothing above what unrelated phrases share) to 1. All phrasings go to
        rapidfuzz in one call per measure: a loop in C, not some hundred calls from here."""
        owners = [doc for doc in docs for _ in self._phrases[doc]]
        phrases = [phrase for doc in docs for phrase in self._phrases[doc]]
        subset = _scores(query.text, [p.text for p in phrases], fuzz.token_set_ratio)
        # token_sort_ratio is this ratio on the words in sorted order
        whole = _scores(query.sorted, [p.sorted for p in phrases], fuzz.ratio)
        best = dict.fromkeys(docs, 0.0)
        for doc, one, other in zip(owners, subset, whole, strict=True):
            best[doc] = max(best[doc], (one + other) / 200)
        return [max(0.0, best[doc] - LIKENESS_FLOOR) / (1 - LIKENESS_FLOOR) for doc in docs]

    def _group(self, word: Word) -> _Group:
        """The word's terms the index knows; a typo or another form of a word is matched
        against the vocabulary; a word the index has never seen still counts, as a rare one,
        so that it lowers confidence."""
        terms = {t: w for t, w in word.terms if t in self._idf}
        primary = word.terms[0][0]
        if primary not in self._idf and not any(
            w == 1.0 and not is_root(t) for t, w in terms.items()
        ):
            for term, weight in self._correct(fold(word.surface), primary, word.known):
                terms.setdefault(term, weight)
        if not terms:
            return _Group(word.terms, self._unknown_idf)
        return _Group(tuple(terms.items()), max(self._idf[t] for t in terms))

    def _correct(
        self, surface: str, lemma: str, in_dictionary: bool
    ) -> tuple[tuple[str, float], ...]:
        key = (surface, lemma, in_dictionary)
        found = self._corrections.get(key)
        if found is None:
            merged = dict(self._same_stem(lemma))
            for term, weight in self._nearest(surface, in_dictionary):
                merged[term] = max(weight, merged.get(term, 0.0))
            found = tuple(merged.items())
            if len(self._corrections) < 50_000:
                self._corrections[key] = found
        return found

    def _same_stem(self, lemma: str) -> list[tuple[str, float]]:
        """Words of one root the dictionary lemmatises apart ("пошкодити", "пошкоджений"):
        terms sharing a long enough beginning with the lemma."""
        size = max(STEM_MIN, math.ceil(STEM_SHARE * len(lemma)))
        if len(lemma) < size:
            return []
        stem = lemma[:size]
        start = bisect.bisect_left(self._sorted_terms, stem)
        found = []
        for term in self._sorted_terms[start : start + STEM_LIMIT]:
            if not term.startswith(stem):
                break
            found.append((term, STEM_WEIGHT))
        return found

    def _nearest(self, surface: str, in_dictionary: bool) -> tuple[tuple[str, float], ...]:
        edits = _allowed_edits(len(surface), in_dictionary)
        if edits == 0:
            return ()
        matches = process.extract(
            surface,
            self._spelling_list,
            scorer=Levenshtein.distance,
            score_cutoff=edits,
            limit=3,
            processor=None,
        )
        if not matches:
            return ()
        closest = min(m[1] for m in matches)
        weight = (0.75 if in_dictionary else 0.9) - 0.1 * closest
        terms: dict[str, float] = {}
        for spelling, distance, _ in matches:
            if distance == closest:
                for term in self._spellings[spelling]:
                    terms.setdefault(term, weight)
        return tuple(terms.items())


def _scores(query: str, choices: list[str], scorer: Callable[..., float]) -> list[float]:
    """The scorer's result for each choice, in their order. `extract` sorts what it finds,
    yet with one C call in all it is faster than `extract_iter`, which yields one by one."""
    found = [0.0] * len(choices)
    for _, score, position in process.extract(
        query, choices, scorer=scorer, limit=None, processor=None
    ):
        found[position] = score
    return found


def _allowed_edits(length: int, in_dictionary: bool) -> int:
    if in_dictionary:
        return 1 if length >= 6 else 0
    if length >= 8:
        return 2
    return 1 if length >= 4 else 0


def _count(tf: dict[str, float], words: Iterable[Word], weight: float) -> None:
    for word in words:
        for term, _ in word.terms:
            tf[term] += weight
