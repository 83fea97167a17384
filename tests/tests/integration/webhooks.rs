//! Webhooks through the real server: deliveries signed the Standard Webhooks way (checked by
//! a verifier written from the spec), at least once and in order through a receiver that is
//! down for a while, never for a change that failed, once per attempt across two replicas, and
//! nothing lost when the server is killed mid-delivery.

use std::time::Duration;

use roster_tests::{
    ServerProcess, TestApp, TestConfig, TestDb, WebhookReceiver, roster_command, spawn_app,
    spawn_app_with, verify,
};
use serde_json::{Value, json};

/// Creates a webhook for `events` at `url` in the superadmin's account: (id, secret).
async fn webhook(app: &TestApp, url: &str, events: &[&str]) -> (String, String) {
    let created = app
        .post(
            "/v1/webhooks",
            app.root(),
            &json!({"url": url, "events": events}),
        )
        .await;
    created.assert_status(201);
    (
        created.json["id"].as_str().unwrap().to_owned(),
        created.json["secret"].as_str().unwrap().to_owned(),
    )
}

/// Creates a user of the superadmin's account; its id.
async fn user(app: &TestApp, email: &str) -> String {
    let created = app
        .post(
            "/v1/users",
            app.root(),
            &json!({"account_id": app.superadmin_account, "email": email, "display_name": email}),
        )
        .await;
    created.assert_status(201);
    created.json["id"].as_str().unwrap().to_owned()
}

/// The ids of the `user.created` events made through the API (not the bootstrap's), oldest
/// first.
async fn user_events(app: &TestApp) -> Vec<String> {
    let listed = app
        .get(
            "/v1/audit-events?action=user.created&sort=occurred_at:asc&limit=100",
            app.root(),
        )
        .await;
    listed.assert_status(200);
    listed.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["actor"]["type"] == "user")
        .map(|event| event["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn deliveries(app: &TestApp, webhook: &str) -> Vec<Value> {
    let listed = app
        .get(
            &format!("/v1/webhooks/{webhook}/deliveries?sort=created_at:asc&limit=100"),
            app.root(),
        )
        .await;
    listed.assert_status(200);
    listed.json["data"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_delivery_is_signed_as_standard_webhooks_say_and_carries_the_event() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start().await;
    let (id, secret) = webhook(&app, &receiver.url, &["user.*"]).await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    // The secret is shown once: never by a read, never in the audit log.
    let read = app.get(&format!("/v1/webhooks/{id}"), app.root()).await;
    read.assert_status(200);
    assert!(read.json.get("secret").is_none(), "{}", read.json);
    let log = app
        .get("/v1/audit-events?action=webhook.created", app.root())
        .await;
    assert!(!log.json.to_string().contains(&secret));

    let user = user(&app, "ada@example.com").await;
    let received = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1, "{received:?}");
    let delivery = &received[0];
    assert_eq!(verify(&secret, delivery), Ok(()));
    let mut forged = delivery.clone();
    forged.body.extend_from_slice(b" ");
    assert!(
        verify(&secret, &forged).is_err(),
        "a changed body does not verify"
    );
    let body = delivery.json();
    assert_eq!(body["type"], "user.created");
    assert_eq!(body["data"]["target"]["id"], user.as_str());
    assert_eq!(body["data"]["id"], delivery.id.as_str());
    assert_eq!(user_events(&app).await, vec![delivery.id.clone()]);

    // The deliveries list shows it delivered, with its one attempt.
    let shown = deliveries(&app, &id).await;
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(shown[0]["event_id"], delivery.id.as_str());
    assert_eq!(shown[0]["status"], "delivered");
    assert_eq!(shown[0]["attempts"][0]["status_code"], 204);
}

#[tokio::test]
async fn a_receiver_down_for_a_while_gets_every_event_in_order_with_the_same_ids() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start().await;
    receiver.answer(503);
    let (id, secret) = webhook(&app, &receiver.url, &["user.created"]).await;
    for n in 0..5 {
        user(&app, &format!("player{n}@example.com")).await;
    }
    // Down: the first event is attempted again and again, the others wait behind it.
    let early = receiver.wait_for(3, Duration::from_secs(10)).await;
    let first = early[0].id.clone();
    assert!(
        early.iter().all(|delivery| delivery.id == first),
        "{early:?}"
    );
    let pending = deliveries(&app, &id).await;
    assert!(
        pending
            .iter()
            .all(|delivery| delivery["status"] == "pending")
    );

    receiver.answer(200);
    let expected = user_events(&app).await;
    assert_eq!(expected.len(), 5);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let delivered: Vec<String> = receiver
            .received()
            .iter()
            .map(|delivery| delivery.id.clone())
            .fold(Vec::new(), |mut ids, id| {
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
                ids
            });
        if delivered == expected {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{delivered:?} is not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for delivery in receiver.received() {
        assert_eq!(verify(&secret, &delivery), Ok(()));
    }
    let shown = deliveries(&app, &id).await;
    assert!(
        shown
            .iter()
            .all(|delivery| delivery["status"] == "delivered"),
        "{shown:#?}"
    );
    let retried = &shown[0]["attempts"];
    assert!(retried.as_array().unwrap().len() >= 3, "{retried}");
    assert_eq!(retried[0]["status_code"], 503);
}

#[tokio::test]
async fn a_change_that_conflicts_queues_nothing() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start().await;
    let (id, _) = webhook(&app, &receiver.url, &["*"]).await;
    user(&app, "ada@example.com").await;
    let body = json!({
        "account_id": app.superadmin_account,
        "email": "ada@example.com",
        "display_name": "Ada again",
    });
    app.post("/v1/users", app.root(), &body)
        .await
        .assert_problem(409, "conflict");
    // The webhook's own creation and the one user: nothing of the 409.
    let received = receiver.wait_for(2, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let kinds: Vec<String> = receiver
        .received()
        .iter()
        .map(|delivery| delivery.json()["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["webhook.created", "user.created"], "{received:?}");
    assert_eq!(deliveries(&app, &id).await.len(), 2);
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let app = spawn_app_with(TestConfig {
        webhooks: roster_server::config::WebhookDelivery {
            allow_private: false,
            ..TestConfig::default().webhooks
        },
        ..TestConfig::default()
    })
    .await;
    for url in [
        "http://127.0.0.1:9/hooks",
        "http://localhost/hooks",
        "http://169.254.169.254/latest",
        "http://[::1]/hooks",
        "https://10.0.0.8/hooks",
    ] {
        let refused = app
            .post(
                "/v1/webhooks",
                app.root(),
                &json!({"url": url, "events": ["*"]}),
            )
            .await;
        refused.assert_status(422);
        assert_eq!(
            refused.json["detail"][0]["loc"],
            json!(["body", "url"]),
            "{url}"
        );
    }
    let refused = app
        .post(
            "/v1/webhooks",
            app.root(),
            &json!({"url": "ftp://example.com/", "events": ["*"]}),
        )
        .await;
    refused.assert_status(422);
    let listed = app.get("/v1/webhooks", app.root()).await;
    assert_eq!(listed.json["data"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_deliver_each_event_once_and_one_at_a_time() {
    let first = spawn_app().await;
    let second = spawn_app_with(TestConfig {
        database_url: Some(first.db().url.clone()),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    let receiver = WebhookReceiver::start().await;
    // Each answer takes a while, so that both replicas' deliverers are at work together.
    receiver.hold(Some(Duration::from_millis(30)));
    webhook(&first, &receiver.url, &["user.created"]).await;
    for n in 0..20 {
        user(&first, &format!("p{n}@example.com")).await;
    }
    let received = receiver.wait_for(20, Duration::from_secs(20)).await;
    let ids: Vec<String> = received
        .iter()
        .map(|delivery| delivery.id.clone())
        .collect();
    assert_eq!(ids, user_events(&first).await);
    assert_eq!(receiver.most_in_flight(), 1);
    drop(second);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_delivery_loses_nothing() {
    let db = TestDb::empty().await;
    let bootstrap = roster_command()
        .args(["bootstrap", "--email", "ops@example.com"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(bootstrap.status.success());
    let key = String::from_utf8(bootstrap.stdout)
        .unwrap()
        .trim()
        .to_owned();
    let env = [
        ("ROSTER_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("ROSTER_WEBHOOK_RETRY_MIN_MS", "200"),
    ];
    let receiver = WebhookReceiver::start().await;
    // The first attempt is held far longer than the test waits: the server dies during it.
    receiver.hold(Some(Duration::from_secs(60)));
    let client = roster_tests::http_client();
    let server = ServerProcess::start(&db.url, &env);
    let created = client
        .post(server.url("/v1/webhooks"))
        .header("leadr-api-key", &key)
        .json(&json!({"url": receiver.url, "events": ["webhook.*"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let held = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(held.len(), 1);
    drop(server); // SIGKILL, mid-attempt.

    receiver.hold(None);
    let restarted = ServerProcess::start(&db.url, &env);
    let again = receiver.wait_for(2, Duration::from_secs(15)).await;
    assert_eq!(again.len(), 2, "the delivery is attempted again");
    assert_eq!(again[1].id, held[0].id, "with the same webhook-id");
    assert_eq!(
        verify(created["secret"].as_str().unwrap(), &again[1]),
        Ok(())
    );
    // The restarted server records the attempt as it commits: wait for it.
    let path = format!(
        "/v1/webhooks/{}/deliveries",
        created["id"].as_str().unwrap()
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let shown = loop {
        let shown: Value = client
            .get(restarted.url(&path))
            .header("leadr-api-key", &key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if shown["data"][0]["status"] == "delivered" || tokio::time::Instant::now() >= deadline {
            break shown;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(shown["data"][0]["status"], "delivered", "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_erased_while_changes_queue_for_them_fail_no_change() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(webhook(&app, "http://127.0.0.1:9/hooks", &["*"]).await.0);
    }
    let app = std::sync::Arc::new(app);
    let mut writes = tokio::task::JoinSet::new();
    for n in 0..30 {
        let app = app.clone();
        writes.spawn(async move {
            let body = json!({
                "account_id": app.superadmin_account,
                "email": format!("race{n}@example.com"),
                "display_name": "Racer",
            });
            app.post("/v1/users", app.root(), &body).await.status
        });
    }
    for id in &ids {
        let app = app.clone();
        let id = id.clone();
        writes.spawn(async move {
            app.delete(&format!("/v1/webhooks/{id}"), app.root())
                .await
                .status
        });
    }
    let statuses: Vec<u16> = writes.join_all().await;
    assert!(
        statuses
            .iter()
            .all(|status| *status == 201 || *status == 204),
        "{statuses:?}"
    );
    let left: i64 = app
        .db()
        .client()
        .await
        .query_one("SELECT count(*) FROM webhook_deliveries", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "an erased webhook's deliveries go with it");
}

/// The outbox matches patterns in SQL, in the statement that records the event; the rule is
/// `EventPattern::matches` in the domain. For every action and a webhook of each kind of
/// pattern, the SQL queues exactly what the domain says the webhook takes.
#[tokio::test]
async fn the_outbox_queues_an_event_for_exactly_the_webhooks_the_domain_says_take_it() {
    use roster_app::ports::{AuditTrail, Database, StoreError};
    use roster_domain::audit::{Actor, AuditAction, AuditEvent, AuditTarget, Changes, TargetKind};
    use roster_domain::webhook::EventPatterns;

    let app = spawn_app().await;
    let pattern_sets: [&[&str]; 4] = [
        &["*"],
        &["player.*"],
        &["user.created"],
        &["webhook.*", "session.revoked"],
    ];
    let mut webhooks = Vec::new();
    for patterns in pattern_sets {
        let (id, _) = webhook(&app, "http://127.0.0.1:9/hooks", patterns).await;
        let uuid = roster_domain::WebhookId::parse(&id).unwrap().to_uuid();
        webhooks.push((uuid, EventPatterns::parse(patterns).unwrap()));
    }
    let account = roster_domain::AccountId::parse(&app.superadmin_account).unwrap();
    let at = roster_domain::Timestamp::from_datetime(time::OffsetDateTime::now_utc());
    for action in AuditAction::ALL {
        let event = AuditEvent::new(
            Actor::System,
            *action,
            AuditTarget::new(TargetKind::User, "sql-matches-domain"),
            Some(account),
            Changes::none(),
            at,
        );
        app.store
            .transaction(
                async |tx: &mut roster_persistence::PgConn| -> Result<(), StoreError> {
                    tx.record(&event).await
                },
            )
            .await
            .unwrap();
    }
    let client = app.db().client().await;
    for (webhook, patterns) in webhooks {
        let mut queued: Vec<String> = client
            .query(
                "SELECT d.action FROM webhook_deliveries d JOIN audit_events e ON e.id = d.event_id
                 WHERE d.webhook_id = $1::text::uuid AND e.target_id = 'sql-matches-domain'",
                &[&webhook.to_string()],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        queued.sort();
        let mut taken: Vec<String> = AuditAction::ALL
            .iter()
            .filter(|action| patterns.matches(**action))
            .map(|action| action.as_str().to_owned())
            .collect();
        taken.sort();
        assert!(!taken.is_empty());
        assert_eq!(queued, taken, "{:?}", patterns.as_strings());
    }
}
