"""The backups window, automatic backups, and browsing a backup read-only."""
