-- Idempotency keys (DESIGN.md §12): per caller scope (a digest of its credential, never the
-- credential) and key, the request that ran under it and, once it finished, its answer. A row
-- with no status is a request still running (or abandoned, past the lease the application
-- applies). Housekeeping purges rows past the 24-hour retention, oldest first.
CREATE TABLE idempotency_keys (
    scope            text        NOT NULL
        CONSTRAINT idempotency_keys_scope_length CHECK (char_length(scope) BETWEEN 1 AND 100),
    key              text        NOT NULL
        CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
    fingerprint      bytea       NOT NULL
        CONSTRAINT idempotency_keys_fingerprint_length CHECK (octet_length(fingerprint) = 32),
    started_at       timestamptz NOT NULL,
    status           smallint
        CONSTRAINT idempotency_keys_status_range CHECK (status BETWEEN 100 AND 599),
    response_headers jsonb
        CONSTRAINT idempotency_keys_headers_array CHECK (jsonb_typeof(response_headers) = 'array'),
    response_body    bytea,
    PRIMARY KEY (scope, key),
    CONSTRAINT idempotency_keys_answer_whole CHECK (
        (status IS NULL) = (response_headers IS NULL) AND (status IS NULL) = (response_body IS NULL)
    )
);

CREATE INDEX idempotency_keys_started_at_idx ON idempotency_keys (started_at);
