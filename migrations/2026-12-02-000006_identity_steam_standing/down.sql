ALTER TABLE identities
    DROP CONSTRAINT identities_steam_standing_kind,
    DROP CONSTRAINT identities_steam_standing_whole,
    DROP COLUMN steam_checked_at,
    DROP COLUMN steam_publisher_banned,
    DROP COLUMN steam_vac_banned,
    DROP COLUMN steam_owner_id;
