//! Two replicas on one database: what one of them revokes, the other refuses within a second,
//! though it had the key cached (the cache's TTL is 5 s); and a replica that could not hear of
//! a revocation forgets what it cached.

use std::time::{Duration, Instant};

use roster_tests::{FaultProxy, TestApp, TestConfig, spawn_app, spawn_app_with};
use serde_json::json;

/// Waits until every replica's revocation listener is listening (`replicas` of them).
async fn until_listening(app: &TestApp, replicas: i64) {
    let client = app.db().client().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let listening: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND application_name = 'roster-listener' AND query LIKE 'LISTEN%'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if listening >= replicas {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{listening} of {replicas} listening"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Asks `replica` with `key` until it refuses it (401), for at most `within`; how long it took.
async fn until_refused(replica: &TestApp, key: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let response = replica.get("/v1/accounts", Some(key)).await;
        if response.status == 401 {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "still answered {} after {within:?}",
            response.status
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A second replica of `first` (on `database_url`, its database unless a proxy stands
/// between), both listening, and a key of a new account that the second has verified and
/// cached: `(second, account id, key secret, key uuid)`.
async fn replica_caching_a_key(
    first: &TestApp,
    database_url: String,
) -> (TestApp, String, String, String) {
    let second = spawn_app_with(TestConfig {
        database_url: Some(database_url),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    until_listening(first, 2).await;
    let account = first.create_account("Studio", None).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let admin = first.admin_key(&id, false).await;
    let key = admin.key().unwrap().to_owned();
    second
        .get("/v1/accounts", Some(&key))
        .await
        .assert_status(200);
    (second, id, key, admin.key_uuid)
}

#[tokio::test]
async fn a_key_revoked_on_one_replica_is_refused_by_the_other_within_a_second() {
    let first = spawn_app().await;
    let url = first.db().url.clone();
    let (second, _, key, key_uuid) = replica_caching_a_key(&first, url).await;
    first
        .patch(
            &format!("/v1/api-keys/key_{key_uuid}"),
            first.root(),
            &json!({"status": "revoked"}),
        )
        .await
        .assert_status(200);
    until_refused(&second, &key, Duration::from_secs(1)).await;
}

#[tokio::test]
async fn a_suspended_account_stops_its_keys_on_every_replica() {
    let first = spawn_app().await;
    let url = first.db().url.clone();
    let (second, id, key, _) = replica_caching_a_key(&first, url).await;
    first
        .patch(
            &format!("/v1/accounts/{id}"),
            first.root(),
            &json!({"status": "suspended"}),
        )
        .await
        .assert_status(200);
    until_refused(&second, &key, Duration::from_secs(1)).await;
}

#[tokio::test]
async fn a_replica_that_could_not_hear_a_revocation_forgets_its_cached_keys() {
    let first = spawn_app().await;
    let (proxy, url) = FaultProxy::before(&first.db().url).await;
    let (second, _, key, key_uuid) = replica_caching_a_key(&first, url).await;

    // The second replica hears nothing while the key is revoked, then loses its connections.
    proxy.freeze(true);
    first
        .patch(
            &format!("/v1/api-keys/key_{key_uuid}"),
            first.root(),
            &json!({"status": "revoked"}),
        )
        .await
        .assert_status(200);
    proxy.cut();
    proxy.freeze(false);
    // Well within the 5 s TTL that would otherwise keep the key working.
    until_refused(&second, &key, Duration::from_secs(2)).await;
}
