//! `roster serve` as a process of its own, for what only a real process shows: signals, and
//! the log it writes.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::{TEST_CURSOR_SECRET, TEST_JWT_SECRET, TEST_SECRETS_KEY};

/// The `roster` binary `make test` built (`ROSTER_BIN`), with no configuration inherited.
#[must_use]
pub fn roster_command() -> Command {
    let binary = std::env::var_os("ROSTER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug/roster"),
        PathBuf::from,
    );
    assert!(
        binary.exists(),
        "{} does not exist: run `make test` (it builds the binary) or set ROSTER_BIN",
        binary.display()
    );
    let mut command = Command::new(binary);
    for variable in [
        "ROSTER_DATABASE_URL",
        "DATABASE_URL",
        "ROSTER_JWT_SECRET",
        "ROSTER_CURSOR_SECRET",
        "ROSTER_SECRETS_KEY",
        "ROSTER_BIND",
    ] {
        command.env_remove(variable);
    }
    command
}

/// A running `roster serve`; killed when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    /// The port it serves on.
    pub port: u16,
    log: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl ServerProcess {
    /// Starts `roster serve` on `database_url` (already migrated or not: serve migrates) with
    /// the test secrets, JSON logs at `info`, no rate limits, and `env` on top; returns once it
    /// serves.
    pub fn start(database_url: &str, env: &[(&str, &str)]) -> Self {
        let mut command = roster_command();
        command
            .arg("serve")
            .env("ROSTER_DATABASE_URL", database_url)
            .env("ROSTER_CURSOR_SECRET", TEST_CURSOR_SECRET)
            .env("ROSTER_JWT_SECRET", TEST_JWT_SECRET)
            .env("ROSTER_SECRETS_KEY", TEST_SECRETS_KEY)
            .env("ROSTER_BIND", "127.0.0.1:0")
            .env("ROSTER_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            // No rate limits, as in `spawn_app`, unless `env` sets them.
            .env("ROSTER_RATE_CLIENT_PER_MIN", "0")
            .env("ROSTER_RATE_ADMIN_PER_SEC", "0")
            .stderr(Stdio::piped())
            .stdout(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start roster serve");
        let lines = BufReader::new(child.stderr.take().expect("its stderr")).lines();
        // Read on a thread of its own from the start, so that a server that never says it
        // serves fails the test after a while instead of hanging it.
        let (serving, port) = std::sync::mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        std::thread::spawn({
            let log = log.clone();
            move || {
                let mut started = false;
                for line in lines.map_while(Result::ok) {
                    let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else {
                        continue;
                    };
                    if !started {
                        if event["message"] == "serving" {
                            started = true;
                            let _ = serving.send(event["port"].as_u64());
                        }
                        continue;
                    }
                    log.lock().expect("the log").push(event);
                }
            }
        });
        let port = port
            .recv_timeout(Duration::from_secs(60))
            .expect("the server says it serves within a minute")
            .and_then(|port| u16::try_from(port).ok())
            .expect("the port it serves on");
        Self { child, port, log }
    }

    /// `http://127.0.0.1:<port><path>`.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The log events written since it started serving.
    #[must_use]
    pub fn log(&self) -> Vec<serde_json::Value> {
        self.log.lock().expect("the log").clone()
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM failed");
    }

    /// Waits for the process to exit, at most `within`; its exit status.
    pub fn wait(&mut self, within: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit in {within:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
