-- Checkout sessions, one row each: the session as JSON (nothing secret in it: see
-- proxy/src/checkout/store.rs), the version every locked change bumps, and when the row may be
-- swept (Unix seconds). Plain types only, so the same statements run on SQLite and PostgreSQL.
CREATE TABLE checkout_sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    kept_until BIGINT NOT NULL
);

CREATE INDEX checkout_sessions_kept_until ON checkout_sessions (kept_until);
