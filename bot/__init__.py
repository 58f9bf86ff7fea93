"""Hromada bot runtime."""
