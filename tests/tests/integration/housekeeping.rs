//! Expired nonces and finished sessions are purged in the background, in bounded batches,
//! and never on a request's path.

use std::time::{Duration, Instant};

use roster_persistence::Housekeeping;
use roster_tests::{TestApp, TestConfig, fingerprint, spawn_app_with};

async fn count(app: &TestApp, query: &str) -> i64 {
    app.db()
        .client()
        .await
        .query_one(query, &[])
        .await
        .unwrap()
        .get(0)
}

async fn delete_calls(app: &TestApp, table: &str) -> i64 {
    app.db()
        .client()
        .await
        .query_one(
            "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND query LIKE 'DELETE FROM ' || $1 || '%'",
            &[&table],
        )
        .await
        .unwrap()
        .get(0)
}

/// An identity with `expired` finished sessions and nonces and `live` ones of each.
async fn seed(app: &TestApp, expired: i64, live: i64) {
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let access = session["access_token"].as_str().unwrap();
    for _ in 0..live {
        app.nonce(access).await;
    }
    app.sql(&format!(
        "INSERT INTO client_nonces (value, identity_id, expires_at, created_at)
         SELECT gen_random_uuid(), id, now() - interval '1 minute', now() - interval '2 minutes'
         FROM identities, generate_series(1, {expired});
         INSERT INTO client_sessions (id, identity_id, player_id, account_id, game_id, version, issued_at,
                                      refresh_expires_at, test_mode, created_at, updated_at)
         SELECT gen_random_uuid(), id, player_id, account_id, game_id, 1, now() - interval '31 days',
                now() - interval '1 day', false, now() - interval '31 days', now()
         FROM identities, generate_series(1, {expired});
         INSERT INTO client_sessions (id, identity_id, player_id, account_id, game_id, version, issued_at,
                                      refresh_expires_at, revoked_at, test_mode, created_at, updated_at)
         SELECT gen_random_uuid(), id, player_id, account_id, game_id, 1, now() - interval '2 days',
                now() + interval '28 days', now() - interval '2 hours', false, now(), now()
         FROM identities, generate_series(1, {expired});
         INSERT INTO client_sessions (id, identity_id, player_id, account_id, game_id, version, issued_at,
                                      refresh_expires_at, test_mode, created_at, updated_at)
         SELECT gen_random_uuid(), id, player_id, account_id, game_id, 1, now(), now() + interval '30 days',
                false, now(), now()
         FROM identities, generate_series(2, {live});"
    ))
    .await;
}

#[tokio::test]
async fn expired_nonces_and_finished_sessions_are_purged_in_batches_and_live_ones_kept() {
    let app = spawn_app_with(TestConfig {
        housekeeping: Housekeeping {
            interval: Duration::from_millis(300),
            batch: 10,
            ..Housekeeping::default()
        },
        ..TestConfig::default()
    })
    .await;
    app.sql(
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0);",
    )
    .await;
    seed(&app, 35, 5).await;
    let started = Instant::now();
    loop {
        let nonces = count(&app, "SELECT count(*) FROM client_nonces").await;
        let sessions = count(&app, "SELECT count(*) FROM client_sessions").await;
        if nonces == 5 && sessions == 5 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not purged: {nonces} nonces, {sessions} sessions"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM client_nonces WHERE expires_at < now()"
        )
        .await,
        0
    );
    // 35 expired nonces in batches of 10 take at least four statements; 70 sessions, eight.
    assert!(delete_calls(&app, "client_nonces").await >= 4);
    assert!(delete_calls(&app, "client_sessions").await >= 8);
}

#[tokio::test]
async fn requests_never_purge() {
    let app = spawn_app_with(TestConfig {
        housekeeping: Housekeeping {
            interval: Duration::from_secs(3_600),
            batch: 10,
            ..Housekeeping::default()
        },
        ..TestConfig::default()
    })
    .await;
    // The first round runs at start-up; wait for it, then count from zero.
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.sql(
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0);",
    )
    .await;
    seed(&app, 5, 2).await;
    let (_, game) = app.account_with_game("Busy").await;
    for n in 0..10 {
        let session = app.session(&game, &fingerprint(100 + n)).await;
        let access = session["access_token"].as_str().unwrap();
        let nonce = app.nonce(access).await;
        app.patch_me(
            access,
            Some(&nonce),
            &serde_json::json!({"display_name": "Busy"}),
        )
        .await
        .assert_status(200);
    }
    assert_eq!(delete_calls(&app, "client_nonces").await, 0);
    assert_eq!(delete_calls(&app, "client_sessions").await, 0);
    assert_eq!(delete_calls(&app, "audit_events").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM client_nonces WHERE expires_at < now()"
        )
        .await,
        5
    );
}

#[tokio::test]
async fn audit_events_past_the_retention_are_purged_oldest_first_in_batches() {
    let app = spawn_app_with(TestConfig {
        housekeeping: Housekeeping {
            interval: Duration::from_millis(300),
            batch: 10,
            audit_retention_days: 30,
        },
        ..TestConfig::default()
    })
    .await;
    app.sql(
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0);",
    )
    .await;
    let kept_before = count(&app, "SELECT count(*) FROM audit_events").await;
    app.sql(
        "INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, action, target_type,
                                   target_id, changes)
         SELECT gen_random_uuid(), now() - make_interval(days => 31 + n), 'system', 'roster',
                'account.updated', 'account', 'acc_old', '{}'
         FROM generate_series(1, 25) AS n;
         INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, action, target_type,
                                   target_id, changes)
         SELECT gen_random_uuid(), now() - make_interval(days => 29), 'system', 'roster',
                'account.updated', 'account', 'acc_recent', '{}'
         FROM generate_series(1, 3);",
    )
    .await;
    let started = Instant::now();
    while count(
        &app,
        "SELECT count(*) FROM audit_events WHERE target_id = 'acc_old'",
    )
    .await
        > 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "old events not purged"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(&app, "SELECT count(*) FROM audit_events").await,
        kept_before + 3,
        "the events within the retention stay"
    );
    // 25 old events in batches of 10 take at least three statements.
    assert!(delete_calls(&app, "audit_events").await >= 3);
}

#[tokio::test]
async fn finished_deliveries_past_the_retention_are_purged_and_pending_ones_stay() {
    let app = spawn_app_with(TestConfig {
        housekeeping: Housekeeping {
            interval: Duration::from_millis(300),
            batch: 10,
            audit_retention_days: 30,
        },
        ..TestConfig::default()
    })
    .await;
    let created = app
        .post(
            "/v1/webhooks",
            app.root(),
            &serde_json::json!({"url": "http://127.0.0.1:9/hooks", "events": ["user.deleted"]}),
        )
        .await;
    created.assert_status(201);
    let webhook = roster_domain::WebhookId::parse(created.json["id"].as_str().unwrap())
        .unwrap()
        .to_uuid();
    // Old ones delivered and failed, an old one still pending (far in the future, so the
    // deliverer leaves it), and a recent delivered one.
    app.sql(&format!(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, action, status, created_at,
                                         next_attempt_at, finished_at)
         SELECT '{webhook}', gen_random_uuid(), 'user.deleted', status, at, next, done
         FROM (VALUES
             ('delivered', now() - interval '40 days', NULL::timestamptz, now()),
             ('failed', now() - interval '35 days', NULL, now()),
             ('pending', now() - interval '35 days', now() + interval '1 day', NULL),
             ('delivered', now() - interval '3 days', NULL, now())
         ) AS rows (status, at, next, done), generate_series(1, 12);"
    ))
    .await;
    let started = Instant::now();
    while count(
        &app,
        "SELECT count(*) FROM webhook_deliveries
         WHERE status <> 'pending' AND created_at < now() - interval '30 days'",
    )
    .await
        > 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "old deliveries not purged"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"
        )
        .await,
        12
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM webhook_deliveries WHERE created_at > now() - interval '4 days'"
        )
        .await,
        12
    );
}
