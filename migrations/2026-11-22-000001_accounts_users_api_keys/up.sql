-- Accounts, their users, and the users' API keys.
--
-- Uniqueness lives here, in partial unique indexes over rows that are not soft-deleted, so that
-- a deleted row frees its slug or email and concurrent inserts can never both win.
-- Keyset pagination needs, per sortable field and direction, an index whose order is exactly the
-- ORDER BY of a page: (field ASC, id ASC) and (field DESC, id ASC), over live rows. Backward
-- pages scan the same indexes in reverse.

CREATE TABLE accounts (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL
        CONSTRAINT accounts_name_length CHECK (char_length(name) BETWEEN 2 AND 100),
    slug        text        NOT NULL
        CONSTRAINT accounts_slug_format CHECK (
            slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) BETWEEN 2 AND 63
        ),
    status      text        NOT NULL
        CONSTRAINT accounts_status_valid CHECK (status IN ('active', 'suspended')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);

-- On lower(slug), which equals slug (the CHECK above admits lowercase only): the index enforces
-- uniqueness but can never serve ORDER BY slug, so pages by slug use (slug, id) below rather
-- than this smaller index followed by an incremental sort on id.
CREATE UNIQUE INDEX accounts_slug_key ON accounts (lower(slug)) WHERE deleted_at IS NULL;

CREATE INDEX accounts_name_asc_idx        ON accounts (name, id)            WHERE deleted_at IS NULL;
CREATE INDEX accounts_name_desc_idx       ON accounts (name DESC, id)       WHERE deleted_at IS NULL;
CREATE INDEX accounts_slug_asc_idx        ON accounts (slug, id)            WHERE deleted_at IS NULL;
CREATE INDEX accounts_slug_desc_idx       ON accounts (slug DESC, id)       WHERE deleted_at IS NULL;
CREATE INDEX accounts_created_at_asc_idx  ON accounts (created_at, id)      WHERE deleted_at IS NULL;
CREATE INDEX accounts_created_at_desc_idx ON accounts (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX accounts_updated_at_asc_idx  ON accounts (updated_at, id)      WHERE deleted_at IS NULL;
CREATE INDEX accounts_updated_at_desc_idx ON accounts (updated_at DESC, id) WHERE deleted_at IS NULL;

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email         text        NOT NULL
        CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
    display_name  text        NOT NULL
        CONSTRAINT users_display_name_length CHECK (char_length(display_name) BETWEEN 2 AND 100),
    super_admin   boolean     NOT NULL DEFAULT false,
    status        text        NOT NULL
        CONSTRAINT users_status_valid CHECK (status IN ('invited', 'active', 'suspended')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    -- Lets api_keys reference (user, account) together, so a key's account is its user's.
    CONSTRAINT users_id_account_key UNIQUE (id, account_id)
);

CREATE UNIQUE INDEX users_account_email_key ON users (account_id, lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_account_id_idx ON users (account_id);
CREATE INDEX users_live_super_admins_idx ON users (id) WHERE super_admin AND deleted_at IS NULL;

CREATE TABLE api_keys (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL,
    name          text        NOT NULL
        CONSTRAINT api_keys_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    key_digest    bytea       NOT NULL
        CONSTRAINT api_keys_key_digest_length CHECK (octet_length(key_digest) = 32),
    prefix        text        NOT NULL,
    status        text        NOT NULL
        CONSTRAINT api_keys_status_valid CHECK (status IN ('active', 'revoked')),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    CONSTRAINT api_keys_user_fkey FOREIGN KEY (user_id, account_id)
        REFERENCES users (id, account_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX api_keys_key_digest_key ON api_keys (key_digest);
CREATE INDEX api_keys_account_id_idx ON api_keys (account_id);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id);
