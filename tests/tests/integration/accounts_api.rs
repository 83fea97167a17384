//! The five account endpoints, every rule of DESIGN §3 (Account), §4 and §5, over HTTP.

use roster_tests::{TestApp, assert_leadr_id, spawn_app};
use serde_json::{Value, json};

fn id_of(account: &Value) -> &str {
    account["id"].as_str().expect("an id")
}

fn path(account: &Value) -> String {
    format!("/v1/accounts/{}", id_of(account))
}

fn assert_timestamp(value: &Value) {
    let text = value.as_str().expect("a timestamp string");
    // 2026-11-22T09:41:00.123456Z: RFC 3339, UTC, microseconds.
    assert_eq!(text.len(), 27, "{text}");
    assert!(text.ends_with('Z') && &text[19..20] == ".", "{text}");
    assert!(
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
    );
}

async fn account_count(app: &TestApp) -> usize {
    let client = app.db().client().await;
    let row = client
        .query_one("SELECT count(*) FROM accounts", &[])
        .await
        .expect("count accounts");
    usize::try_from(row.get::<_, i64>(0)).expect("a count")
}

// ---- creating -------------------------------------------------------------------------------

#[tokio::test]
async fn a_superadmin_creates_an_account_with_every_documented_field() {
    let app = spawn_app().await;
    let created = app.create_account("Acme Games", Some("acme-games")).await;
    assert_leadr_id(&created["id"], "acc");
    assert_eq!(created["name"], "Acme Games");
    assert_eq!(created["slug"], "acme-games");
    assert_eq!(created["status"], "active");
    assert_timestamp(&created["created_at"]);
    assert_eq!(created["created_at"], created["updated_at"]);
    let keys: Vec<&str> = created
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 6, "exactly the documented fields: {keys:?}");

    let read = app.get(&path(&created), app.root()).await;
    read.assert_status(200);
    assert_eq!(read.json, created);
}

#[tokio::test]
async fn a_slug_is_generated_from_the_name_with_ascii_folding() {
    let app = spawn_app().await;
    let created = app.create_account("Café Board 2024", None).await;
    assert_eq!(created["slug"], "cafe-board-2024");
    let trimmed = app.create_account("  Straße über Ärger  ", None).await;
    assert_eq!(trimmed["name"], "Straße über Ärger");
    assert_eq!(trimmed["slug"], "strasse-uber-arger");
}

#[tokio::test]
async fn generated_slugs_take_numeric_suffixes_on_collision() {
    let app = spawn_app().await;
    let slugs: Vec<Value> = [
        app.create_account("Acme", None).await,
        app.create_account("ACME!", None).await,
        app.create_account("acme", None).await,
    ]
    .iter()
    .map(|account| account["slug"].clone())
    .collect();
    assert_eq!(slugs, [json!("acme"), json!("acme-2"), json!("acme-3")]);
}

#[tokio::test]
async fn an_explicit_slug_that_is_taken_is_a_409_and_writes_nothing() {
    let app = spawn_app().await;
    app.create_account("Acme", Some("acme")).await;
    let before = account_count(&app).await;
    let response = app
        .post(
            "/v1/accounts",
            app.root(),
            &json!({"name": "Other", "slug": "acme"}),
        )
        .await;
    response.assert_problem(409, "conflict");
    assert!(response.json["detail"].as_str().unwrap().contains("acme"));
    assert_eq!(account_count(&app).await, before);
}

#[tokio::test]
async fn a_soft_deleted_accounts_slug_is_free_again() {
    let app = spawn_app().await;
    let first = app.create_account("Acme", Some("acme")).await;
    app.patch(&path(&first), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    let second = app.create_account("Acme Again", Some("acme")).await;
    assert_ne!(id_of(&second), id_of(&first));
}

#[tokio::test]
async fn only_superadmins_create_accounts() {
    let app = spawn_app().await;
    let own = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    app.post("/v1/accounts", admin.key(), &json!({"name": "Mine"}))
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn requests_without_a_valid_key_are_401() {
    let app = spawn_app().await;
    let missing = app.get("/v1/accounts", None).await;
    missing.assert_problem(401, "unauthorized");
    assert_eq!(missing.json["detail"], "API key required");
    for key in ["nonsense", "ldr_", &format!("ldr_{}", "x".repeat(43))] {
        let refused = app.get("/v1/accounts", Some(key)).await;
        refused.assert_problem(401, "unauthorized");
        assert_eq!(refused.json["detail"], "Invalid or expired API key");
    }
}

#[tokio::test]
async fn a_401_answers_before_any_complaint_about_the_request() {
    let app = spawn_app().await;
    let response = app
        .send(
            app.client
                .post(app.url("/v1/accounts"))
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    response.assert_problem(401, "unauthorized");
    app.get("/v1/accounts?limit=0&sort=nope", None)
        .await
        .assert_problem(401, "unauthorized");
    app.get("/v1/accounts/not-an-id", None)
        .await
        .assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn invalid_bodies_are_422_with_every_field_located() {
    let app = spawn_app().await;
    let before = account_count(&app).await;
    let post = |body: Value| {
        let app = &app;
        async move { app.post("/v1/accounts", app.root(), &body).await }
    };

    let both = post(json!({"name": "x", "slug": "Bad Slug"})).await;
    both.assert_invalid(&["body", "name"], "string_too_short")
        .assert_invalid(&["body", "slug"], "string_pattern_mismatch");
    assert_eq!(both.json["detail"].as_array().unwrap().len(), 2);

    post(json!({}))
        .await
        .assert_invalid(&["body", "name"], "missing");
    post(json!({"name": 123}))
        .await
        .assert_invalid(&["body", "name"], "string_type");
    post(json!({"name": "Fine", "colour": "red"}))
        .await
        .assert_invalid(&["body", "colour"], "extra_forbidden");
    post(json!({"name": "n".repeat(101)}))
        .await
        .assert_invalid(&["body", "name"], "string_too_long");
    post(json!({"name": "Fine", "slug": "s".repeat(64)}))
        .await
        .assert_invalid(&["body", "slug"], "string_too_long");
    post(json!({"name": "   a   "}))
        .await
        .assert_invalid(&["body", "name"], "string_too_short");
    post(json!(["Fine"]))
        .await
        .assert_invalid(&["body"], "model_attributes_type");

    let malformed = app
        .send(
            app.client
                .post(app.url("/v1/accounts"))
                .header("leadr-api-key", &app.superadmin_key)
                .header("content-type", "application/json")
                .body("{\"name\": "),
        )
        .await;
    malformed.assert_invalid(&["body"], "json_invalid");
    assert_eq!(account_count(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_app().await;
    let huge = json!({"name": "n".repeat(70 * 1024)});
    app.post("/v1/accounts", app.root(), &huge)
        .await
        .assert_problem(413, "payload_too_large");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let response = app
        .send(
            app.client
                .post(app.url("/v1/accounts"))
                .header("leadr-api-key", &app.superadmin_key)
                .header("content-type", "text/plain")
                .body("name=Acme"),
        )
        .await;
    response.assert_problem(415, "unsupported_media_type");
}

#[tokio::test]
async fn malformed_ids_in_paths_are_422() {
    let app = spawn_app().await;
    for bad in [
        "nope",
        "usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a",
        "acc_0193a5b27c417d3e9f2a51c8e0d4b6a7",
        "acc_01JD3M7ZQ4W8X5Y6Z7A8B9C0DE",
    ] {
        app.get(&format!("/v1/accounts/{bad}"), app.root())
            .await
            .assert_invalid(&["path", "account_id"], "value_error");
    }
}

#[tokio::test]
async fn an_id_is_read_with_hex_in_either_case_and_as_a_bare_uuid() {
    let app = spawn_app().await;
    let created = app.create_account("Acme", None).await;
    let id = id_of(&created);
    let uuid = id.strip_prefix("acc_").unwrap();
    for spelled in [
        id.to_owned(),
        format!("acc_{}", uuid.to_uppercase()),
        uuid.to_owned(),
        uuid.to_uppercase(),
    ] {
        let read = app
            .get(&format!("/v1/accounts/{spelled}"), app.root())
            .await;
        read.assert_status(200);
        assert_eq!(read.json["id"], id, "read as {spelled}");
    }
}

// ---- reading --------------------------------------------------------------------------------

#[tokio::test]
async fn an_admin_reads_their_own_account_but_not_another() {
    let app = spawn_app().await;
    let own = app.create_account("Own", None).await;
    let other = app.create_account("Other", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    app.get(&path(&own), admin.key()).await.assert_status(200);
    app.get(&path(&other), admin.key())
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn a_missing_or_soft_deleted_account_is_404() {
    let app = spawn_app().await;
    app.get(
        "/v1/accounts/acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        app.root(),
    )
    .await
    .assert_problem(404, "not_found");
    let gone = app.create_account("Gone", None).await;
    app.patch(&path(&gone), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get(&path(&gone), app.root())
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_slug_lookup_returns_exactly_that_account_or_404() {
    let app = spawn_app().await;
    let acme = app.create_account("Acme", Some("acme")).await;
    app.create_account("Acme Two", Some("acme-two")).await;
    let found = app.get("/v1/accounts?slug=acme", app.root()).await;
    found.assert_status(200);
    assert_eq!(found.json["data"], json!([acme]));
    assert_eq!(
        found.json["pagination"],
        json!({"next_cursor": null, "prev_cursor": null, "has_next": false, "has_prev": false, "count": 1})
    );
    app.get("/v1/accounts?slug=nope", app.root())
        .await
        .assert_problem(404, "not_found");
    app.get("/v1/accounts?slug=Not%20A%20Slug", app.root())
        .await
        .assert_problem(404, "not_found");

    let admin = app.admin_key(id_of(&acme), false).await;
    app.get("/v1/accounts?slug=acme", admin.key())
        .await
        .assert_status(200);
    app.get("/v1/accounts?slug=acme-two", admin.key())
        .await
        .assert_problem(403, "forbidden");

    app.patch(&path(&acme), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get("/v1/accounts?slug=acme", app.root())
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn an_admin_lists_a_one_item_page_of_their_own_account() {
    let app = spawn_app().await;
    app.create_account("First", None).await;
    let own = app.create_account("Second", None).await;
    let other = app.create_account("Third", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    let listed = app.get("/v1/accounts", admin.key()).await;
    listed.assert_status(200);
    assert_eq!(listed.json["data"], json!([own]));
    assert_eq!(listed.json["pagination"]["has_next"], false);
    assert_eq!(listed.json["pagination"]["count"], 1);
    app.get(
        &format!("/v1/accounts?account_id={}", id_of(&other)),
        admin.key(),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get(
        &format!("/v1/accounts?account_id={}", id_of(&own)),
        admin.key(),
    )
    .await
    .assert_status(200);
}

#[tokio::test]
async fn a_superadmin_lists_every_live_account_and_may_name_one() {
    let app = spawn_app().await;
    let a = app.create_account("Alpha", None).await;
    let b = app.create_account("Beta", None).await;
    let gone = app.create_account("Gone", None).await;
    app.patch(&path(&gone), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    let listed = app.get("/v1/accounts?sort=name:asc", app.root()).await;
    listed.assert_status(200);
    let names: Vec<&str> = listed.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|account| account["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alpha", "Beta", "Operators"]);
    let one = app
        .get(
            &format!("/v1/accounts?account_id={}", id_of(&b)),
            app.root(),
        )
        .await;
    assert_eq!(one.json["data"], json!([b]));
    assert_ne!(a, b);
}

#[tokio::test]
async fn status_and_q_filter_the_list() {
    let app = spawn_app().await;
    let alpha = app.create_account("Alpha Studio", None).await;
    let by_slug = app.create_account("Beta Works", Some("alpha-beta")).await;
    app.create_account("Gamma", None).await;
    app.create_account("100% Fun", None).await;

    let names = |response: &roster_tests::TestResponse| -> Vec<String> {
        let mut names: Vec<String> = response.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|account| account["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };

    let q = app.get("/v1/accounts?q=ALPHA", app.root()).await;
    q.assert_status(200);
    assert_eq!(names(&q), ["Alpha Studio", "Beta Works"]);
    let wildcard = app.get("/v1/accounts?q=%25", app.root()).await;
    assert_eq!(
        names(&wildcard),
        Vec::<String>::new(),
        "% matches literally"
    );
    let percent = app.get("/v1/accounts?q=100%25", app.root()).await;
    assert_eq!(names(&percent), ["100% Fun"]);

    app.patch(&path(&by_slug), app.root(), &json!({"status": "suspended"}))
        .await
        .assert_status(200);
    let suspended = app.get("/v1/accounts?status=suspended", app.root()).await;
    assert_eq!(names(&suspended), ["Beta Works"]);
    let active_alpha = app
        .get("/v1/accounts?status=active&q=alpha", app.root())
        .await;
    assert_eq!(active_alpha.json["data"], json!([alpha]));

    let bogus = app.get("/v1/accounts?status=deleted", app.root()).await;
    bogus.assert_problem(400, "invalid_filter");
    let detail = bogus.json["detail"].as_str().unwrap();
    assert!(
        detail.contains("active") && detail.contains("suspended"),
        "{detail}"
    );
    app.get(&format!("/v1/accounts?q={}", "q".repeat(101)), app.root())
        .await
        .assert_invalid(&["query", "q"], "string_too_long");
}

#[tokio::test]
async fn include_total_counts_the_filtered_rows_exactly() {
    let app = spawn_app().await;
    for name in ["One", "Two", "Three", "Four", "Five"] {
        app.create_account(name, None).await;
    }
    let page = app
        .get("/v1/accounts?include_total=true&limit=2", app.root())
        .await;
    page.assert_status(200);
    assert_eq!(page.json["pagination"]["total"], 6);
    assert_eq!(page.json["pagination"]["total_is_estimate"], false);
    assert_eq!(page.json["pagination"]["count"], 2);
    let filtered = app
        .get("/v1/accounts?include_total=1&q=t", app.root())
        .await;
    assert_eq!(filtered.json["pagination"]["total"], 2);
    let without = app.get("/v1/accounts", app.root()).await;
    assert!(without.json["pagination"].get("total").is_none());
    app.get("/v1/accounts?include_total=maybe", app.root())
        .await
        .assert_invalid(&["query", "include_total"], "bool_parsing");
}

// ---- updating -------------------------------------------------------------------------------

#[tokio::test]
async fn an_admin_renames_their_own_account_but_not_another() {
    let app = spawn_app().await;
    let own = app.create_account("Own", None).await;
    let other = app.create_account("Other", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    let renamed = app
        .patch(
            &path(&own),
            admin.key(),
            &json!({"name": "Renamed", "slug": "renamed"}),
        )
        .await;
    renamed.assert_status(200);
    assert_eq!(renamed.json["name"], "Renamed");
    assert_eq!(renamed.json["slug"], "renamed");
    assert!(renamed.json["updated_at"].as_str() > own["updated_at"].as_str());
    app.patch(&path(&other), admin.key(), &json!({"name": "Mine"}))
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn only_superadmins_change_status_or_deletion_and_nothing_else_is_written() {
    let app = spawn_app().await;
    let own = app.create_account("Own", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    for body in [
        json!({"name": "Sneaky", "status": "suspended"}),
        json!({"name": "Sneaky", "deleted": true}),
    ] {
        app.patch(&path(&own), admin.key(), &body)
            .await
            .assert_problem(403, "forbidden");
    }
    let read = app.get(&path(&own), app.root()).await;
    assert_eq!(
        read.json["name"], "Own",
        "nothing of a refused request is written"
    );
}

#[tokio::test]
async fn sending_back_the_current_status_needs_no_superadmin() {
    // Clients that read, modify and send the whole object back must not be refused for
    // fields they did not change.
    let app = spawn_app().await;
    let own = app.create_account("Own", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    let renamed = app
        .patch(
            &path(&own),
            admin.key(),
            &json!({"name": "Renamed", "status": "active", "deleted": false}),
        )
        .await;
    renamed.assert_status(200);
    assert_eq!(renamed.json["name"], "Renamed");
}

#[tokio::test]
async fn suspending_an_account_stops_its_keys_at_once() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    app.get(&path(&studio), admin.key())
        .await
        .assert_status(200);

    let suspended = app
        .patch(&path(&studio), app.root(), &json!({"status": "suspended"}))
        .await;
    suspended.assert_status(200);
    assert_eq!(suspended.json["status"], "suspended");
    let refused = app.get(&path(&studio), admin.key()).await;
    refused.assert_problem(401, "unauthorized");
    assert_eq!(refused.json["detail"], "Invalid or expired API key");

    app.patch(&path(&studio), app.root(), &json!({"status": "active"}))
        .await
        .assert_status(200);
    app.get(&path(&studio), admin.key())
        .await
        .assert_status(200);
}

#[tokio::test]
async fn soft_delete_hides_an_account_and_restore_brings_it_back() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    app.patch(&path(&studio), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get(&path(&studio), app.root())
        .await
        .assert_problem(404, "not_found");
    app.get(&path(&studio), admin.key())
        .await
        .assert_problem(401, "unauthorized");
    let listed = app.get("/v1/accounts", app.root()).await;
    assert!(
        !listed.text.contains(id_of(&studio)),
        "a soft-deleted account is not listed"
    );

    let restored = app
        .patch(&path(&studio), app.root(), &json!({"deleted": false}))
        .await;
    restored.assert_status(200);
    assert_eq!(restored.json["slug"], studio["slug"]);
    app.get(&path(&studio), admin.key())
        .await
        .assert_status(200);
}

#[tokio::test]
async fn restoring_an_account_whose_slug_was_taken_meanwhile_is_409() {
    let app = spawn_app().await;
    let first = app.create_account("Acme", Some("acme")).await;
    app.patch(&path(&first), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.create_account("Acme Reborn", Some("acme")).await;
    app.patch(&path(&first), app.root(), &json!({"deleted": false}))
        .await
        .assert_problem(409, "conflict");
    let restored_elsewhere = app
        .patch(
            &path(&first),
            app.root(),
            &json!({"deleted": false, "slug": "acme-original"}),
        )
        .await;
    restored_elsewhere.assert_status(200);
    assert_eq!(restored_elsewhere.json["slug"], "acme-original");
}

#[tokio::test]
async fn a_patch_applies_all_of_its_changes_or_none() {
    let app = spawn_app().await;
    app.create_account("Taken", Some("taken")).await;
    let studio = app.create_account("Studio", Some("studio")).await;
    app.patch(
        &path(&studio),
        app.root(),
        &json!({"name": "New Name", "status": "suspended", "slug": "taken"}),
    )
    .await
    .assert_problem(409, "conflict");
    let read = app.get(&path(&studio), app.root()).await;
    assert_eq!(
        read.json, studio,
        "nothing of the failed request was written"
    );

    app.patch(
        &path(&studio),
        app.root(),
        &json!({"name": "x", "slug": "BAD"}),
    )
    .await
    .assert_invalid(&["body", "name"], "string_too_short")
    .assert_invalid(&["body", "slug"], "string_pattern_mismatch");
    app.patch(&path(&studio), app.root(), &json!({"status": "deleted"}))
        .await
        .assert_invalid(&["body", "status"], "enum");
    app.patch(&path(&studio), app.root(), &json!({"owner": "me"}))
        .await
        .assert_invalid(&["body", "owner"], "extra_forbidden");
    let read = app.get(&path(&studio), app.root()).await;
    assert_eq!(read.json, studio);
}

#[tokio::test]
async fn patching_a_soft_deleted_account_without_restoring_it_is_404() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    app.patch(&path(&studio), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.patch(&path(&studio), app.root(), &json!({"name": "Renamed"}))
        .await
        .assert_problem(404, "not_found");
    app.patch(
        "/v1/accounts/acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        app.root(),
        &json!({"name": "Nobody"}),
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn updated_at_moves_only_when_something_changes() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", Some("studio")).await;
    let same = app
        .patch(
            &path(&studio),
            app.root(),
            &json!({"name": "Studio", "slug": "studio", "status": "active"}),
        )
        .await;
    same.assert_status(200);
    assert_eq!(same.json, studio);
    let null_fields = app
        .patch(
            &path(&studio),
            app.root(),
            &json!({"name": null, "slug": null, "status": null, "deleted": null}),
        )
        .await;
    assert_eq!(null_fields.json, studio, "null leaves a field as it is");
}

// ---- deleting -------------------------------------------------------------------------------

#[tokio::test]
async fn deleting_an_account_erases_it_with_its_users_and_keys() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let response = app.delete(&path(&studio), app.root()).await;
    response.assert_status(204);
    assert!(response.text.is_empty());
    app.get(&path(&studio), app.root())
        .await
        .assert_problem(404, "not_found");
    app.get("/v1/accounts", admin.key())
        .await
        .assert_problem(401, "unauthorized");
    let client = app.db().client().await;
    let left: i64 = client
        .query_one(
            "SELECT (SELECT count(*) FROM accounts WHERE id = $1::text::uuid)
                  + (SELECT count(*) FROM users WHERE account_id = $1::text::uuid)
                  + (SELECT count(*) FROM api_keys WHERE account_id = $1::text::uuid)",
            &[&admin.account_uuid],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    app.delete(&path(&studio), app.root())
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_soft_deleted_account_can_be_erased() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    app.patch(&path(&studio), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.delete(&path(&studio), app.root())
        .await
        .assert_status(204);
    app.patch(&path(&studio), app.root(), &json!({"deleted": false}))
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn only_superadmins_delete_accounts() {
    let app = spawn_app().await;
    let own = app.create_account("Own", None).await;
    let admin = app.admin_key(id_of(&own), false).await;
    app.delete(&path(&own), admin.key())
        .await
        .assert_problem(403, "forbidden");
    app.get(&path(&own), admin.key()).await.assert_status(200);
}

// ---- keys -----------------------------------------------------------------------------------

#[tokio::test]
async fn revoked_expired_and_orphaned_keys_are_refused() {
    // The states are written straight to the database, behind the server's back; without a
    // credential cache the very next request sees them. (Changes made through the API
    // invalidate the cache at once; see auth_cache.rs.)
    let app = roster_tests::spawn_app_with(roster_tests::TestConfig {
        key_cache_ttl: std::time::Duration::ZERO,
        ..roster_tests::TestConfig::default()
    })
    .await;
    let studio = app.create_account("Studio", None).await;
    let cases = [
        "UPDATE api_keys SET status = 'revoked' WHERE id = '{key}'",
        "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '{key}'",
        "UPDATE api_keys SET deleted_at = now() WHERE id = '{key}'",
        "UPDATE users SET status = 'suspended' WHERE id = '{user}'",
        "UPDATE users SET status = 'invited' WHERE id = '{user}'",
        "UPDATE users SET deleted_at = now() WHERE id = '{user}'",
    ];
    for case in cases {
        let admin = app.admin_key(id_of(&studio), false).await;
        app.get("/v1/accounts", admin.key())
            .await
            .assert_status(200);
        app.sql(
            &case
                .replace("{key}", &admin.key_uuid)
                .replace("{user}", &admin.user_uuid),
        )
        .await;
        let refused = app.get("/v1/accounts", admin.key()).await;
        refused.assert_problem(401, "unauthorized");
        assert_eq!(
            refused.json["detail"], "Invalid or expired API key",
            "{case}"
        );
    }
    let future = app.admin_key(id_of(&studio), false).await;
    app.sql(&format!(
        "UPDATE api_keys SET expires_at = now() + interval '1 hour' WHERE id = '{}'",
        future.key_uuid
    ))
    .await;
    app.get("/v1/accounts", future.key())
        .await
        .assert_status(200);
}
