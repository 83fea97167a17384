ALTER TABLE games
    DROP CONSTRAINT games_replaced_custom_auth_secret_until,
    DROP COLUMN replaced_custom_auth_secret_until,
    DROP COLUMN replaced_custom_auth_secret,
    DROP COLUMN custom_auth_secret,
    DROP COLUMN steam_reject_publisher_banned,
    DROP COLUMN steam_publisher_key;
