-- The audit log: one row per change that succeeded, written in the change's transaction.
-- Append-only: no statement may change a row (a trigger refuses it); only the retention purge
-- deletes, oldest first. No foreign keys: an event outlives what it tells of (an erased player,
-- a purged session), and it must never block or cascade from a change to its target.
CREATE TABLE audit_events (
    id           uuid        PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    account_id   uuid,
    actor_type   text        NOT NULL
        CONSTRAINT audit_events_actor_type CHECK (actor_type IN ('user', 'identity', 'system')),
    actor_id     text        NOT NULL
        CONSTRAINT audit_events_actor_id_length CHECK (char_length(actor_id) BETWEEN 1 AND 64),
    api_key_id   uuid,
    player_id    uuid,
    action       text        NOT NULL
        CONSTRAINT audit_events_action_format CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    target_type  text        NOT NULL
        CONSTRAINT audit_events_target_type_format CHECK (target_type ~ '^[a-z_]+$'),
    target_id    text        NOT NULL
        CONSTRAINT audit_events_target_id_length CHECK (char_length(target_id) BETWEEN 1 AND 200),
    changes      jsonb       NOT NULL
        CONSTRAINT audit_events_changes_object CHECK (jsonb_typeof(changes) = 'object'),
    request_id   text
        CONSTRAINT audit_events_request_id_length CHECK (char_length(request_id) BETWEEN 1 AND 128)
);

-- Keyset pagination as for every list: each sort, each way, over all events (a superadmin)
-- and per account, `id` ascending breaking ties (the default, newest first, is
-- `occurred_at:desc,id:asc`); the primary key serves `id` across accounts. The filters by
-- target, actor and key read their own index in the default order. The retention purge walks
-- the ascending one.
CREATE INDEX audit_events_occurred_at_desc_idx ON audit_events (occurred_at DESC, id);
CREATE INDEX audit_events_occurred_at_asc_idx ON audit_events (occurred_at, id);
CREATE INDEX audit_events_account_id_idx ON audit_events (account_id, id);
CREATE INDEX audit_events_account_occurred_at_desc_idx
    ON audit_events (account_id, occurred_at DESC, id);
CREATE INDEX audit_events_account_occurred_at_asc_idx ON audit_events (account_id, occurred_at, id);
CREATE INDEX audit_events_target_idx ON audit_events (target_id, occurred_at DESC, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at DESC, id);
CREATE INDEX audit_events_api_key_idx ON audit_events (api_key_id, occurred_at DESC, id)
    WHERE api_key_id IS NOT NULL;

CREATE FUNCTION audit_events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update();
