"""The `faq:` section of the community file: readable errors naming the field; the demo FAQ."""

from __future__ import annotations

import pytest

from storage.community import CommunityFileError, parse_community, read_community_file
from tests.harness import DEMO_FILE

BASE = """
community:
  code: test
  name: {uk: Тестова громада}
settlements:
  - {code: a, kind: city, name: {uk: м. А}}
cnap:
  categories: [{code: other, name: {uk: Інше}}]
  services:
    - {code: s, category: other, name: {uk: Послуга}, duration_minutes: 15, bring: {uk: Паспорт}}
  places:
    - code: main
      kind: main
      name: {uk: ЦНАП}
      address: {uk: "вул. Соборна, 1"}
      settlement: a
      slot_minutes: 15
      capacity: 1
      schedule: {mon: ["08:00-12:00"]}
faq:
  categories:
    - {code: docs, name: {uk: Документи, en: Documents}}
  entries:
    - code: passport
      category: docs
      question: {uk: "Як оформити паспорт?", en: "How do I get a passport?"}
      answer: {uk: "У ЦНАП, з документами."}
      synonyms: [айді картка]
      links: [{title: {uk: Сайт}, url: "https://example.gov.ua"}]
      place: main
      settlement: a
"""


def test_a_valid_faq_section() -> None:
    faq = parse_community(BASE, "c.yaml").faq
    assert [e.code for e in faq.entries] == ["passport"]
    assert faq.entry("passport") is not None
    assert faq.entries[0].question.get("en") == "How do I get a passport?"
    assert faq.entries[0].answer.get("en") == "У ЦНАП, з документами."  # falls back to uk


def test_a_file_without_faq_has_an_empty_one() -> None:
    community = parse_community(BASE.split("faq:")[0], "c.yaml")
    assert community.faq.entries == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("category: docs\n      question", "category: nowhere\n      question"),
            "c.yaml: faq.entries[0].category: unknown category 'nowhere'",
        ),
        (("settlement: a\n", "settlement: zz\n"), "entries[0].settlement: unknown settlement 'zz'"),
        (("place: main", "place: annex"), "entries[0].place: unknown ЦНАП place 'annex'"),
        (("{code: docs, name:", "{code: Docs!, name:"), "faq.categories[0].code"),
        (('"У ЦНАП, з документами."', '"У <b>ЦНАП</b>"'), "faq.entries[0].answer.uk"),
        (('"У ЦНАП, з документами."', '"' + "а" * 1501 + '"'), "at most 1500 characters"),
        (('"https://example.gov.ua"', '"http://example.gov.ua"'), "is not an https:// address"),
        (
            ('{uk: "Як оформити паспорт?", en: "How do I get a passport?"}', "{en: Passport}"),
            "faq.entries[0].question.uk",
        ),
        (
            ("synonyms: [айді картка]", "synonyms: [айді картка]\n      extra: 1"),
            "faq.entries[0].extra",
        ),
    ],
)
def test_errors_name_the_bad_field(change: tuple[str, str], message: str) -> None:
    broken = BASE.replace(*change)
    assert broken != BASE
    with pytest.raises(CommunityFileError) as error:
        parse_community(broken, "c.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("c.yaml: ")


def test_html_error_says_what_to_remove() -> None:
    with pytest.raises(CommunityFileError, match="plain text only: remove the HTML tag '<b>'"):
        parse_community(BASE.replace('"У ЦНАП, з документами."', '"<b>Так</b>"'), "c.yaml")


def test_an_entry_code_used_twice() -> None:
    entry = BASE[BASE.index("    - code: passport") :]
    with pytest.raises(CommunityFileError, match="faq entry code 'passport' is used twice"):
        parse_community(BASE + entry, "c.yaml")


def test_the_demo_faq_covers_what_residents_ask() -> None:
    faq = read_community_file(DEMO_FILE).faq
    assert len(faq.entries) >= 60
    assert len(faq.categories) == 8
    assert {e.category for e in faq.entries} == {c.code for c in faq.categories}
    assert all(e.question.en for e in faq.entries), "every question has an English translation"
    assert sum(1 for e in faq.entries if e.answer.en) >= 20
    needed = {
        "id-card",
        "id-card-14",
        "passport-lost",
        "foreign-passport",
        "emalyatko",
        "housing-subsidy",
        "idp-certificate",
        "kindergarten",
        "fop-open",
        "fop-close",
        "damaged-housing",
        "shelters",
        "invincibility-points",
        "my-starosta",
    }
    assert needed <= {e.code for e in faq.entries}


def test_places_are_checked_only_against_a_cnap_section() -> None:
    without_cnap = BASE[: BASE.index("cnap:")] + BASE[BASE.index("faq:") :]
    assert parse_community(without_cnap, "c.yaml").faq.entries[0].place == "main"
