"""Bringing data into a vault from files other programs wrote (CSV)."""
