"""Benchmarks, run with `python -m bench`; results land in bench/results/."""
