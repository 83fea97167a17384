-- Games, the identities of players in them, game-client sessions and their nonces.

CREATE TABLE games (
    id          uuid        PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        text        NOT NULL
        CONSTRAINT games_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    slug        text        NOT NULL
        CONSTRAINT games_slug_format CHECK (
            slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) BETWEEN 2 AND 63
        ),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz,
    -- Lets identities reference (game, account) together, so an identity's account is its game's.
    CONSTRAINT games_id_account_key UNIQUE (id, account_id)
);

-- On lower(slug) (equal to slug under the CHECK) so that it never competes with the sort
-- indexes for ORDER BY slug; see accounts_slug_key.
CREATE UNIQUE INDEX games_account_slug_key ON games (account_id, lower(slug)) WHERE deleted_at IS NULL;
CREATE INDEX games_account_id_idx ON games (account_id);

CREATE INDEX games_account_id_order_idx        ON games (account_id, id)                   WHERE deleted_at IS NULL;
CREATE INDEX games_account_name_asc_idx        ON games (account_id, name, id)             WHERE deleted_at IS NULL;
CREATE INDEX games_account_name_desc_idx       ON games (account_id, name DESC, id)        WHERE deleted_at IS NULL;
CREATE INDEX games_account_slug_asc_idx        ON games (account_id, slug, id)             WHERE deleted_at IS NULL;
CREATE INDEX games_account_slug_desc_idx       ON games (account_id, slug DESC, id)        WHERE deleted_at IS NULL;
CREATE INDEX games_account_created_at_asc_idx  ON games (account_id, created_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX games_account_created_at_desc_idx ON games (account_id, created_at DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX games_account_updated_at_asc_idx  ON games (account_id, updated_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX games_account_updated_at_desc_idx ON games (account_id, updated_at DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX games_created_at_desc_idx         ON games (created_at DESC, id)              WHERE deleted_at IS NULL;

CREATE TABLE identities (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL,
    game_id       uuid        NOT NULL,
    kind          text        NOT NULL
        CONSTRAINT identities_kind_valid CHECK (kind IN ('DEVICE', 'STEAM', 'CUSTOM')),
    external_key  text        NOT NULL
        CONSTRAINT identities_external_key_length CHECK (char_length(external_key) BETWEEN 1 AND 255),
    display_name  text
        CONSTRAINT identities_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 64),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    CONSTRAINT identities_game_fkey FOREIGN KEY (game_id, account_id)
        REFERENCES games (id, account_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX identities_game_kind_external_key_key
    ON identities (game_id, kind, external_key) WHERE deleted_at IS NULL;
CREATE INDEX identities_game_id_idx ON identities (game_id);
CREATE INDEX identities_account_id_idx ON identities (account_id);

-- display_name is nullable: the ascending index keeps NULLs last and the descending one first,
-- exactly as ORDER BY does.
CREATE INDEX identities_account_id_order_idx          ON identities (account_id, id)                     WHERE deleted_at IS NULL;
CREATE INDEX identities_account_display_name_asc_idx  ON identities (account_id, display_name, id)       WHERE deleted_at IS NULL;
CREATE INDEX identities_account_display_name_desc_idx ON identities (account_id, display_name DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX identities_account_kind_asc_idx          ON identities (account_id, kind, id)               WHERE deleted_at IS NULL;
CREATE INDEX identities_account_kind_desc_idx         ON identities (account_id, kind DESC, id)          WHERE deleted_at IS NULL;
CREATE INDEX identities_account_created_at_asc_idx    ON identities (account_id, created_at, id)         WHERE deleted_at IS NULL;
CREATE INDEX identities_account_created_at_desc_idx   ON identities (account_id, created_at DESC, id)    WHERE deleted_at IS NULL;
CREATE INDEX identities_account_updated_at_asc_idx    ON identities (account_id, updated_at, id)         WHERE deleted_at IS NULL;
CREATE INDEX identities_account_updated_at_desc_idx   ON identities (account_id, updated_at DESC, id)    WHERE deleted_at IS NULL;
CREATE INDEX identities_created_at_desc_idx           ON identities (created_at DESC, id)                WHERE deleted_at IS NULL;

-- A game client's session. Refresh tokens rotate: `version` is the current pair's, issued at
-- `issued_at`; the previous pair may still be refreshed for a short grace after it.
CREATE TABLE client_sessions (
    id                  uuid        PRIMARY KEY,
    identity_id         uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    account_id          uuid        NOT NULL,
    game_id             uuid        NOT NULL,
    version             integer     NOT NULL CONSTRAINT client_sessions_version_positive CHECK (version >= 1),
    issued_at           timestamptz NOT NULL,
    refresh_expires_at  timestamptz NOT NULL,
    revoked_at          timestamptz,
    platform            text
        CONSTRAINT client_sessions_platform_length CHECK (char_length(platform) BETWEEN 1 AND 64),
    metadata            jsonb,
    test_mode           boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX client_sessions_identity_id_idx ON client_sessions (identity_id);
CREATE INDEX client_sessions_refresh_expires_at_idx ON client_sessions (refresh_expires_at);

-- Single-use values a client must present with a mutating request.
CREATE TABLE client_nonces (
    value        uuid        PRIMARY KEY,
    identity_id  uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    created_at   timestamptz NOT NULL
);

CREATE INDEX client_nonces_identity_id_idx ON client_nonces (identity_id);
CREATE INDEX client_nonces_expires_at_idx ON client_nonces (expires_at);
