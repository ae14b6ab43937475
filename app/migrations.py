"""Ordered schema migrations. Once released, a migration is never edited:
add a new one at the end instead. Each runs in one transaction together with
the `user_version` bump, so a vault is always at exactly one version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

APPLICATION_ID = 0x434B5631  # "CKV1": marks a file as a Circlekeeper vault


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    statements: tuple[str, ...]


V1_CIRCLES_AND_MEMBERS = Migration(
    1,
    "circles and their members",
    (
        """CREATE TABLE circles (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            purpose TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'peer_support',
            location TEXT NOT NULL DEFAULT '',
            frequency TEXT NOT NULL DEFAULT 'ad_hoc',
            weekday INTEGER,
            week_of_month INTEGER,
            meeting_time TEXT,
            agreement TEXT NOT NULL DEFAULT '',
            archived_at TEXT,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE members (
            id TEXT PRIMARY KEY,
            circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            appearance TEXT NOT NULL DEFAULT 'first',
            contact TEXT NOT NULL DEFAULT '',
            joined_on TEXT,
            left_on TEXT,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX members_by_circle ON members(circle_id, name)",
    ),
)

V2_SESSIONS = Migration(
    2,
    "sessions, attendance, spoken turns and a circle's own formats",
    (
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            start_time TEXT NOT NULL,
            timezone TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            format_name TEXT NOT NULL DEFAULT '',
            rounds TEXT NOT NULL,
            speaker_order TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'planned',
            timer_state TEXT,
            started_at TEXT,
            ended_at TEXT,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_by_circle ON sessions(circle_id, day)",
        """CREATE TABLE attendance (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            presence TEXT NOT NULL,
            late INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (session_id, member_id)
        )""",
        """CREATE TABLE turns (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            round_index INTEGER NOT NULL,
            round_title TEXT NOT NULL,
            title TEXT NOT NULL,
            member_id TEXT REFERENCES members(id) ON DELETE SET NULL,
            listener_id TEXT REFERENCES members(id) ON DELETE SET NULL,
            presenter_id TEXT REFERENCES members(id) ON DELETE SET NULL,
            planned_seconds REAL NOT NULL,
            extra_seconds REAL NOT NULL DEFAULT 0,
            actual_seconds REAL NOT NULL,
            passed INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            UNIQUE (session_id, seq)
        )""",
        """CREATE TABLE formats (
            id TEXT PRIMARY KEY,
            circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            rounds TEXT NOT NULL,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
)

V3_NOTES_AND_RECORDS = Migration(
    3,
    "private notes, the shareable record of a session, resources and commitments",
    (
        """CREATE TABLE notes (
            circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
            subject TEXT NOT NULL CHECK (subject IN ('circle', 'session', 'member')),
            subject_id TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (subject, subject_id)
        )""",
        """CREATE TABLE session_records (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            themes TEXT NOT NULL DEFAULT '',
            celebrations TEXT NOT NULL DEFAULT '',
            next_meeting TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE resources (
            id TEXT PRIMARY KEY,
            circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'other',
            title TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE record_resources (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            PRIMARY KEY (session_id, resource_id)
        )""",
        """CREATE TABLE commitments (
            id TEXT PRIMARY KEY,
            circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            member_id TEXT REFERENCES members(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            named INTEGER NOT NULL DEFAULT 0,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX commitments_by_circle ON commitments(circle_id)",
        """CREATE TABLE commitment_followups (
            commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            outcome TEXT NOT NULL CHECK (outcome IN ('done', 'carried', 'let_go')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (commitment_id, session_id)
        )""",
    ),
)

V4_JOURNAL = Migration(
    4,
    "the private reflection journal, its prompts and its full-text index",
    (
        # `key` orders entries by when they were written (see app/journal/entries.py),
        # so newest-first is plain rowid order, for the index as for the timeline.
        """CREATE TABLE journal_entries (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            written_at TEXT NOT NULL,
            timezone TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            mood INTEGER CHECK (mood BETWEEN 1 AND 5),
            chosen_tags TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            starred INTEGER NOT NULL DEFAULT 0,
            prompt TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            source_id TEXT,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX journal_entries_by_source ON journal_entries(source, source_id) "
        "WHERE source_id IS NOT NULL",
        # counts the live entries without reading them (the list's "1,234 entries")
        "CREATE INDEX journal_entries_live ON journal_entries(key) WHERE deleted_at IS NULL",
        "CREATE INDEX journal_entries_starred ON journal_entries(starred, key) "
        "WHERE deleted_at IS NULL",
        "CREATE INDEX journal_entries_by_mood ON journal_entries(mood, key) "
        "WHERE deleted_at IS NULL",
        """CREATE TABLE journal_tags (
            entry_id TEXT NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (tag, entry_id)
        )""",
        "CREATE INDEX journal_tags_by_entry ON journal_tags(entry_id)",
        """CREATE TABLE journal_prompts (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE VIRTUAL TABLE journal_search USING fts5(
            title, body, tags,
            content='journal_entries', content_rowid='key',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
        )""",
        # A deleted entry's words leave the index itself, not only its results.
        "INSERT INTO journal_search(journal_search, rank) VALUES ('secure-delete', 1)",
        """CREATE TRIGGER journal_entries_indexed AFTER INSERT ON journal_entries
        WHEN new.deleted_at IS NULL BEGIN
            INSERT INTO journal_search(rowid, title, body, tags)
            VALUES (new.key, new.title, new.body, new.tags);
        END""",
        """CREATE TRIGGER journal_entries_reindexed AFTER UPDATE ON journal_entries BEGIN
            INSERT INTO journal_search(journal_search, rowid, title, body, tags)
            SELECT 'delete', old.key, old.title, old.body, old.tags
            WHERE old.deleted_at IS NULL;
            INSERT INTO journal_search(rowid, title, body, tags)
            SELECT new.key, new.title, new.body, new.tags WHERE new.deleted_at IS NULL;
        END""",
        """CREATE TRIGGER journal_entries_unindexed AFTER DELETE ON journal_entries
        WHEN old.deleted_at IS NULL BEGIN
            INSERT INTO journal_search(journal_search, rowid, title, body, tags)
            VALUES ('delete', old.key, old.title, old.body, old.tags);
        END""",
    ),
)


MIGRATIONS: tuple[Migration, ...] = (V1_CIRCLES_AND_MEMBERS, V2_SESSIONS, V3_NOTES_AND_RECORDS,
                                     V4_JOURNAL)
LATEST_VERSION = MIGRATIONS[-1].version


def pending(current_version: int) -> list[Migration]:
    return [m for m in MIGRATIONS if m.version > current_version]


def upgrade(conn: Any, current_version: int,
            before: Callable[[list[Migration]], None] | None = None) -> int:
    """Apply every pending migration, each in its own transaction.

    `before` is called with the pending list first (for a backup), and only
    when there is something to do.
    """
    todo = pending(current_version)
    if todo and before is not None:
        before(todo)
    for migration in todo:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current_version = migration.version
    return current_version
