"""Keyboards are built once per set of buttons (ui/screens.py) and never mixed up."""

from __future__ import annotations

from ui.keyboards import button
from ui.screens import Screen


def test_the_same_buttons_share_a_keyboard_and_other_buttons_get_their_own() -> None:
    menu = [[button("Послуги", "mnu1:services")], [button("Назад", "mnu1:root")]]
    first, again = Screen("a", menu).markup, Screen("b", [list(r) for r in menu]).markup
    assert first is not None
    assert first is again
    changed = Screen(
        "c", [[button("Послуги", "mnu1:services")], [button("Мої дані", "mnu1:mydata")]]
    )
    other = changed.markup
    assert other is not None
    assert other is not first
    assert [[b.text for b in row] for row in other.inline_keyboard] == [["Послуги"], ["Мої дані"]]
    assert [[b.callback_data for b in row] for row in first.inline_keyboard] == [
        ["mnu1:services"],
        ["mnu1:root"],
    ]
    assert Screen("d", []).markup is None
