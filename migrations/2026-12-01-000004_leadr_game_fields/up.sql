-- LEADR's game fields beside name and slug (its GameCreateRequest/GameResponse). The CHECKs
-- repeat the domain's rules (roster_domain::game_details, web_url) as the last line of defence.

ALTER TABLE games
    ADD COLUMN steam_app_id text
        CONSTRAINT games_steam_app_id_digits CHECK (steam_app_id ~ '^[0-9]{1,10}$'),
    ADD COLUMN default_board_id text
        CONSTRAINT games_default_board_id_visible CHECK (default_board_id ~ '^[!-~]{1,255}$'),
    ADD COLUMN anti_cheat_enabled boolean NOT NULL DEFAULT true,
    ADD COLUMN description text
        CONSTRAINT games_description_length CHECK (char_length(description) <= 2000),
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}'
        CONSTRAINT games_tags_count CHECK (cardinality(tags) <= 20 AND array_position(tags, NULL) IS NULL),
    ADD COLUMN page_url text
        CONSTRAINT games_page_url_length CHECK (char_length(page_url) BETWEEN 1 AND 2048);
