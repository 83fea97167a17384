-- Versions for optimistic concurrency (DESIGN.md §12): every resource a client reads by id
-- carries a version, 1 when created and one more at every change of its row, which its strong
-- ETag is made of. The bump is a trigger rather than each statement's job so that every write
-- counts, including the ones outside the admin API's use cases (a Steam sign-in's standing, a
-- client renaming itself, a merge moving identities). A write that leaves the row as it was
-- (`OLD.* IS NOT DISTINCT FROM NEW.*`) keeps the version: the representation did not change.
-- The statements write back the version they read, so a row differs only where a field does.
CREATE FUNCTION roster_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;

-- Adding a column with a constant default rewrites no rows (PostgreSQL 11 and later).
ALTER TABLE accounts   ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE users      ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE api_keys   ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE games      ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE players    ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE identities ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE webhooks   ADD COLUMN version bigint NOT NULL DEFAULT 1;

CREATE TRIGGER accounts_version BEFORE UPDATE ON accounts
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION roster_bump_version();
CREATE TRIGGER users_version BEFORE UPDATE ON users
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION roster_bump_version();
-- A key's last use is not a change of it: it moves with every request the key makes (written a
-- moment later by a background task), no PATCH can overwrite it, and counting it would make
-- every conditional edit of the key one calls with a 412. Every other column counts, those
-- added later included.
CREATE TRIGGER api_keys_version BEFORE UPDATE ON api_keys
    FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
    EXECUTE FUNCTION roster_bump_version();
CREATE TRIGGER games_version BEFORE UPDATE ON games
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION roster_bump_version();
CREATE TRIGGER players_version BEFORE UPDATE ON players
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION roster_bump_version();
CREATE TRIGGER identities_version BEFORE UPDATE ON identities
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION roster_bump_version();
CREATE TRIGGER webhooks_version BEFORE UPDATE ON webhooks
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION roster_bump_version();
