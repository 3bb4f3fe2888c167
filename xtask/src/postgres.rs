//! A throwaway PostgreSQL cluster for the proxy tests' second run, so the suite proves on
//! PostgreSQL what it proves on SQLite: Debian's `postgresql` (installed if missing), a cluster in
//! a temp folder on a free loopback port, without durability (nothing in it outlives the run),
//! stopped and removed when dropped. PostgreSQL refuses to run as root: as root, the cluster runs
//! as the `postgres` user the package creates.

use std::{fs, net::TcpListener, path::PathBuf, process::Command};

use crate::setup;

/// The Debian package that brings the server.
const PACKAGE: &str = "postgresql";
/// Where Debian puts each major version's programs.
const VERSIONS_DIR: &str = "/usr/lib/postgresql";
/// The user the server runs as when we are root.
const SERVER_USER: &str = "postgres";

/// A running cluster; stopped and deleted when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_server_user: bool,
    port: u16,
}

impl Cluster {
    /// Installs PostgreSQL if missing, creates a cluster and starts it.
    pub fn start() -> Result<Cluster, String> {
        setup::ensure_debian_packages(&[PACKAGE])?;
        let bin = newest_bin_dir()?;
        let as_server_user = is_root();
        let dir = std::env::temp_dir().join(format!("xtask-postgres-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let port = free_port()?;
        let cluster = Cluster {
            bin,
            dir,
            as_server_user,
            port,
        };
        if as_server_user {
            cluster.run(
                "chown",
                &[SERVER_USER, &cluster.dir.to_string_lossy()],
                false,
            )?;
        }
        let data = cluster.data().to_string_lossy().into_owned();
        let initdb = cluster.bin.join("initdb").to_string_lossy().into_owned();
        let init = ["-D", &data, "-U", "postgres", "--auth=trust", "-E", "UTF8"];
        cluster.run(&initdb, &[&init[..], &["--no-sync"]].concat(), true)?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300 \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            cluster.dir.display()
        );
        let log = cluster
            .dir
            .join("server.log")
            .to_string_lossy()
            .into_owned();
        let pg_ctl = cluster.bin.join("pg_ctl").to_string_lossy().into_owned();
        let started = cluster.run(
            &pg_ctl,
            &["-D", &data, "-l", &log, "-o", &options, "-w", "start"],
            true,
        );
        if let Err(error) = started {
            let log = fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("{error}\n{log}"));
        }
        Ok(cluster)
    }

    /// The URL of its `postgres` database, as `TEST_DATABASE_URL` takes it.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Runs `program args...` (as the server's user when `as_server` and we are root), printing
    /// its output only if it fails.
    fn run(&self, program: &str, args: &[&str], as_server: bool) -> Result<(), String> {
        let mut command = if as_server && self.as_server_user {
            let mut command = Command::new("runuser");
            command.args(["-u", SERVER_USER, "--", program]);
            command
        } else {
            Command::new(program)
        };
        let output = command
            .args(args)
            .current_dir(&self.dir)
            .output()
            .map_err(|error| format!("cannot start {program}: {error}"))?;
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "`{program} {}` failed ({}): {}{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data().to_string_lossy().into_owned();
        let pg_ctl = self.bin.join("pg_ctl").to_string_lossy().into_owned();
        let _ = self.run(&pg_ctl, &["-D", &data, "-m", "immediate", "stop"], true);
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The programs of the newest major version installed.
fn newest_bin_dir() -> Result<PathBuf, String> {
    let entries = fs::read_dir(VERSIONS_DIR)
        .map_err(|error| format!("cannot read {VERSIONS_DIR}: {error}"))?;
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let major: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((major, bin))
        })
        .max_by_key(|(major, _)| *major)
        .map(|(_, bin)| bin)
        .ok_or_else(|| format!("no PostgreSQL server under {VERSIONS_DIR}"))
}

/// A loopback port nothing listens on now.
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|error| format!("no free port for PostgreSQL: {error}"))
}

fn is_root() -> bool {
    let uid = Command::new("id").arg("-u").output();
    uid.is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}
