"""Choosing, creating, unlocking and protecting vaults."""
