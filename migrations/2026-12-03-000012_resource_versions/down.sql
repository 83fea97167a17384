DROP TRIGGER webhooks_version ON webhooks;
DROP TRIGGER identities_version ON identities;
DROP TRIGGER players_version ON players;
DROP TRIGGER games_version ON games;
DROP TRIGGER api_keys_version ON api_keys;
DROP TRIGGER users_version ON users;
DROP TRIGGER accounts_version ON accounts;

ALTER TABLE webhooks   DROP COLUMN version;
ALTER TABLE identities DROP COLUMN version;
ALTER TABLE players    DROP COLUMN version;
ALTER TABLE games      DROP COLUMN version;
ALTER TABLE api_keys   DROP COLUMN version;
ALTER TABLE users      DROP COLUMN version;
ALTER TABLE accounts   DROP COLUMN version;

DROP FUNCTION roster_bump_version();
