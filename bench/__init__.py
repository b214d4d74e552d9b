"""Unbrace's performance bench: run it with ``bench/run`` (see the README's Performance section)."""
