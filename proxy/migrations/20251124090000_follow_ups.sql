-- Follow-ups: the money a merchant moves after a checkout (a capture, a void, a refund), one row
-- per attempt, written before anything is sent upstream and moved on as it settles, like
-- `payment_attempts`. `reference` is the card follow-up's `merchantTransactionId` (ours for a
-- Flexiti refund); `original` the upstream transaction it follows up; `amount_cents` NULL means
-- "all that is left". `idempotency_key` is the merchant's `Idempotency-Key`, released (NULL) when
-- nothing could move, so that a retry under it starts afresh. `error_code` is the catalogue code a
-- refused attempt ended with, for the replay of its key.
CREATE TABLE follow_up_attempts (
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    original TEXT NOT NULL,
    session_id TEXT,
    amount_cents BIGINT,
    state TEXT NOT NULL,
    upstream_id TEXT,
    error_code TEXT,
    created_at BIGINT NOT NULL,
    settled_at BIGINT,
    reconciled BIGINT NOT NULL DEFAULT 0
);

-- One follow-up of a transaction at a time, on every proxy sharing the database: a second is
-- refused while the first is in flight or unknown (its answer lost), so nothing is sent blind.
CREATE UNIQUE INDEX follow_up_attempts_one_at_a_time ON follow_up_attempts (original)
    WHERE state IN ('in_flight', 'unknown');
CREATE INDEX follow_up_attempts_state ON follow_up_attempts (state);
