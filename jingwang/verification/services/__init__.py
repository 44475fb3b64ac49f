"""Verification services: checks (checks.py), watch lists and entries (watchlists.py), imports."""
