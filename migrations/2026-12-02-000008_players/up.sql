-- Players (DESIGN §10): one person in one game, known by one or more identities. Every
-- identity belongs to exactly one player of its game, and so does every session (the player
-- of its identity when it started: an identity changes players only by a merge, which ends
-- its sessions). Bans keep a player out, with a reason, for a while or for good.

CREATE TABLE players (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL,
    game_id       uuid        NOT NULL,
    display_name  text
        CONSTRAINT players_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 64),
    -- The player this one was merged into; it is then soft-deleted (and only then).
    merged_into   uuid        REFERENCES players (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    CONSTRAINT players_game_fkey FOREIGN KEY (game_id, account_id)
        REFERENCES games (id, account_id) ON DELETE CASCADE,
    -- Lets identities and sessions reference (player, game) together, so an identity's player
    -- is always of its game.
    CONSTRAINT players_id_game_key UNIQUE (id, game_id),
    CONSTRAINT players_merged_deleted CHECK (merged_into IS NULL OR deleted_at IS NOT NULL)
);

CREATE INDEX players_game_id_idx ON players (game_id);
CREATE INDEX players_merged_into_idx ON players (merged_into) WHERE merged_into IS NOT NULL;

-- display_name is nullable: the ascending index keeps NULLs last and the descending one first,
-- exactly as ORDER BY does.
CREATE INDEX players_account_id_order_idx          ON players (account_id, id)                     WHERE deleted_at IS NULL;
CREATE INDEX players_account_display_name_asc_idx  ON players (account_id, display_name, id)       WHERE deleted_at IS NULL;
CREATE INDEX players_account_display_name_desc_idx ON players (account_id, display_name DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX players_account_created_at_asc_idx    ON players (account_id, created_at, id)         WHERE deleted_at IS NULL;
CREATE INDEX players_account_created_at_desc_idx   ON players (account_id, created_at DESC, id)    WHERE deleted_at IS NULL;
CREATE INDEX players_account_updated_at_asc_idx    ON players (account_id, updated_at, id)         WHERE deleted_at IS NULL;
CREATE INDEX players_account_updated_at_desc_idx   ON players (account_id, updated_at DESC, id)    WHERE deleted_at IS NULL;
CREATE INDEX players_created_at_desc_idx           ON players (created_at DESC, id)                WHERE deleted_at IS NULL;

-- Each existing identity becomes the one identity of a player of its own. The player takes the
-- identity's UUID (under its own prefix, `ply_`): unique, and ordered as the identities were
-- created, which no SQL-generated ULID could promise. Players are never soft-deleted but by a
-- merge, so even a soft-deleted identity's player is live.
INSERT INTO players (id, account_id, game_id, display_name, created_at, updated_at)
SELECT id, account_id, game_id, display_name, created_at, updated_at FROM identities;

ALTER TABLE identities ADD COLUMN player_id uuid;
UPDATE identities SET player_id = id;
-- Deferred: a sign-in inserts the identity first (the unique index decides who wins a race)
-- and only the winner then inserts its player, in the same transaction.
ALTER TABLE identities
    ALTER COLUMN player_id SET NOT NULL,
    ADD CONSTRAINT identities_player_fkey FOREIGN KEY (player_id, game_id)
        REFERENCES players (id, game_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX identities_player_id_idx ON identities (player_id);

-- The exact lookup by external key (GET /v1/identities?kind=&external_key=): one index probe
-- whatever the scope, the few identities sharing a key across games filtered after it.
CREATE INDEX identities_external_key_idx ON identities (external_key, kind) WHERE deleted_at IS NULL;

ALTER TABLE client_sessions ADD COLUMN player_id uuid;
UPDATE client_sessions AS s SET player_id = i.player_id FROM identities AS i WHERE i.id = s.identity_id;
ALTER TABLE client_sessions
    ALTER COLUMN player_id SET NOT NULL,
    ADD CONSTRAINT client_sessions_player_fkey FOREIGN KEY (player_id)
        REFERENCES players (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX client_sessions_player_id_idx ON client_sessions (player_id);

CREATE TABLE player_bans (
    id          uuid        PRIMARY KEY,
    player_id   uuid        NOT NULL REFERENCES players (id) ON DELETE CASCADE,
    account_id  uuid        NOT NULL,
    game_id     uuid        NOT NULL,
    reason      text        NOT NULL
        CONSTRAINT player_bans_reason_length CHECK (char_length(reason) BETWEEN 1 AND 500),
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL,
    -- Users, not foreign keys: the history outlives the user who acted.
    created_by  uuid,
    lifted_at   timestamptz,
    lifted_by   uuid,
    CONSTRAINT player_bans_expires_after_start CHECK (expires_at IS NULL OR expires_at > created_at),
    CONSTRAINT player_bans_lifted_by_needs_lifted CHECK (lifted_by IS NULL OR lifted_at IS NOT NULL)
);

-- The history of a player, newest first, and the bans that may still apply (read on every
-- client request).
CREATE INDEX player_bans_player_created_idx ON player_bans (player_id, created_at DESC, id);
CREATE INDEX player_bans_unlifted_idx ON player_bans (player_id, expires_at) WHERE lifted_at IS NULL;
