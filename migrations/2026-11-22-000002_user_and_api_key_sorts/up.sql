-- Keyset pagination of users and API keys. Lists are per account unless a superadmin lists
-- across accounts, so every sortable field gets (account_id, field, id) in both directions
-- over live rows; across accounts, the default order (newest first) has its own index.
-- last_used_at is nullable: the ascending index keeps NULLs last and the descending one first,
-- exactly as ORDER BY does.

CREATE INDEX users_account_id_order_idx            ON users (account_id, id)                   WHERE deleted_at IS NULL;
CREATE INDEX users_account_email_asc_idx           ON users (account_id, email, id)            WHERE deleted_at IS NULL;
CREATE INDEX users_account_email_desc_idx          ON users (account_id, email DESC, id)       WHERE deleted_at IS NULL;
CREATE INDEX users_account_display_name_asc_idx    ON users (account_id, display_name, id)     WHERE deleted_at IS NULL;
CREATE INDEX users_account_display_name_desc_idx   ON users (account_id, display_name DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX users_account_created_at_asc_idx      ON users (account_id, created_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX users_account_created_at_desc_idx     ON users (account_id, created_at DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX users_account_updated_at_asc_idx      ON users (account_id, updated_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX users_account_updated_at_desc_idx     ON users (account_id, updated_at DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX users_created_at_desc_idx             ON users (created_at DESC, id)              WHERE deleted_at IS NULL;

CREATE INDEX api_keys_account_id_order_idx         ON api_keys (account_id, id)                     WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_name_asc_idx         ON api_keys (account_id, name, id)               WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_name_desc_idx        ON api_keys (account_id, name DESC, id)          WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_created_at_asc_idx   ON api_keys (account_id, created_at, id)         WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_created_at_desc_idx  ON api_keys (account_id, created_at DESC, id)    WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_updated_at_asc_idx   ON api_keys (account_id, updated_at, id)         WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_updated_at_desc_idx  ON api_keys (account_id, updated_at DESC, id)    WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_last_used_asc_idx    ON api_keys (account_id, last_used_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX api_keys_account_last_used_desc_idx   ON api_keys (account_id, last_used_at DESC, id)  WHERE deleted_at IS NULL;
CREATE INDEX api_keys_created_at_desc_idx          ON api_keys (created_at DESC, id)                WHERE deleted_at IS NULL;
