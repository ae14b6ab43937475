"""The journal's window parts: the list and search, the entry editor, the
calendar, the mood chart, import and export."""
