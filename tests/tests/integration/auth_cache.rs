//! Fast authentication, proved with PostgreSQL's own statistics: a stream of requests with one
//! key costs no lookup per request, `last_used_at` is written at most once a minute, and a
//! change made on another replica is seen within the cache's TTL.

use std::sync::Arc;
use std::time::{Duration, Instant};

use roster_tests::{TestApp, TestConfig, spawn_app, spawn_app_with};
use serde_json::json;
use tokio::task::JoinSet;

/// Calls of the statements of this test's database whose text contains all of `needles`.
async fn calls(app: &TestApp, needles: &[&str]) -> i64 {
    let client = app.db().client().await;
    let rows = client
        .query(
            "SELECT query, calls FROM pg_stat_statements
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        )
        .await
        .unwrap();
    rows.iter()
        .filter(|row| {
            let query: String = row.get(0);
            needles.iter().all(|needle| query.contains(needle))
        })
        .map(|row| row.get::<_, i64>(1))
        .sum()
}

async fn reset_statistics(app: &TestApp) {
    app.sql(
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0);",
    )
    .await;
}

#[tokio::test]
async fn two_hundred_requests_with_one_key_cost_at_most_two_key_lookups() {
    let app = Arc::new(spawn_app().await);
    reset_statistics(&app).await;
    app.get("/v1/accounts", app.root()).await.assert_status(200);
    let mut requests = JoinSet::new();
    for _ in 0..199 {
        let app = app.clone();
        requests.spawn(async move { app.get("/v1/accounts", app.root()).await.status });
        if requests.len() >= 20 {
            assert_eq!(requests.join_next().await.unwrap().unwrap(), 200);
        }
    }
    while let Some(status) = requests.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
    let lookups = calls(&app, &["SELECT", "key_digest"]).await;
    assert!(
        (1..=2).contains(&lookups),
        "{lookups} key lookups for 200 requests"
    );
    let listings = calls(&app, &["SELECT", "FROM \"accounts\""]).await;
    assert!(
        listings >= 200,
        "the requests themselves reached the database: {listings}"
    );
}

#[tokio::test]
async fn without_the_cache_every_request_looks_its_key_up() {
    // The control for the test above: the statistics do count lookups.
    let app = spawn_app_with(TestConfig {
        key_cache_ttl: Duration::ZERO,
        ..TestConfig::default()
    })
    .await;
    reset_statistics(&app).await;
    for _ in 0..20 {
        app.get("/v1/accounts", app.root()).await.assert_status(200);
    }
    assert_eq!(calls(&app, &["SELECT", "key_digest"]).await, 20);
}

#[tokio::test]
async fn last_used_at_is_written_at_most_once_a_minute_and_off_the_request_path() {
    let app = spawn_app().await;
    reset_statistics(&app).await;
    for _ in 0..30 {
        app.get("/v1/accounts", app.root()).await.assert_status(200);
    }
    let started = Instant::now();
    loop {
        let written = calls(&app, &["UPDATE", "last_used_at"]).await;
        if written >= 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "last_used_at was never written"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(calls(&app, &["UPDATE", "last_used_at"]).await, 1);
    let stored: Option<String> = app
        .db()
        .client()
        .await
        .query_one("SELECT last_used_at::text FROM api_keys", &[])
        .await
        .unwrap()
        .get(0);
    assert!(stored.is_some());
}

#[tokio::test]
async fn another_replica_refuses_a_revoked_key_within_the_cache_ttl() {
    let first = spawn_app().await;
    let second = spawn_app_with(TestConfig {
        database_url: Some(first.db().url.clone()),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    let studio = first.create_account("Studio", None).await;
    let admin = first.admin_key(studio["id"].as_str().unwrap(), false).await;
    second
        .get("/v1/accounts", admin.key())
        .await
        .assert_status(200);

    let key = format!(
        "/v1/api-keys/{}",
        roster_domain::ApiKeyId::from_uuid(admin.key_uuid.parse().unwrap())
    );
    first
        .patch(&key, first.root(), &json!({"status": "revoked"}))
        .await
        .assert_status(200);
    first
        .get("/v1/accounts", admin.key())
        .await
        .assert_problem(401, "unauthorized");
    let revoked = Instant::now();
    loop {
        let response = second.get("/v1/accounts", admin.key()).await;
        if response.status == 401 {
            break;
        }
        response.assert_status(200);
        assert!(
            revoked.elapsed() < Duration::from_millis(5_500),
            "the other replica still accepts the key after its cache's TTL"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
