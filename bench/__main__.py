"""`make bench`: every benchmark in turn; each writes bench/results/<name>.json.

python -m bench [name ...]     (default: all)
"""

from __future__ import annotations

import importlib
import subprocess
import sys

BENCHMARKS = ("hotpath", "startup", "backlog", "booking", "petitions", "faq", "broadcast", "paid")


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    failed = []
    for name in chosen:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}")
            return 2
        importlib.import_module(f"bench.{name}")  # fail early on a broken module
        print(f"\n=== {name}", flush=True)
        # Each in its own process: memory and start-up figures must not see the others.
        if subprocess.call([sys.executable, "-m", f"bench.{name}"]) != 0:
            failed.append(name)
    if failed:
        print(f"\nMissed their goals: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
