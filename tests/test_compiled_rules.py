"""Filters compiled from magic filters decide exactly as magic_filter does."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import F
from magic_filter import MagicFilter

from ui.routes import compiled


class Action(enum.StrEnum):
    SHOW = "show"
    HIDE = "hide"


@dataclass
class Chat:
    type: Any


@dataclass
class Pressed:
    action: Any
    screen: Any = "root"
    text: Any = None
    chat: Any = None


RULES = [
    F.action == Action.SHOW,
    F.screen == "root",
    F.action.in_({Action.SHOW, Action.HIDE}),
    F.screen.in_(["root", "mydata"]),
    F.text,
    F.missing,
    F.missing == 1,
    F.missing.in_({1}),
    F.text == None,  # noqa: E711 (magic_filter compares with None this way)
    F.text.in_({None, "hello"}),
    F.chat.type == "private",
    F.chat.type,
    F.chat.missing == "x",
    F.text.startswith("/"),  # a shape left to magic_filter
    F.screen == F.action,
    ~F.text,
]
VALUES = [
    Pressed(Action.SHOW),
    Pressed("hide", screen="mydata", text="hello"),
    Pressed([1, 2], screen=None, text=""),  # unhashable: "in" fails as in magic_filter
    Pressed(Action.HIDE, screen="root", text="/menu", chat=Chat("private")),
    Pressed(Action.HIDE, chat=Chat("group")),
    object(),
]


@pytest.mark.parametrize("rule", RULES, ids=repr)
def test_a_compiled_rule_decides_as_magic_filter(rule: MagicFilter) -> None:
    check = compiled(rule)
    for value in VALUES:
        assert bool(check(value)) == bool(rule.resolve(value)), value


@pytest.mark.parametrize("rule", RULES[:13], ids=repr)
def test_the_shapes_flows_use_skip_magic_filters_walk(rule: MagicFilter) -> None:
    assert not isinstance(getattr(compiled(rule), "__self__", None), MagicFilter)


def test_a_plain_attribute_hands_on_its_value() -> None:
    assert compiled(F.text)(Pressed("x", text="привіт")) == "привіт"
