//! `Idempotency-Key` on POSTs: a retry gets the first answer byte for byte, another request
//! under the key is a 422, racing duplicates run once, keys of different callers never meet,
//! and records past their 24 hours are purged in batches.

use std::time::{Duration, Instant};

use roster_persistence::Housekeeping;
use roster_tests::{TestApp, TestConfig, fingerprint, spawn_app, spawn_app_with};
use serde_json::{Value, json};
use tokio::task::JoinSet;

async fn post_with_key(
    app: &TestApp,
    path: &str,
    api_key: Option<&str>,
    idempotency_key: &str,
    body: &Value,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app
        .client
        .post(app.url(path))
        .header("idempotency-key", idempotency_key)
        .json(body);
    if let Some(api_key) = api_key {
        request = request.header("leadr-api-key", api_key);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.unwrap().to_vec();
    (status, headers, body)
}

async fn count(app: &TestApp, query: &str) -> i64 {
    app.db()
        .client()
        .await
        .query_one(query, &[])
        .await
        .unwrap()
        .get(0)
}

fn user_body(app: &TestApp, email: &str) -> Value {
    json!({"account_id": app.superadmin_account, "email": email, "display_name": "Ada"})
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_byte_for_byte_and_runs_nothing() {
    let app = spawn_app().await;
    let body = user_body(&app, "ada@example.com");
    let (status, headers, first) =
        post_with_key(&app, "/v1/users", app.root(), "create-ada", &body).await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&first));
    assert!(headers.get("idempotent-replayed").is_none());

    let (again, replayed, second) =
        post_with_key(&app, "/v1/users", app.root(), "create-ada", &body).await;
    assert_eq!(again, 201);
    assert_eq!(second, first, "the replay is not the first answer");
    assert_eq!(
        replayed
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true")
    );
    assert_eq!(
        replayed.get("content-type").map(|v| v.to_str().unwrap()),
        Some("application/json")
    );
    // Each answer has its own request id.
    assert_ne!(headers.get("x-request-id"), replayed.get("x-request-id"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM users WHERE email = 'ada@example.com'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_events WHERE action = 'user.created' AND actor_type = 'user'"
        )
        .await,
        1
    );

    // Without the key, the same request runs: and is a 409, the email being taken.
    app.post("/v1/users", app.root(), &body)
        .await
        .assert_problem(409, "conflict");
}

#[tokio::test]
async fn the_key_with_another_request_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let (status, _, _) = post_with_key(
        &app,
        "/v1/users",
        app.root(),
        "k1",
        &user_body(&app, "ada@example.com"),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _, body) = post_with_key(
        &app,
        "/v1/users",
        app.root(),
        "k1",
        &user_body(&app, "bob@example.com"),
    )
    .await;
    assert_eq!(status, 422);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body["detail"][0]["loc"],
        json!(["header", "idempotency-key"])
    );
    // The same key on another path is another request too.
    let (status, _, _) = post_with_key(
        &app,
        "/v1/accounts",
        app.root(),
        "k1",
        &json!({"name": "Other"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM users WHERE email = 'bob@example.com'"
        )
        .await,
        0
    );
    assert_eq!(count(&app, "SELECT count(*) FROM accounts").await, 1);

    // A key that is no key is a 422 on the header.
    for bad in ["x".repeat(256), "tab\tinside".to_owned(), "café".to_owned()] {
        let (status, _, body) = post_with_key(
            &app,
            "/v1/users",
            app.root(),
            &bad,
            &user_body(&app, "cy@example.com"),
        )
        .await;
        assert_eq!(status, 422, "{bad:?}");
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body["detail"][0]["loc"],
            json!(["header", "idempotency-key"])
        );
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM users WHERE email = 'cy@example.com'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn ten_racing_posts_with_one_key_create_one_row() {
    let app = std::sync::Arc::new(spawn_app().await);
    let body = user_body(&app, "race@example.com");
    let mut racing = JoinSet::new();
    for _ in 0..10 {
        let app = app.clone();
        let body = body.clone();
        racing.spawn(async move {
            post_with_key(&app, "/v1/users", app.root(), "one-key", &body).await
        });
    }
    let mut created = Vec::new();
    let mut waiting = 0;
    while let Some(answer) = racing.join_next().await {
        let (status, _, body) = answer.unwrap();
        match status {
            201 => created.push(body),
            409 => {
                let body: Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(body["code"], "conflict", "{body}");
                waiting += 1;
            }
            other => panic!("unexpected {other}: {}", String::from_utf8_lossy(&body)),
        }
    }
    assert!(!created.is_empty());
    assert_eq!(created.len() + waiting, 10);
    // Every 201 is the one answer (the first, or its replay).
    assert!(created.windows(2).all(|pair| pair[0] == pair[1]));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM users WHERE email = 'race@example.com'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn keys_of_different_callers_never_meet() {
    let app = spawn_app().await;
    let other = app.admin_key(&app.superadmin_account, true).await;
    let (status, _, first) = post_with_key(
        &app,
        "/v1/accounts",
        app.root(),
        "same-key",
        &json!({"name": "First"}),
    )
    .await;
    assert_eq!(status, 201);
    // Another key, the same idempotency key and body: its own request, which runs.
    let (status, headers, second) = post_with_key(
        &app,
        "/v1/accounts",
        other.key(),
        "same-key",
        &json!({"name": "First"}),
    )
    .await;
    assert_eq!(status, 201);
    assert!(headers.get("idempotent-replayed").is_none());
    let id = |body: &[u8]| serde_json::from_slice::<Value>(body).unwrap()["id"].clone();
    assert_ne!(
        id(&first),
        id(&second),
        "the second caller got the first's answer"
    );

    // A sign-in sends no credential: its key is its address's, and the retry gets the same
    // tokens back.
    let (_, game) = app.account_with_game("Studio").await;
    let sign_in = json!({"game_id": game, "client_fingerprint": fingerprint(9)});
    let (first, _, tokens) =
        post_with_key(&app, "/v1/client/sessions", None, "boot-1", &sign_in).await;
    let (again, replayed, same) =
        post_with_key(&app, "/v1/client/sessions", None, "boot-1", &sign_in).await;
    assert_eq!((first, again), (201, 201));
    assert_eq!(same, tokens);
    assert!(replayed.get("idempotent-replayed").is_some());
}

#[tokio::test]
async fn records_past_their_24_hours_are_purged_in_batches() {
    let app = spawn_app_with(TestConfig {
        housekeeping: Housekeeping {
            interval: Duration::from_millis(300),
            batch: 10,
            ..Housekeeping::default()
        },
        ..TestConfig::default()
    })
    .await;
    let (status, _, _) = post_with_key(
        &app,
        "/v1/accounts",
        app.root(),
        "fresh",
        &json!({"name": "Fresh"}),
    )
    .await;
    assert_eq!(status, 201);
    app.sql(
        "INSERT INTO idempotency_keys (scope, key, fingerprint, started_at, status, response_headers, response_body)
         SELECT 'key:old', 'k' || n, sha256(n::text::bytea), now() - interval '25 hours', 201, '[]', ''
         FROM generate_series(1, 35) AS n",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(
        &app,
        "SELECT count(*) FROM idempotency_keys WHERE scope = 'key:old'",
    )
    .await
        > 0
    {
        assert!(Instant::now() < deadline, "not purged");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The fresh record stays.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM idempotency_keys WHERE key = 'fresh'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_request_without_a_valid_credential_keeps_nothing() {
    let app = spawn_app().await;
    let (status, _, _) = post_with_key(
        &app,
        "/v1/users",
        None,
        "anonymous",
        &user_body(&app, "ada@example.com"),
    )
    .await;
    assert_eq!(status, 401);
    // Nor with a made-up one: a 401 ran nothing and is not kept.
    let (status, _, _) = post_with_key(
        &app,
        "/v1/users",
        Some("ldr_made-up"),
        "anonymous",
        &user_body(&app, "ada@example.com"),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(
        count(&app, "SELECT count(*) FROM idempotency_keys").await,
        0
    );
}
