DROP INDEX identities_game_kind_provider_external_key_key;
DELETE FROM identities WHERE provider IS NOT NULL;
CREATE UNIQUE INDEX identities_game_kind_external_key_key
    ON identities (game_id, kind, external_key) WHERE deleted_at IS NULL;
ALTER TABLE identities
    DROP CONSTRAINT identities_provider_kind,
    DROP COLUMN provider;
DROP TABLE oidc_providers;
