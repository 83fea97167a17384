//! `GET /metrics`: Prometheus text that parses, counters that move with the requests, the
//! pool's and the outbox's gauges, no ids or secrets in labels, and a listener of its own.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use roster_tests::{TestApp, TestConfig, WebhookReceiver, spawn_app, spawn_app_with};
use serde_json::json;

/// One sample: its metric name, labels, value.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses the Prometheus text exposition format (version 0.0.4): `# HELP`/`# TYPE` lines,
/// blank lines, and `name{label="value",…} value [timestamp]` samples, label values escaping
/// `\\`, `\"` and `\n`. Panics, naming the line, on anything else.
fn parse(page: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut typed = BTreeMap::new();
    for line in page.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let mut words = comment.split_whitespace();
            match words.next() {
                Some("TYPE") => {
                    let name = words.next().expect("a TYPE names a metric");
                    let kind = words.next().expect("a TYPE has a type");
                    assert!(
                        ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                        "{line}"
                    );
                    assert!(
                        typed.insert(name.to_owned(), kind.to_owned()).is_none(),
                        "two TYPE lines for {name}"
                    );
                }
                Some("HELP") => assert!(words.next().is_some(), "{line}"),
                _ => {}
            }
            continue;
        }
        let name_end = line
            .find(['{', ' '])
            .unwrap_or_else(|| panic!("no value: {line}"));
        let name = &line[..name_end];
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                && !name.starts_with(|c: char| c.is_ascii_digit()),
            "bad metric name in {line}"
        );
        let mut rest = &line[name_end..];
        let mut labels = BTreeMap::new();
        if let Some(inner) = rest.strip_prefix('{') {
            let mut chars = inner.char_indices().peekable();
            let mut end = None;
            while let Some((at, c)) = chars.next() {
                if c == '}' {
                    end = Some(at);
                    break;
                }
                if c == ',' {
                    continue;
                }
                let key_start = at;
                let mut key_end = at;
                for (i, k) in chars.by_ref() {
                    if k == '=' {
                        key_end = i;
                        break;
                    }
                }
                let key = inner[key_start..key_end].trim().to_owned();
                assert_eq!(chars.next().map(|(_, q)| q), Some('"'), "{line}");
                let mut value = String::new();
                loop {
                    match chars.next().map(|(_, v)| v) {
                        Some('\\') => match chars.next().map(|(_, e)| e) {
                            Some('n') => value.push('\n'),
                            Some(e @ ('\\' | '"')) => value.push(e),
                            other => panic!("bad escape {other:?} in {line}"),
                        },
                        Some('"') => break,
                        Some(v) => value.push(v),
                        None => panic!("unterminated label value in {line}"),
                    }
                }
                assert!(
                    key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "bad label name {key:?} in {line}"
                );
                labels.insert(key, value);
            }
            let end = end.unwrap_or_else(|| panic!("unterminated labels: {line}"));
            rest = &inner[end + 1..];
        }
        let mut fields = rest.split_whitespace();
        let value = fields.next().unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            number => number
                .parse()
                .unwrap_or_else(|_| panic!("bad value {number:?} in {line}")),
        };
        if let Some(timestamp) = fields.next() {
            timestamp
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("bad timestamp in {line}"));
        }
        assert!(fields.next().is_none(), "trailing text in {line}");
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    samples
}

async fn scrape(app: &TestApp) -> (String, Vec<Sample>) {
    let answer = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let kind = answer
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    let page = answer.text().await.unwrap();
    let samples = parse(&page);
    (page, samples)
}

/// The sum of `name`'s samples whose labels include `labels`.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|sample| sample.name == name)
        .filter(|sample| {
            labels
                .iter()
                .all(|(key, value)| sample.labels.get(*key).map(String::as_str) == Some(*value))
        })
        .map(|sample| sample.value)
        .sum()
}

#[test]
fn the_parser_refuses_what_is_not_the_text_format() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{route=\"/v1/x/{id}\",q=\"a\\\"b\"} 3\nb 1.5e3 1700000000\n";
    let samples = parse(good);
    assert_eq!(samples.len(), 2);
    assert_eq!(samples[0].labels["q"], "a\"b");
    assert_eq!(samples[1].value, 1500.0);
    for bad in [
        "a_total{x=\"1\" 3",
        "9lives 1",
        "a_total three",
        "a_total{x=1} 3",
    ] {
        assert!(std::panic::catch_unwind(|| parse(bad)).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_and_their_counters_move() {
    let app = spawn_app().await;
    let account = app.create_account("Metered", None).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let route = [
        ("method", "GET"),
        ("route", "/v1/accounts/{account_id}"),
        ("status", "200"),
    ];

    let (_, before) = scrape(&app).await;
    for _ in 0..3 {
        app.get(&format!("/v1/accounts/{id}"), app.root())
            .await
            .assert_status(200);
    }
    app.get("/v1/no-such-thing/42", app.root())
        .await
        .assert_status(404);
    let (page, after) = scrape(&app).await;

    let moved = |name: &str, labels: &[(&str, &str)]| {
        value(&after, name, labels) - value(&before, name, labels)
    };
    assert!(moved("roster_http_requests_total", &route) >= 3.0, "{page}");
    assert!(moved("roster_http_request_duration_seconds_count", &route) >= 3.0);
    assert!(
        value(
            &after,
            "roster_http_request_duration_seconds_bucket",
            &[route[0], route[1], route[2], ("le", "+Inf")]
        ) >= 3.0
    );
    // An unknown path is one label value, not one per path.
    assert!(
        moved(
            "roster_http_requests_total",
            &[("route", "unmatched"), ("status", "404")]
        ) >= 1.0
    );
    // The key was verified once, then answered from the cache.
    assert!(
        value(
            &after,
            "roster_key_cache_lookups_total",
            &[("outcome", "hit")]
        ) >= 2.0
    );
    assert!(
        value(
            &after,
            "roster_key_cache_lookups_total",
            &[("outcome", "miss")]
        ) >= 1.0
    );
    // The pool as configured (10) and as it is.
    assert_eq!(value(&after, "roster_db_pool_max_size", &[]), 10.0);
    assert!(value(&after, "roster_db_pool_connections", &[]) >= 1.0);
    assert!(after.iter().any(|s| s.name == "roster_db_pool_in_use"));
    assert!(
        after
            .iter()
            .any(|s| s.name == "roster_webhook_outbox_backlog")
    );

    // No ids, keys or emails anywhere in the page.
    for secret in [
        id.as_str(),
        id.trim_start_matches("acc_"),
        app.superadmin_key.as_str(),
        "root@roster.test",
        "acc_",
        "ldr_",
    ] {
        assert!(!page.contains(secret), "the page shows {secret}");
    }
}

#[tokio::test]
async fn the_outbox_backlog_and_failed_attempts_are_shown() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start().await;
    receiver.answer(500);
    app.post(
        "/v1/webhooks",
        app.root(),
        &json!({"url": receiver.url, "events": ["user.*"]}),
    )
    .await
    .assert_status(201);
    app.post(
        "/v1/users",
        app.root(),
        &json!({"account_id": app.superadmin_account, "email": "new@example.com", "display_name": "New"}),
    )
    .await
    .assert_status(201);

    // The receiver refuses: the attempt is counted as one to retry, and the delivery waits.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (page, samples) = scrape(&app).await;
        let retrying = value(
            &samples,
            "roster_webhook_attempts_total",
            &[("outcome", "retrying")],
        );
        let backlog = value(&samples, "roster_webhook_outbox_backlog", &[]);
        if retrying >= 1.0 && backlog >= 1.0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no failed attempt shown:\n{page}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Once it answers, the delivery goes and the backlog empties.
    receiver.answer(204);
    receiver.wait_for(1, Duration::from_secs(20)).await;
    loop {
        let (page, samples) = scrape(&app).await;
        let delivered = value(
            &samples,
            "roster_webhook_attempts_total",
            &[("outcome", "delivered")],
        );
        if delivered >= 1.0 && value(&samples, "roster_webhook_outbox_backlog", &[]) == 0.0 {
            break;
        }
        assert!(Instant::now() < deadline, "not delivered:\n{page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn metrics_can_have_a_listener_of_their_own() {
    let app = spawn_app_with(TestConfig {
        metrics_bind: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
        ..TestConfig::default()
    })
    .await;
    // Not on the API's listener then.
    app.get("/metrics", None)
        .await
        .assert_problem(404, "not_found");
    let own = app.metrics_address.clone().expect("a metrics listener");
    let answer = app
        .client
        .get(format!("{own}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let samples = parse(&answer.text().await.unwrap());
    assert!(samples.iter().any(|s| s.name == "roster_db_pool_max_size"));
    // Only the metrics there.
    let other = app
        .client
        .get(format!("{own}/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}
