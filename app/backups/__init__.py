"""Backups of a vault: where they go, how they are made and thinned, and how
one is put back (see DESIGN.md, "the vault").

A backup is a whole, checked copy of the vault made with SQLite's backup API,
as encrypted as the vault itself, written under a temporary name and renamed
only once it has been read back and found healthy.
"""
