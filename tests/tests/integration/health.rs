//! Health, liveness, request ids, and answers when the database is out of reach.

use std::time::Duration;

use roster_tests::{TestConfig, spawn_app, spawn_app_with};

#[tokio::test]
async fn health_reports_a_reachable_database() {
    let app = spawn_app().await;
    let response = app.get("/v1/health", None).await;
    response.assert_status(200);
    assert_eq!(
        response.json,
        serde_json::json!({"service": "roster", "status": "healthy", "database": "connected"})
    );
}

#[tokio::test]
async fn liveness_answers_without_a_database() {
    let app = spawn_app_with(TestConfig {
        database_url: Some("postgres://postgres@127.0.0.1:1/nowhere".to_owned()),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    let response = app.get("/v1/health/live", None).await;
    response.assert_status(200);
    assert_eq!(response.json, serde_json::json!({"status": "alive"}));
}

#[tokio::test]
async fn an_unreachable_database_is_a_503_with_retry_after() {
    let app = spawn_app_with(TestConfig {
        database_url: Some("postgres://postgres@127.0.0.1:1/nowhere".to_owned()),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    let health = app.get("/v1/health", None).await;
    health.assert_status(503);
    assert_eq!(health.json["status"], "unhealthy");
    assert_eq!(health.json["database"], "disconnected");
    assert_eq!(
        health.header("retry-after"),
        Some("1"),
        "every 503 says when to retry"
    );

    let key = format!("ldr_{}", "A".repeat(43));
    let listing = app.get("/v1/accounts", Some(&key)).await;
    listing.assert_problem(503, "unavailable");
    assert_eq!(listing.header("retry-after"), Some("1"));
    assert!(
        !listing.text.contains("127.0.0.1"),
        "internals leaked: {}",
        listing.text
    );
}

#[tokio::test]
async fn an_exhausted_pool_is_a_503_after_the_wait_timeout() {
    let app = spawn_app_with(TestConfig {
        pool_size: 1,
        pool_wait: Duration::from_millis(200),
        ..TestConfig::default()
    })
    .await;
    // Hold the pool's only connection.
    let held = app.store.pool().get().await.expect("a connection");
    let response = app.get("/v1/accounts", app.root()).await;
    response.assert_problem(503, "unavailable");
    assert_eq!(response.header("retry-after"), Some("1"));
    drop(held);
    app.get("/v1/accounts", app.root()).await.assert_status(200);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let generated = app.get("/v1/health/live", None).await;
    let id = generated.header("x-request-id").expect("a generated id");
    assert_eq!(id.len(), 26, "a ULID: {id}");

    let echoed = app
        .send(
            app.client
                .get(app.url("/v1/accounts"))
                .header("x-request-id", "trace-abc-123"),
        )
        .await;
    echoed.assert_status(401);
    assert_eq!(echoed.header("x-request-id"), Some("trace-abc-123"));

    let missing = app.get("/v1/no-such-route", None).await;
    missing.assert_problem(404, "not_found");
    assert!(missing.header("x-request-id").is_some());

    let unacceptable = app
        .send(
            app.client
                .get(app.url("/v1/health/live"))
                .header("x-request-id", "x".repeat(200)),
        )
        .await;
    let replaced = unacceptable.header("x-request-id").expect("an id");
    assert_eq!(replaced.len(), 26, "an overlong id is replaced: {replaced}");
}

#[tokio::test]
async fn the_served_openapi_document_is_the_emitted_one() {
    let app = spawn_app().await;
    let response = app.get("/openapi.json", None).await;
    response.assert_status(200);
    let emitted = roster_http_document();
    assert_eq!(response.text, emitted);
}

#[tokio::test]
async fn the_reference_page_and_its_assets_are_served_from_the_binary() {
    let app = spawn_app().await;
    let page = app.get("/docs", None).await;
    page.assert_status(200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    // Every asset the page names is served, with its type, relative to the page.
    for (reference, content_type) in [
        ("docs/swagger-ui-bundle.js", "text/javascript"),
        ("docs/swagger-ui.css", "text/css"),
        ("openapi.json", "application/json"),
    ] {
        assert!(
            page.text.contains(&format!("\"{reference}\"")),
            "{reference}"
        );
        let asset = app.get(&format!("/{reference}"), None).await;
        asset.assert_status(200);
        assert!(
            asset
                .header("content-type")
                .unwrap()
                .starts_with(content_type),
            "{reference}"
        );
        assert!(asset.text.len() > 1_000, "{reference} has content");
    }
}

fn roster_http_document() -> String {
    roster_server::openapi_json().expect("the document")
}
