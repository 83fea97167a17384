-- A game's sign-in settings (DESIGN §9). The secrets are stored sealed: AES-256-GCM under
-- ROSTER_SECRETS_KEY, as a 12-byte nonce followed by the ciphertext and its 16-byte tag, so a
-- sealed value is never shorter than 28 bytes. A replaced custom-auth secret is kept with the
-- instant it stops working, both or neither.

ALTER TABLE games
    ADD COLUMN steam_publisher_key bytea
        CONSTRAINT games_steam_publisher_key_sealed CHECK (octet_length(steam_publisher_key) >= 28),
    ADD COLUMN steam_reject_publisher_banned boolean NOT NULL DEFAULT true,
    ADD COLUMN custom_auth_secret bytea
        CONSTRAINT games_custom_auth_secret_sealed CHECK (octet_length(custom_auth_secret) >= 28),
    ADD COLUMN replaced_custom_auth_secret bytea
        CONSTRAINT games_replaced_custom_auth_secret_sealed
            CHECK (octet_length(replaced_custom_auth_secret) >= 28),
    ADD COLUMN replaced_custom_auth_secret_until timestamptz,
    ADD CONSTRAINT games_replaced_custom_auth_secret_until
        CHECK ((replaced_custom_auth_secret IS NULL) = (replaced_custom_auth_secret_until IS NULL));
