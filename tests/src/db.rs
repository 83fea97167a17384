//! One database per test, cloned from a migrated template.

use std::path::Path;

use sha2::{Digest as _, Sha256};
use tokio_postgres::{Client, NoTls};

/// Serializes template creation across test processes.
const TEMPLATE_LOCK: i64 = 0x0072_6f73_7465_7274;

/// A database of its own for one test, dropped when the value is.
#[derive(Debug)]
pub struct TestDb {
    /// Its URL.
    pub url: String,
    name: String,
    admin_url: String,
}

fn admin_url() -> String {
    std::env::var("ROSTER_TEST_DATABASE_URL").expect(
        "ROSTER_TEST_DATABASE_URL is not set: run `make test`, or point it at a PostgreSQL \
         maintenance database (for example postgres://postgres@127.0.0.1:55433/postgres)",
    )
}

/// The URL of database `name` on the cluster of `admin_url`.
fn url_of(admin_url: &str, name: &str) -> String {
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("ROSTER_TEST_DATABASE_URL has no database name");
    let query = admin_url
        .split_once('?')
        .map(|(_, query)| format!("?{query}"))
        .unwrap_or_default();
    format!("{base}/{name}{query}")
}

async fn connect(url: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .unwrap_or_else(|error| panic!("cannot connect to {url}: {error}"));
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// A digest of everything under `migrations/`, so a changed migration gets a new template.
fn migrations_fingerprint() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file).expect("read a migration"));
    }
    hasher
        .finalize()
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read migrations/") {
        let path = entry.expect("a migrations/ entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// The migrated template, created once per cluster and migration set.
async fn template(admin_url: &str) -> String {
    let name = format!("roster_template_{}", migrations_fingerprint());
    let admin = connect(admin_url).await;
    admin
        .execute("SELECT pg_advisory_lock($1)", &[&TEMPLATE_LOCK])
        .await
        .expect("take the template lock");
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await
        .expect("look for the template")
        .is_some();
    if !exists {
        // Built under another name and renamed when complete, so that a crash mid-way never
        // leaves a half-migrated template behind.
        let building = format!("{name}_building");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{building}\""))
            .await
            .expect("drop a stale template");
        admin
            .batch_execute(&format!("CREATE DATABASE \"{building}\""))
            .await
            .expect("create the template");
        roster_persistence::migrate::run_pending(&url_of(admin_url, &building))
            .await
            .expect("migrate the template");
        admin
            .batch_execute(&format!(
                "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
            ))
            .await
            .expect("publish the template");
    }
    admin
        .execute("SELECT pg_advisory_unlock($1)", &[&TEMPLATE_LOCK])
        .await
        .expect("release the template lock");
    name
}

impl TestDb {
    /// A fresh, migrated database.
    pub async fn new() -> Self {
        let admin_url = admin_url();
        let template = template(&admin_url).await;
        let name = format!(
            "roster_test_{}",
            ulid::Ulid::generate().to_string().to_lowercase()
        );
        let admin = connect(&admin_url).await;
        admin
            .batch_execute(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            ))
            .await
            .expect("clone the template");
        Self {
            url: url_of(&admin_url, &name),
            name,
            admin_url,
        }
    }

    /// An empty database with no migrations applied.
    pub async fn empty() -> Self {
        let admin_url = admin_url();
        let name = format!(
            "roster_test_{}",
            ulid::Ulid::generate().to_string().to_lowercase()
        );
        connect(&admin_url)
            .await
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create an empty database");
        Self {
            url: url_of(&admin_url, &name),
            name,
            admin_url,
        }
    }

    /// A direct connection, for setup and for reading what the server wrote.
    pub async fn client(&self) -> Client {
        connect(&self.url).await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs outside any async context guarantee; a thread with its own runtime does
        // the cleanup, forcing off whatever connections the server still holds.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a cleanup runtime");
            runtime.block_on(async {
                let admin = connect(&admin_url).await;
                let _ = admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            });
        });
        let _ = cleanup.join();
    }
}
