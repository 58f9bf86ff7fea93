"""The stateful fuzz test's parts: the world it drives, the strategies, the registry flows
contribute their rules and invariants to (see tests/test_fuzz.py)."""
