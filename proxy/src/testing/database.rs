//! A database for one test proxy, so tests never see each other's sessions: a SQLite file in the
//! temp folder by default, or a fresh database on the PostgreSQL server named by
//! [`TEST_DATABASE_URL`], so that the same suite runs on both (`cargo xtask test` runs it twice).

use std::path::PathBuf;

use sqlx::{Connection, PgConnection};
use url::Url;

/// The environment variable that names a PostgreSQL server for the tests, e.g.
/// `postgres://postgres@127.0.0.1:5433/postgres`. Each test proxy gets a database of its own on
/// it, dropped with the proxy.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// One test's database; removed when dropped.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    place: Place,
}

#[derive(Debug)]
enum Place {
    /// A SQLite file (with its `-wal` and `-shm` companions).
    File(PathBuf),
    /// A database on the server at the URL, under that name.
    Server { server: String, name: String },
}

impl TestDatabase {
    /// A database nobody else uses.
    ///
    /// # Panics
    /// When [`TEST_DATABASE_URL`] is set and its server cannot create a database.
    pub async fn fresh() -> TestDatabase {
        let name = format!(
            "proxy_test_{:016x}",
            getrandom::u64().expect("randomness for a database name")
        );
        match std::env::var(TEST_DATABASE_URL) {
            Ok(server) if !server.is_empty() => TestDatabase::on_server(server, name).await,
            _ => {
                let file = std::env::temp_dir().join(format!("{name}.sqlite"));
                TestDatabase {
                    url: format!("sqlite://{}", file.display()),
                    place: Place::File(file),
                }
            }
        }
    }

    async fn on_server(server: String, name: String) -> TestDatabase {
        let mut admin = PgConnection::connect(&server)
            .await
            .expect("TEST_DATABASE_URL names a PostgreSQL server that accepts connections");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("the test server creates a database");
        let _ = admin.close().await;
        let mut url = Url::parse(&server).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&format!("/{name}"));
        TestDatabase {
            url: url.into(),
            place: Place::Server { server, name },
        }
    }

    /// Its URL, as `database_url` takes it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every checkout session row, as stored: what a copy of the database would give away.
    ///
    /// # Panics
    /// When the database cannot be read.
    pub async fn session_rows(&self) -> Vec<String> {
        let pool = crate::database::connect(&self.url)
            .await
            .expect("the test database opens");
        let rows = sqlx::query_scalar("SELECT data FROM checkout_sessions")
            .fetch_all(&pool)
            .await
            .expect("the sessions can be read");
        pool.close().await;
        rows
    }
}

impl TestDatabase {
    /// Every row of every table, as text: what a copy of the database would give away.
    ///
    /// # Panics
    /// When the database cannot be read.
    pub async fn dump(&self) -> String {
        let pool = crate::database::connect(&self.url)
            .await
            .expect("the test database opens");
        let mut dump = String::new();
        for query in [
            "SELECT id || ' ' || data FROM checkout_sessions",
            "SELECT reference || ' ' || session_id || ' ' || method || ' ' || state || ' ' || \
             COALESCE(upstream_id, '') FROM payment_attempts",
            "SELECT session_id || ' ' || province || ' ' || locale || ' ' || terms_sha256 \
             FROM consent_receipts",
        ] {
            let rows: Vec<String> = sqlx::query_scalar(query)
                .fetch_all(&pool)
                .await
                .expect("the table can be read");
            for row in rows {
                dump.push_str(&row);
                dump.push('\n');
            }
        }
        pool.close().await;
        dump
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.place {
            Place::File(file) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut path = file.clone().into_os_string();
                    path.push(suffix);
                    let _ = std::fs::remove_file(path);
                }
            }
            Place::Server { server, name } => drop_database(server.clone(), name.clone()),
        }
    }
}

/// Drops database `name` on `server`, closing whatever still uses it. On a thread of its own: a
/// `Drop` cannot wait for async work on the runtime it runs in.
fn drop_database(server: String, name: String) {
    let dropped = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            if let Ok(mut admin) = PgConnection::connect(&server).await {
                let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::query(&statement).execute(&mut admin).await;
                let _ = admin.close().await;
            }
        });
    });
    let _ = dropped.join();
}
