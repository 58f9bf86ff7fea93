"""Parsed Fluent files cached beside them: the same texts, and never a stale one."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource

import ui.ftl_cache
from ui.ftl_cache import cache_path, parse_ftl

SOURCE = "greeting = Вітаємо, { $name }!\nbye = До зустрічі\n"


def text_of(file: Path, key: str, **values: str) -> str:
    bundle = FluentBundle(["uk"], use_isolating=False)
    bundle.add_resource(parse_ftl(file, write=True))
    message = bundle.get_message(key)
    assert message.value is not None
    text, errors = bundle.format_pattern(message.value, values)
    assert errors == []
    return str(text)


@pytest.fixture
def ftl(tmp_path: Path) -> Path:
    file = tmp_path / "main.ftl"
    file.write_text(SOURCE, encoding="utf-8")
    return file


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(source: str) -> None:
        raise AssertionError("parsed again although the cache is current")

    monkeypatch.setattr(ui.ftl_cache, "FluentResource", fail)


def test_a_cached_file_reads_back_the_same_texts_without_parsing(
    ftl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert text_of(ftl, "greeting", name="Олено") == "Вітаємо, Олено!"
    assert cache_path(ftl).exists()
    refuse_to_parse(monkeypatch)
    assert text_of(ftl, "greeting", name="Олено") == "Вітаємо, Олено!"
    assert parse_ftl(ftl).equals(FluentResource(SOURCE))


def test_an_edited_file_is_parsed_again(ftl: Path) -> None:
    assert text_of(ftl, "bye") == "До зустрічі"
    ftl.write_text(SOURCE.replace("До зустрічі", "Гарного дня"), encoding="utf-8")
    assert text_of(ftl, "bye") == "Гарного дня"


def test_a_broken_cache_is_ignored_and_replaced(ftl: Path) -> None:
    cache_path(ftl).parent.mkdir()
    cache_path(ftl).write_bytes(b"\x80\x05 half a pickle")
    assert text_of(ftl, "bye") == "До зустрічі"
    assert parse_ftl(ftl).equals(FluentResource(SOURCE))


def test_nothing_is_written_when_told_not_to(ftl: Path) -> None:
    parse_ftl(ftl, write=False)
    assert not cache_path(ftl).parent.exists()


def test_a_folder_that_cannot_hold_the_cache_still_gives_the_texts(ftl: Path) -> None:
    cache_path(ftl).parent.write_text("a file where the cache folder would be")
    assert text_of(ftl, "greeting", name="Петре") == "Вітаємо, Петре!"
