"""Bringing a journal kept elsewhere into the vault: jrnl's JSON export, Day
One's JSON export (or its zip), or a folder of Markdown and text files.

    preview = read_import(path)        # what would come in, what is skipped and why
    result = apply_import(context.journal, preview, progress=on_progress)
    print(result.summary())

`read_import` raises `UnreadableImport` (a `CirclekeeperError`) with one
sentence when the file cannot be imported at all.
"""

from .common import (ImportIssue, ImportPreview, ImportResult, UnreadableImport,
                     already_imported, apply_import, read_import)

__all__ = ["ImportIssue", "ImportPreview", "ImportResult", "UnreadableImport",
           "already_imported", "apply_import", "read_import"]
