-- Webhooks (DESIGN §11): where an account's audit events are POSTed, and the outbox of their
-- deliveries. A delivery row is written by the statement that records its event, so it
-- exists exactly when the event does (the change's transaction commits both or neither).
--
-- The signing secret is stored sealed (AES-256-GCM under ROSTER_SECRETS_KEY), as games'
-- secrets are. Erasing a webhook, or its account, erases its deliveries.
CREATE TABLE webhooks (
    id           uuid        PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url          text        NOT NULL
        CONSTRAINT webhooks_url_length CHECK (char_length(url) BETWEEN 1 AND 2048),
    events       text[]      NOT NULL
        CONSTRAINT webhooks_events_count CHECK (cardinality(events) BETWEEN 1 AND 50),
    description  text
        CONSTRAINT webhooks_description_length CHECK (char_length(description) BETWEEN 1 AND 500),
    secret       bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- The outbox matches an event's account; lists sort like every list, across accounts and
-- within one.
CREATE INDEX webhooks_account_id_idx ON webhooks (account_id, id);
CREATE INDEX webhooks_created_at_idx ON webhooks (created_at, id);
CREATE INDEX webhooks_account_created_at_idx ON webhooks (account_id, created_at, id);
CREATE INDEX webhooks_updated_at_idx ON webhooks (updated_at, id);
CREATE INDEX webhooks_account_updated_at_idx ON webhooks (account_id, updated_at, id);

-- One row per (webhook, event). `seq` is the webhook's queue order; only the first pending
-- row of a webhook is ever attempted, so a receiver sees its events in order. `attempts` holds
-- each attempt ({at, status_code, error, duration_ms}); there are at most a few dozen before
-- the 24-hour window closes.
CREATE TABLE webhook_deliveries (
    webhook_id       uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         uuid        NOT NULL,
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    action           text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending'
        CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed')),
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz,
    finished_at      timestamptz,
    attempt_count    integer     NOT NULL DEFAULT 0,
    attempts         jsonb       NOT NULL DEFAULT '[]'
        CONSTRAINT webhook_deliveries_attempts_array CHECK (jsonb_typeof(attempts) = 'array'),
    PRIMARY KEY (webhook_id, event_id),
    CONSTRAINT webhook_deliveries_pending_is_due CHECK (
        (status = 'pending') = (next_attempt_at IS NOT NULL)
        AND (status = 'pending') = (finished_at IS NULL)
    )
);

-- The head of each webhook's queue; the deliveries list, each way.
CREATE INDEX webhook_deliveries_queue_idx ON webhook_deliveries (webhook_id, seq)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_created_at_idx
    ON webhook_deliveries (webhook_id, created_at DESC, event_id);
CREATE INDEX webhook_deliveries_created_at_asc_idx
    ON webhook_deliveries (webhook_id, created_at, event_id);
-- The retention purge walks finished deliveries oldest first.
CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (created_at)
    WHERE status <> 'pending';
