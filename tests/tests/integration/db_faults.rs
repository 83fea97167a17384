//! What clients get when the database fails under them: a connection terminated mid-request,
//! a database that stops answering, a server stopping while requests are in flight, a client
//! that trickles its body, and what the log says through an outage.
//!
//! A frozen database is a proxy that stops every byte ([`FaultProxy`]): to Roster that is a
//! PostgreSQL stopped with SIGSTOP, without signalling the cluster the other tests share.

use std::time::{Duration, Instant};

use diesel::IntoSql;
use diesel::sql_types::Integer;
use diesel_async::RunQueryDsl;
use roster_persistence::{PgStore, PoolConfig};
use roster_tests::{FaultProxy, ServerProcess, TestConfig, TestDb, spawn_app, spawn_app_with};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Unfreezes the proxy however the test ends.
struct Thaw<'a>(&'a FaultProxy);

impl Drop for Thaw<'_> {
    fn drop(&mut self) {
        self.0.freeze(false);
    }
}

/// Waits until `query` (a count) on `client` returns `expected`, for at most 10 s.
async fn until_count(client: &tokio_postgres::Client, query: &str, expected: i64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let count: i64 = client.query_one(query, &[]).await.unwrap().get(0);
        if count == expected {
            return;
        }
        assert!(Instant::now() < deadline, "{query} stayed at {count}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_connection_terminated_mid_request_answers_503_and_is_not_reused() {
    let app = spawn_app().await;
    let account = app.create_account("Locked", None).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let uuid = id.strip_prefix("acc_").unwrap().to_owned();

    // Hold the account's row, so that a PATCH waits inside its transaction.
    let holder = app.db().client().await;
    holder
        .batch_execute(&format!(
            "BEGIN; SELECT 1 FROM accounts WHERE id = '{uuid}' FOR UPDATE"
        ))
        .await
        .unwrap();
    let patch = tokio::spawn({
        let request = app
            .client
            .patch(app.url(&format!("/v1/accounts/{id}")))
            .header("leadr-api-key", app.superadmin_key.as_str())
            .json(&json!({"name": "Renamed"}));
        async move { request.send().await.expect("an answer") }
    });
    let admin = app.db().client().await;
    until_count(
        &admin,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND application_name = 'roster' AND wait_event_type = 'Lock'",
        1,
    )
    .await;

    // The administrator terminates every connection of the server (SQLSTATE 57P01).
    admin
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = 'roster'",
        )
        .await
        .unwrap();
    let answered = patch.await.unwrap();
    assert_eq!(answered.status(), 503, "{:?}", answered.text().await);
    assert_eq!(
        answered
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap()),
        Some("1")
    );
    let body: serde_json::Value = answered.json().await.unwrap();
    assert_eq!(body["code"], "unavailable");
    holder.batch_execute("ROLLBACK").await.unwrap();

    // The dead connections went; new ones serve the next requests.
    for _ in 0..5 {
        app.get(&format!("/v1/accounts/{id}"), app.root())
            .await
            .assert_status(200);
    }
    let renamed = app
        .patch(
            &format!("/v1/accounts/{id}"),
            app.root(),
            &json!({"name": "Renamed"}),
        )
        .await;
    renamed.assert_status(200);
}

#[tokio::test]
async fn a_frozen_database_answers_503_within_the_pool_wait_and_the_deadline() {
    let db = TestDb::new().await;
    let (proxy, url) = FaultProxy::before(&db.url).await;
    let pool_wait = Duration::from_millis(500);
    let deadline = Duration::from_secs(1);
    let app = spawn_app_with(TestConfig {
        database_url: Some(url),
        pool_wait,
        operation_timeout: deadline,
        ..TestConfig::default()
    })
    .await;
    app.get("/v1/accounts", app.root()).await.assert_status(200);

    proxy.freeze(true);
    let _thaw = Thaw(&proxy);
    // Without a client-side bound these wait as long as the database is frozen; the client
    // gives up well after pool wait + deadline, and a request that waited that long fails.
    let patience = pool_wait + deadline + Duration::from_secs(5);
    for path in ["/v1/accounts", "/v1/health"] {
        let response = app
            .send(
                app.client
                    .get(app.url(path))
                    .header("leadr-api-key", app.superadmin_key.as_str())
                    .timeout(patience),
            )
            .await;
        response.assert_status(503);
        assert_eq!(response.header("retry-after"), Some("1"), "{path}");
    }

    proxy.freeze(false);
    let recovered = Instant::now() + Duration::from_secs(10);
    loop {
        let response = app.get("/v1/accounts", app.root()).await;
        if response.status == 200 {
            break;
        }
        assert_eq!(response.status, 503, "{}", response.text);
        assert!(Instant::now() < recovered, "the server did not recover");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn a_connection_keeps_working_after_the_runtime_that_opened_it_stops() {
    // The server's own runtime builds the pool; each HTTP worker runs a runtime of its own,
    // and at shutdown the workers stop one by one.
    let home = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = home.block_on(TestDb::new());
    let store = home.block_on(async {
        PgStore::connect(&PoolConfig {
            max_size: 1,
            ..PoolConfig::new(db.url.clone())
        })
        .unwrap()
    });
    let worker = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A worker opens the pool's only connection and returns it.
    worker.block_on(async {
        let mut conn = store.pool().get().await.unwrap();
        diesel::select(1_i32.into_sql::<Integer>())
            .get_result::<i32>(&mut conn)
            .await
            .unwrap();
    });
    // Another worker takes it, and the first one stops.
    let mut conn = home.block_on(store.pool().get()).unwrap();
    drop(worker);
    let answer = home.block_on(async {
        diesel::select(1_i32.into_sql::<Integer>())
            .get_result::<i32>(&mut conn)
            .await
    });
    assert_eq!(answer.ok(), Some(1), "the connection died with the worker");
    drop(conn);
    drop(store);
    drop(db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_in_flight_at_sigterm_get_their_real_answer() {
    let db = TestDb::new().await;
    let server = ServerProcess::start(&db.url, &[("ROSTER_WORKERS", "2")]);
    let url = server.url("/v1/health");
    let client = roster_tests::http_client();
    let mut load = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (client, url) = (client.clone(), url.clone());
        load.spawn(async move {
            let mut statuses = Vec::new();
            // Until the server stops taking connections.
            while let Ok(response) = client.get(&url).send().await {
                statuses.push(response.status().as_u16());
            }
            statuses
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.terminate();
    let mut statuses = Vec::new();
    while let Some(task) = load.join_next().await {
        statuses.extend(task.unwrap());
    }
    let mut server = server;
    assert!(server.wait(Duration::from_secs(20)).success());
    assert!(statuses.len() > 50, "only {} requests", statuses.len());
    let failed: Vec<&u16> = statuses.iter().filter(|status| **status != 200).collect();
    assert!(
        failed.is_empty(),
        "{} of {}: {failed:?}",
        failed.len(),
        statuses.len()
    );
}

#[tokio::test]
async fn a_body_trickling_in_past_the_timeout_gets_a_408() {
    let app = spawn_app_with(TestConfig {
        body_timeout: Duration::from_secs(1),
        ..TestConfig::default()
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /v1/accounts HTTP/1.1\r\nHost: {address}\r\nleadr-api-key: {}\r\n\
         Content-Type: application/json\r\nContent-Length: 64\r\n\r\n{{",
        app.superadmin_key
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let (mut reader, mut writer) = socket.into_split();
    // One byte every 200 ms: the 64 bytes would take 13 s.
    let trickle = tokio::spawn(async move {
        for _ in 0..63 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if writer.write_all(b" ").await.is_err() {
                return;
            }
        }
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(8), async {
        let mut buffer = [0_u8; 4096];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    answer.extend_from_slice(&buffer[..n]);
                    if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                        return;
                    }
                }
            }
        }
    })
    .await;
    trickle.abort();
    assert!(
        read.is_ok(),
        "no answer within 8 s: the body was waited for"
    );
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"code\":\"request_timeout\""), "{text}");
}

// Multi-threaded: the proxy keeps running while the test waits for the process to serve.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_is_logged_once_summarized_each_second_and_ended_once() {
    let db = TestDb::new().await;
    let (proxy, url) = FaultProxy::before(&db.url).await;
    let server = ServerProcess::start(
        &url,
        &[
            ("ROSTER_POOL_WAIT_TIMEOUT_MS", "300"),
            ("ROSTER_DB_CONNECT_TIMEOUT_MS", "300"),
        ],
    );
    let client = roster_tests::http_client();
    let health = server.url("/v1/health");
    assert_eq!(client.get(&health).send().await.unwrap().status(), 200);

    proxy.refuse(true);
    let outage = Instant::now();
    let mut refused = 0;
    while outage.elapsed() < Duration::from_millis(2_500) {
        let mut wave = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let (client, health) = (client.clone(), health.clone());
            wave.spawn(async move { client.get(&health).send().await.unwrap().status() });
        }
        while let Some(status) = wave.join_next().await {
            assert_eq!(status.unwrap(), 503);
            refused += 1;
        }
    }
    proxy.refuse(false);
    let lasted = outage.elapsed();
    // The outage ends with the first success once a second has passed without a failure.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let back = Instant::now() + Duration::from_secs(10);
    while client.get(&health).send().await.unwrap().status() != 200 {
        assert!(Instant::now() < back, "the database did not come back");
        tokio::time::sleep(Duration::from_millis(1_100)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    let log = server.log();
    let said = |message: &str| {
        log.iter()
            .filter(|event| event["message"].as_str() == Some(message))
            .count()
    };
    let warnings = log.iter().filter(|event| event["level"] == "WARN").count();
    assert!(refused >= 100, "only {refused} requests");
    assert_eq!(
        said("database unavailable: requests are answered 503 until it returns"),
        1,
        "{log:#?}"
    );
    // At most one summary a second.
    let seconds = usize::try_from(lasted.as_secs()).unwrap() + 1;
    assert!(said("database still unavailable") <= seconds, "{log:#?}");
    assert_eq!(said("database available again"), 1, "{log:#?}");
    let warned: Vec<&serde_json::Value> = log
        .iter()
        .filter(|event| event["level"] == "WARN")
        .collect();
    assert!(
        warnings <= 1 + seconds,
        "{warnings} warnings for {refused} refused requests in {lasted:?}: {warned:#?}"
    );
}
