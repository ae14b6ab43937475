"""The private reflection journal: entries, tags, moods, prompts and search.

Nothing here is shareable: the journal belongs to the person who keeps it,
and leaves the vault only in an export they ask for themselves.
"""
