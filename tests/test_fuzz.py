"""The stateful fuzz test: several residents, a ЦНАП operator and an administrator use the
real bot at once (the real Dispatcher, services and SQLite file, the in-memory Bot API
emulator, a FakeClock) and do random legal and illegal things: press any button on screen,
old buttons, other people's buttons and forged callback data; type hostile text (10,000
characters, HTML and markdown, emoji, right-to-left and zero-width characters); send
commands mid-flow; share their own and other people's contacts, 40-digit phones,
locations, photos; block the bot; book, mark, close days, switch a reminder while the
operator marks the same visit; let the clock run past visit times; restart the bot.

After every update (tests/fuzz/world.py): no handler exception reached the error guard
(nothing logged by bot.middlewares, no rule left without its own answer), the update got an
answer (a message, or an answer to the pressed button), no text shows «{???}», no resident
is shown another resident's name, phone or booking code, nobody finishes onboarding without
the data notice, no official action (mark, closure, role change, lifted block) comes from
someone without the role, and no resident number is issued twice. After every step, the
registered invariants: no name or phone kept without consent (residents, bookings), no
slot over capacity, a held time only while its form is open, every mark an official's,
every queued message delivered.

Budget: `make test` runs the `ci` profile (derandomized, no example database, 12 examples
of up to 75 steps: about 800 steps and 4,000 updates in about 30 s, under a minute on a busy
2-core machine). `make fuzz` runs the `long` profile (HYPOTHESIS_PROFILE=long): 250 random
examples of up to 100 steps, about 25,000 steps; FUZZ_EXAMPLES and FUZZ_STEPS change that,
FUZZ_SHRINK=0 reports a failure without minimising it, and pytest's --hypothesis-seed=<n>
replays a run. The figures of a run are printed at the end (and written to $FUZZ_STATS).

Adding a flow's actions and invariants (tests/fuzz/registry.py): in a module of the
tests.fuzz package, write a mixin of hypothesis rules and register it, and register async
invariant functions; then import the module below.

    @REGISTRY.rules
    class PetitionRules(FuzzRules):
        @rule(who=residents, text=fuzz.texts)
        def sign_a_petition(self, who: str, text: str) -> None:
            actor = self.world.actors[who]
            self.world.run(self.world.text(actor, "/petitions"))
            self.world.run(press_nth(self.world, actor, 0, "pt1:sign"))

    @REGISTRY.invariant
    async def one_signature_per_resident(world: FuzzWorld) -> None:
        rows = await world.services.db.fetchall("SELECT ... HAVING COUNT(*) > 1")
        assert not rows, rows

Every update a rule sends through the world (world.text, .press, .contact, .message) is
checked as above without anything more.
"""

from __future__ import annotations

import json
import os
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.fuzz import appeals, core, news, petitions, queue  # noqa: F401  (importing registers them)
from tests.fuzz.core import onboard
from tests.fuzz.registry import REGISTRY
from tests.fuzz.world import OFFICIALS, STATS, FuzzWorld

_COMMON: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}
settings.register_profile(
    "ci", max_examples=12, stateful_step_count=75, derandomize=True, print_blob=True, **_COMMON
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "250")),
    stateful_step_count=int(os.environ.get("FUZZ_STEPS", "100")),
    derandomize=False,
    print_blob=True,
    # FUZZ_SHRINK=0: report the first failure as found, without minimising it.
    phases=[p for p in Phase if p is not Phase.shrink or os.environ.get("FUZZ_SHRINK") != "0"],
    **_COMMON,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
# The suite's per-test limit (pyproject) is for hung tests; a long local run takes hours.
pytestmark = pytest.mark.timeout(0 if PROFILE == "long" else 600)


class FuzzMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world = FuzzWorld()

    @initialize()
    def officials_start_work(self) -> None:
        """The operator and the administrator went through onboarding; the operator works
        at the main office."""
        from storage.audit import Actor as AuditActor
        from storage.roles import Role

        for name in OFFICIALS:
            self.world.run(onboard(self.world, self.world.actors[name], True, False, 0))
        operator = self.world.actors["operator"]
        assert operator.resident_id is not None
        roles = self.world.services.roles
        self.world.run(
            roles.grant(operator.resident_id, Role.OPERATOR, "main", AuditActor.system())
        )

    @invariant()
    def registered_invariants_hold(self) -> None:
        STATS.steps += 1
        for check in REGISTRY.invariants:
            self.world.run(check(self.world))

    @rule()
    def deliver_the_outbox(self) -> None:
        self.world.run(self.world.deliver())

    def teardown(self) -> None:
        self.world.close()


HromadaMachine = cast(
    type[RuleBasedStateMachine],
    type("HromadaMachine", (*REGISTRY.rule_sets, FuzzMachine), {}),
)
TestHromadaFuzz = HromadaMachine.TestCase
TestHromadaFuzz.settings = settings(settings.get_profile(PROFILE))


def teardown_module() -> None:
    figures = {"profile": PROFILE, **vars(STATS)}
    print(f"\nfuzz: {figures}")
    if os.environ.get("FUZZ_STATS"):
        with open(os.environ["FUZZ_STATS"], "w", encoding="utf-8") as out:
            json.dump(figures, out)
