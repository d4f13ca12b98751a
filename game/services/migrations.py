"""The save file's schema, as an append-only list of migration steps.

`PRAGMA user_version` records how many steps a database has had; `storage.Store.open` applies
the missing ones in order, all inside one transaction, and refuses a database whose version is
higher than `SCHEMA_VERSION` (it was written by a newer game). The steps are Python strings rather
than .sql files so they ship inside the package with no package-data configuration.

Rules for editing this file:
- never change or remove a released step; add a new one at the end;
- write one SQL statement per line ending, each ending in `;` (the runner splits a step with
  `sqlite3.complete_statement`, so multi-line statements and triggers are fine);
- no `BEGIN`/`COMMIT` and no `PRAGMA user_version` inside a step: the runner owns both.
"""

from __future__ import annotations

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION"]

# Written to the SQLite header (`PRAGMA application_id`) so that a foreign database pointed at by
# mistake is recognised as such. The bytes spell "CvQz".
APPLICATION_ID = 0x4376517A

_V1 = """
CREATE TABLE players (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,   -- casefolded NFKC name: uniqueness ignores case
    created_at  REAL NOT NULL
);

CREATE TABLE settings (
    player_id   INTEGER REFERENCES players(id) ON DELETE CASCADE,  -- NULL: global
    key         TEXT NOT NULL,
    value_json  TEXT NOT NULL
);
-- NULLs are distinct in a plain UNIQUE(player_id, key); map the global scope to 0 (player ids
-- start at 1) so that each scope holds each key once.
CREATE UNIQUE INDEX settings_scope_key ON settings (ifnull(player_id, 0), key);

CREATE TABLE rounds (
    id            INTEGER PRIMARY KEY,
    player_id     INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
    mode          TEXT NOT NULL,
    config_json   TEXT NOT NULL,
    started_at    REAL NOT NULL,
    ended_at      REAL,                 -- NULL while unfinished
    score         INTEGER,
    summary_json  TEXT,
    CHECK ((ended_at IS NULL) = (score IS NULL))
);
CREATE INDEX rounds_player_started ON rounds (player_id, started_at);

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,  -- insertion order = answering order
    round_id      INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    bank_id       TEXT NOT NULL,
    bank_version  TEXT NOT NULL,
    topic         TEXT NOT NULL,
    response_json TEXT NOT NULL,
    credit        REAL NOT NULL,
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points        INTEGER NOT NULL,
    elapsed_s     REAL NOT NULL,
    timed_out     INTEGER NOT NULL CHECK (timed_out IN (0, 1)),
    streak        INTEGER NOT NULL,
    reask         INTEGER NOT NULL CHECK (reask IN (0, 1)),
    graded        INTEGER NOT NULL CHECK (graded IN (0, 1)),
    at            REAL NOT NULL
);
CREATE INDEX answers_round ON answers (round_id);

CREATE TABLE leitner (
    player_id    INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    box          INTEGER NOT NULL CHECK (box >= 1),
    last_seen    REAL NOT NULL,
    PRIMARY KEY (player_id, question_id)
) WITHOUT ROWID;
"""

# Classroom sessions, stored as the commands that made them: replaying the commands through the
# pure session engine rebuilds the session exactly (crash recovery, reports).
_V2 = """
CREATE TABLE class_sessions (
    id            INTEGER PRIMARY KEY,
    created_at    REAL NOT NULL,
    join_code     TEXT NOT NULL,
    title         TEXT NOT NULL,
    config_json   TEXT NOT NULL,          -- question ids, scoring, timer, options
    ended_at      REAL                    -- NULL while the session can be resumed
);

CREATE TABLE class_commands (
    session_id    INTEGER NOT NULL REFERENCES class_sessions(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,       -- order of application
    kind          TEXT NOT NULL,          -- the command's class name in game.core.session
    payload_json  TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
"""

# Reports must never change after class, and a resumed session must not count the host's
# downtime against the open question:
# - class_questions: every question a session asks, exactly as it was asked (a snapshot of its
#   content with its bank's id and version); replays and reports read these, never today's banks.
#   Sessions from before this step have none and fall back to the banks.
# - class_sessions.clock_s: the session's own clock (seconds, monotonic) last saved while it ran;
#   a resume continues from there.
# - class_commands.kind holds stable names from now on ("submit", see
#   game.core.session.COMMAND_KINDS); older rows keep the class names, which still read.
_V3 = """
CREATE TABLE class_questions (
    session_id    INTEGER NOT NULL REFERENCES class_sessions(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,       -- 0-based index in the session
    question_id   TEXT NOT NULL,
    bank_id       TEXT NOT NULL,
    bank_version  TEXT NOT NULL,
    content_json  TEXT NOT NULL,          -- game.core.snapshot.question_to_snapshot
    PRIMARY KEY (session_id, position)
) WITHOUT ROWID;

ALTER TABLE class_sessions ADD COLUMN clock_s REAL;
"""

MIGRATIONS: tuple[str, ...] = (
    _V1,
    _V2,
    _V3,
)

SCHEMA_VERSION = len(MIGRATIONS)
