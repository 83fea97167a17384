DROP TABLE player_bans;
ALTER TABLE client_sessions DROP COLUMN player_id;
DROP INDEX identities_external_key_idx;
ALTER TABLE identities DROP COLUMN player_id;
DROP TABLE players;
