ALTER TABLE games
    DROP COLUMN page_url,
    DROP COLUMN tags,
    DROP COLUMN description,
    DROP COLUMN anti_cheat_enabled,
    DROP COLUMN default_board_id,
    DROP COLUMN steam_app_id;
