-- What Steam last said of a STEAM identity signed in with a ticket (DESIGN §9): who owns the
-- game (family sharing), and the VAC and publisher bans it reported, with when. All four or
-- none, and only on STEAM identities. The owner's Steam id is kept as its decimal digits: a
-- 64-bit unsigned number does not fit a bigint in general.

ALTER TABLE identities
    ADD COLUMN steam_owner_id text
        CONSTRAINT identities_steam_owner_id_digits CHECK (steam_owner_id ~ '^[1-9][0-9]{0,19}$'),
    ADD COLUMN steam_vac_banned boolean,
    ADD COLUMN steam_publisher_banned boolean,
    ADD COLUMN steam_checked_at timestamptz,
    ADD CONSTRAINT identities_steam_standing_whole CHECK (
        (steam_owner_id IS NULL) = (steam_vac_banned IS NULL)
        AND (steam_owner_id IS NULL) = (steam_publisher_banned IS NULL)
        AND (steam_owner_id IS NULL) = (steam_checked_at IS NULL)
    ),
    ADD CONSTRAINT identities_steam_standing_kind CHECK (steam_owner_id IS NULL OR kind = 'STEAM');
