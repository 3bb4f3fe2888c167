//! The proxy's database: SQLite (one file) by default, so `run` works on a fresh machine, and
//! PostgreSQL when the configured URL says `postgres://`, so several proxies can share state.
//! One pool type (sqlx's `Any`) and one set of queries serve both: what the tests prove on one
//! runs unchanged on the other. The migrations in `proxy/migrations` run at start.

use std::time::Duration;

use sqlx::{AnyConnection, AnyPool, Connection, any::AnyPoolOptions};

/// Where the database is unless configured: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://checkout.db";

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The URL names neither SQLite nor PostgreSQL. The URL itself is not repeated: it may hold a
    /// password.
    #[error(
        "configuration: database_url must start with sqlite: or postgres:// (it starts with {0:?})"
    )]
    Scheme(String),
    /// The database cannot be reached or opened.
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    /// The schema cannot be brought up to date.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    /// A SQLite file.
    SqliteFile,
    /// A SQLite database that lives as long as its one connection (tests).
    SqliteMemory,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    fn of(url: &str) -> Result<Backend, DatabaseError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" if url.contains(":memory:") || url.contains("mode=memory") => {
                Ok(Backend::SqliteMemory)
            }
            "sqlite" => Ok(Backend::SqliteFile),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(DatabaseError::Scheme(scheme.chars().take(16).collect())),
        }
    }
}

/// Opens the database at `url` and brings its schema up to date. A SQLite file is created if
/// missing and switched to write-ahead logging, so readers never wait for the writer.
///
/// # Errors
/// See [`DatabaseError`].
pub async fn connect(url: &str) -> Result<AnyPool, DatabaseError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url)?;
    let pool = match backend {
        Backend::SqliteFile => shared_pool(&creating_if_missing(url)).await?,
        Backend::Postgres => shared_pool(url).await?,
        // The `Any` driver opens each connection from the URL, and each opening of `:memory:` is
        // a new, empty database: keep exactly one connection, for ever.
        Backend::SqliteMemory => AnyPoolOptions::new()
            .min_connections(1)
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(url)
            .await
            .map_err(DatabaseError::Connect)?,
    };
    if backend == Backend::SqliteFile {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await
            .map_err(DatabaseError::Connect)?;
    }
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A pool of connections to `url`, after one connection that worked: its error says why
/// (refused, wrong password, no such file) where the pool's would only say it timed out.
async fn shared_pool(url: &str) -> Result<AnyPool, DatabaseError> {
    let first = AnyConnection::connect(url)
        .await
        .map_err(DatabaseError::Connect)?;
    let _ = first.close().await;
    AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .map_err(DatabaseError::Connect)
}

/// `url` with `mode=rwc` unless it says a mode: SQLite otherwise refuses a file that does not
/// exist yet.
fn creating_if_missing(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_chooses_the_backend() {
        assert_eq!(
            Backend::of("sqlite://checkout.db").ok(),
            Some(Backend::SqliteFile)
        );
        assert_eq!(
            Backend::of("sqlite::memory:").ok(),
            Some(Backend::SqliteMemory)
        );
        assert_eq!(
            Backend::of("postgres://app:pw@db/checkout").ok(),
            Some(Backend::Postgres)
        );
        let refused = Backend::of("mysql://root:hunter2@db/x").err();
        let message = refused.map(|error| error.to_string()).unwrap_or_default();
        assert!(message.contains("\"mysql\"") && !message.contains("hunter2"));
    }

    #[test]
    fn a_missing_sqlite_file_is_created() {
        assert_eq!(
            creating_if_missing("sqlite://a.sqlite"),
            "sqlite://a.sqlite?mode=rwc"
        );
        assert_eq!(
            creating_if_missing("sqlite://a.sqlite?cache=shared"),
            "sqlite://a.sqlite?cache=shared&mode=rwc"
        );
        assert_eq!(
            creating_if_missing("sqlite://a.sqlite?mode=ro"),
            "sqlite://a.sqlite?mode=ro"
        );
    }
}
