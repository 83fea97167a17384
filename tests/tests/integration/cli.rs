//! The `roster` binary itself: its commands, its configuration errors, and its life cycle.
//!
//! `make test` builds the binary first and names it in `ROSTER_BIN`.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use roster_tests::{
    TEST_CURSOR_SECRET, TEST_JWT_SECRET, TEST_SECRETS_KEY, TestConfig, TestDb, spawn_app_with,
};

fn roster() -> Command {
    roster_tests::roster_command()
}

#[test]
fn roster_openapi_prints_the_document_the_server_serves() {
    let output = roster().arg("openapi").output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(printed, roster_server::openapi_json().unwrap());
    let document: serde_json::Value = serde_json::from_str(&printed).unwrap();
    assert!(document["paths"]["/v1/accounts/{account_id}"]["patch"].is_object());
}

#[test]
fn roster_serve_names_the_missing_or_weak_secret() {
    let missing = roster()
        .arg("serve")
        .env("ROSTER_DATABASE_URL", "postgres://127.0.0.1:1/x")
        .env("ROSTER_CURSOR_SECRET", TEST_CURSOR_SECRET)
        .output()
        .unwrap();
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("ROSTER_JWT_SECRET is not set"), "{stderr}");

    let weak = roster()
        .arg("serve")
        .env("ROSTER_DATABASE_URL", "postgres://127.0.0.1:1/x")
        .env("ROSTER_CURSOR_SECRET", "too short")
        .env("ROSTER_JWT_SECRET", TEST_JWT_SECRET)
        .output()
        .unwrap();
    assert!(!weak.status.success());
    let stderr = String::from_utf8_lossy(&weak.stderr);
    assert!(
        stderr.contains("ROSTER_CURSOR_SECRET must be at least 32 bytes"),
        "{stderr}"
    );

    let no_database = roster().arg("migrate").output().unwrap();
    assert!(!no_database.status.success());
    assert!(String::from_utf8_lossy(&no_database.stderr).contains("ROSTER_DATABASE_URL"));
}

#[tokio::test]
async fn roster_migrate_applies_the_migrations_to_an_empty_database() {
    let db = TestDb::empty().await;
    let status = roster()
        .arg("migrate")
        .env("ROSTER_DATABASE_URL", &db.url)
        .status()
        .unwrap();
    assert!(status.success());
    let tables: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = 'public' AND table_name IN ('accounts', 'users', 'api_keys')",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tables, 3);
}

#[tokio::test]
async fn roster_bootstrap_prints_a_working_key_once_and_then_refuses() {
    let db = TestDb::empty().await;
    let first = roster()
        .args([
            "bootstrap",
            "--email",
            "ops@example.com",
            "--account-name",
            "Ops Team",
        ])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let key = String::from_utf8(first.stdout).unwrap().trim().to_owned();
    assert!(key.starts_with("ldr_") && key.len() == 47, "{key}");
    assert!(
        !String::from_utf8_lossy(&first.stderr).contains(&key),
        "the key is printed once, on stdout"
    );

    let second = roster()
        .args(["bootstrap", "--email", "other@example.com"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(3));
    assert!(second.stdout.is_empty());

    let app = spawn_app_with(TestConfig {
        database_url: Some(db.url.clone()),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    let listed = app.get("/v1/accounts", Some(&key)).await;
    listed.assert_status(200);
    assert_eq!(listed.json["data"][0]["slug"], "ops-team");
    let stored: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM api_keys WHERE key_digest = sha256($1::text::bytea)",
            &[&key],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, 1, "only the key's SHA-256 digest is stored");
    let plain: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM api_keys WHERE position($1 in prefix) > 0 OR encode(key_digest, 'escape') = $1",
            &[&key],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(plain, 0, "the secret itself is stored nowhere");
}

#[tokio::test]
async fn roster_serve_migrates_serves_and_stops_gracefully_on_sigterm() {
    let db = TestDb::empty().await;
    let mut child = roster()
        .arg("serve")
        .env("ROSTER_DATABASE_URL", &db.url)
        .env("ROSTER_CURSOR_SECRET", TEST_CURSOR_SECRET)
        .env("ROSTER_JWT_SECRET", TEST_JWT_SECRET)
        .env("ROSTER_SECRETS_KEY", TEST_SECRETS_KEY)
        .env("ROSTER_BIND", "127.0.0.1:0")
        .env("ROSTER_WORKERS", "1")
        .env("ROSTER_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines
            .next()
            .expect("the server logs before it serves")
            .unwrap();
        let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if event["message"] == "serving" {
            break event["port"].as_u64().expect("the port") as u16;
        }
    };

    let client = roster_tests::http_client();
    let live = client
        .get(format!("http://127.0.0.1:{port}/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200, "migrated and connected");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "a graceful stop exits 0: {status:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|line| line.contains("\"stopped\"")),
        "{rest:?}"
    );
}
