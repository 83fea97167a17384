-- OpenID Connect sign-in (DESIGN §9): each game's providers, and the provider that vouched for
-- an identity. A CUSTOM identity an OpenID provider signed in keeps the provider's name; the
-- uniqueness of live identities is over (game, kind, provider, external key) with a null
-- provider equal to another (NULLS NOT DISTINCT), so no custom token can claim an Apple
-- player and two plain CUSTOM identities still cannot share a key.

CREATE TABLE oidc_providers (
    game_id     uuid        NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    name        text        NOT NULL
        CONSTRAINT oidc_providers_name_format CHECK (
            name ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(name) BETWEEN 2 AND 63
        ),
    issuer      text        NOT NULL
        CONSTRAINT oidc_providers_issuer_length CHECK (char_length(issuer) BETWEEN 1 AND 2048),
    audiences   text[]      NOT NULL
        CONSTRAINT oidc_providers_audiences_count CHECK (cardinality(audiences) BETWEEN 1 AND 10),
    jwks_uri    text        NOT NULL
        CONSTRAINT oidc_providers_jwks_uri_length CHECK (char_length(jwks_uri) BETWEEN 1 AND 2048),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (game_id, name)
);

ALTER TABLE identities
    ADD COLUMN provider text
        CONSTRAINT identities_provider_format CHECK (
            provider ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(provider) BETWEEN 2 AND 63
        ),
    ADD CONSTRAINT identities_provider_kind CHECK (provider IS NULL OR kind = 'CUSTOM');

DROP INDEX identities_game_kind_external_key_key;
CREATE UNIQUE INDEX identities_game_kind_provider_external_key_key
    ON identities (game_id, kind, provider, external_key) NULLS NOT DISTINCT
    WHERE deleted_at IS NULL;
