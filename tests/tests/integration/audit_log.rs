//! The audit log through the real server: each change that succeeds is recorded once, in its
//! own transaction, with who made it and the request that asked; nothing else is.

use roster_tests::{TestApp, fingerprint, spawn_app};
use serde_json::{Value, json};

async fn events(app: &TestApp, query: &str) -> Vec<Value> {
    let response = app
        .get(&format!("/v1/audit-events?{query}"), app.root())
        .await;
    response.assert_status(200);
    response.json["data"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_change_is_recorded_with_its_actor_request_and_changed_fields_and_a_conflict_is_not() {
    let app = spawn_app().await;
    let body = json!({
        "account_id": app.superadmin_account,
        "email": "ada@example.com",
        "display_name": "Ada",
    });
    let created = app
        .send(
            app.client
                .post(app.url("/v1/users"))
                .header("leadr-api-key", &app.superadmin_key)
                .header("x-request-id", "req-audit-1")
                .json(&body),
        )
        .await;
    created.assert_status(201);
    let user = created.json["id"].as_str().unwrap().to_owned();
    // The same email again: a 409, which records nothing.
    app.post("/v1/users", app.root(), &body)
        .await
        .assert_problem(409, "conflict");

    let recorded = events(&app, &format!("target_id={user}")).await;
    assert_eq!(recorded.len(), 1, "{recorded:#?}");
    let event = &recorded[0];
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(event["action"], "user.created");
    assert_eq!(event["target"], json!({"type": "user", "id": user}));
    assert_eq!(event["account_id"], app.superadmin_account.as_str());
    assert_eq!(event["request_id"], "req-audit-1");
    assert_eq!(event["actor"]["type"], "user");
    assert!(
        event["actor"]["api_key_id"]
            .as_str()
            .unwrap()
            .starts_with("key_")
    );
    assert_eq!(
        event["changes"]["email"],
        json!({"before": null, "after": "ada@example.com"})
    );

    // Filtering by the key finds the events made with it; by action, only those.
    let by_key = events(
        &app,
        &format!(
            "actor_id={}",
            event["actor"]["api_key_id"].as_str().unwrap()
        ),
    )
    .await;
    assert!(by_key.iter().any(|e| e["target"]["id"] == user.as_str()));
    let updates = events(&app, "action=user.updated").await;
    assert!(updates.is_empty(), "{updates:#?}");
}

#[tokio::test]
async fn the_command_line_bootstrap_is_recorded_as_the_system_and_sign_ins_as_the_identity() {
    let app = spawn_app().await;
    let bootstrap = events(&app, "actor_id=roster&sort=occurred_at:asc").await;
    let actions: Vec<&str> = bootstrap
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["account.created", "user.created", "api_key.created"],
        "{bootstrap:#?}"
    );
    assert!(bootstrap.iter().all(|e| e["request_id"].is_null()));
    // The key's secret and digest are never recorded: only its prefix.
    let key = &bootstrap[2]["changes"];
    assert!(key.get("prefix").is_some());
    assert!(!key.to_string().contains(&app.superadmin_key));
    assert!(key.get("digest").is_none());

    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(9)).await;
    let identity = session["identity_id"].as_str().unwrap();
    let signed_in = events(&app, &format!("actor_id={identity}")).await;
    assert_eq!(signed_in.len(), 1);
    assert_eq!(signed_in[0]["action"], "session.created");
    assert_eq!(signed_in[0]["actor"]["player_id"], session["player_id"]);
    assert_eq!(signed_in[0]["changes"]["identity_created"]["after"], true);
    assert!(
        !signed_in[0]
            .to_string()
            .contains(session["access_token"].as_str().unwrap()),
        "no token in an event"
    );
}

#[tokio::test]
async fn events_are_append_only_and_an_admin_sees_only_their_accounts() {
    let app = spawn_app().await;
    let client = app.db().client().await;
    let refused = client
        .execute("UPDATE audit_events SET action = 'user.deleted'", &[])
        .await;
    assert!(refused.is_err(), "an event cannot be changed");

    // An admin of another account sees none of the superadmin account's events.
    let (account, _) = app.account_with_game("Elsewhere").await;
    let admin = app.admin_key(&account, false).await;
    let theirs = app
        .get(
            &format!("/v1/audit-events?account_id={}", app.superadmin_account),
            admin.key(),
        )
        .await;
    theirs.assert_problem(403, "forbidden");
    let own = app.get("/v1/audit-events", admin.key()).await;
    own.assert_status(200);
    let own = own.json["data"].as_array().unwrap();
    assert!(!own.is_empty());
    assert!(own.iter().all(|e| e["account_id"] == account.as_str()));
}

#[tokio::test]
async fn a_change_whose_event_cannot_be_written_is_not_made() {
    let app = spawn_app().await;
    // The event and the change share one transaction: when the event's insert fails, the user
    // is not created either, and the caller gets the generic 500.
    app.sql(
        "CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'no events today'; END $$;
         CREATE TRIGGER refuse_events BEFORE INSERT ON audit_events
             FOR EACH ROW EXECUTE FUNCTION refuse_events();",
    )
    .await;
    let body = json!({
        "account_id": app.superadmin_account,
        "email": "grace@example.com",
        "display_name": "Grace",
    });
    let refused = app.post("/v1/users", app.root(), &body).await;
    assert_eq!(refused.status, 500, "{}", refused.text);
    assert!(
        !refused.text.contains("no events today"),
        "{}",
        refused.text
    );
    let users = app
        .get("/v1/users?email=grace@example.com", app.root())
        .await;
    users.assert_status(200);
    assert_eq!(users.json["data"], json!([]), "the user was not created");
}

/// Every write runs the event's statement, so a connection parses and plans it once and then
/// only binds and executes it: one round trip. Diesel's `sql_query` would prepare it afresh on
/// every run (a second round trip and a plan each time, bench/AUDIT.md).
#[tokio::test]
async fn a_connection_prepares_the_event_statement_once_and_reuses_it() {
    use roster_app::ports::{AuditTrail, Database, StoreError};
    use roster_domain::audit::{Actor, AuditAction, AuditEvent, AuditTarget, Changes, TargetKind};

    let app = spawn_app().await;
    let (before, statements) = app
        .store
        .transaction(
            async |tx: &mut roster_persistence::PgConn| -> Result<_, StoreError> {
                // The pooled connection may have recorded an event already (the bootstrap's).
                let before = tx.prepared_statements().await?;
                for _ in 0..3 {
                    let event = AuditEvent::new(
                        Actor::System,
                        AuditAction::ALL[0],
                        AuditTarget::new(TargetKind::User, "prepared-once"),
                        None,
                        Changes::none(),
                        roster_domain::Timestamp::from_datetime(time::OffsetDateTime::now_utc()),
                    );
                    tx.record(&event).await?;
                }
                Ok((before, tx.prepared_statements().await?))
            },
        )
        .await
        .unwrap();
    let recording = |statements: &[roster_persistence::PreparedStatement]| {
        statements
            .iter()
            .filter(|prepared| prepared.statement.contains("INSERT INTO audit_events"))
            .map(|prepared| prepared.runs)
            .collect::<Vec<_>>()
    };
    let earlier = recording(&before).first().copied().unwrap_or(0);
    assert_eq!(
        recording(&statements),
        [earlier + 3],
        "one prepared statement, run three more times: {statements:?}"
    );
}
