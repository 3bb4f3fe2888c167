-- The payment ledger: one row per money-moving attempt, written in the same transaction as the
-- session change that starts it (before anything is sent upstream), and moved on as it settles:
-- in_flight -> approved | declined | not_processed, or in_flight -> unknown (the answer was lost)
-- -> approved | declined | not_processed by reconciliation. Nothing secret: ids, amounts, times.
CREATE TABLE payment_attempts (
    reference TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    currency TEXT NOT NULL,
    state TEXT NOT NULL,
    upstream_id TEXT,
    created_at BIGINT NOT NULL,
    settled_at BIGINT,
    reconciled BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX payment_attempts_state ON payment_attempts (state);
CREATE INDEX payment_attempts_session ON payment_attempts (session_id);

-- What each applicant agreed to: the digest of the exact terms HTML shown, its province and
-- language, when, in which session. Kept apart from the session so it outlives the session's row.
CREATE TABLE consent_receipts (
    session_id TEXT NOT NULL,
    province TEXT NOT NULL,
    locale TEXT NOT NULL,
    terms_sha256 TEXT NOT NULL,
    agreed_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, agreed_at)
);
