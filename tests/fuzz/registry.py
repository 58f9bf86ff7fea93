"""Where flows plug into the stateful fuzz test (tests/test_fuzz.py).

A flow contributes

- rules: a mixin class of hypothesis `@rule` (and `@precondition`) methods, registered with
  `@REGISTRY.rules`. Its methods reach the bot through `self.world` (a FuzzWorld): act as
  an actor with `self.world.run(self.world.press(actor, data))`, `.message(...)`, or the
  macros in tests/fuzz/world.py. A mixin may declare its own `Bundle`s as class attributes.
- invariants: async functions `(world) -> None` that raise AssertionError when something
  a resident or official could notice went wrong, registered with `@REGISTRY.invariant`.
  They run after every step.

Every update an action sends is already checked by the world itself: a handler exception
that reaches the error guard, an update left without an answer, a text with «{???}», a
resident shown another resident's name, phone or booking code, or onboarded without the
data notice fails the step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tests.fuzz.world import FuzzWorld

Invariant = Callable[["FuzzWorld"], Awaitable[None]]
R = TypeVar("R", bound=type)


@dataclass
class Registry:
    rule_sets: list[type] = field(default_factory=list)
    invariants: list[Invariant] = field(default_factory=list)

    def rules(self, mixin: R) -> R:
        self.rule_sets.append(mixin)
        return mixin

    def invariant(self, check: Invariant) -> Invariant:
        self.invariants.append(check)
        return check


REGISTRY = Registry()


class FuzzRules:
    """What a contributed mixin may rely on (the machine sets it)."""

    world: FuzzWorld
