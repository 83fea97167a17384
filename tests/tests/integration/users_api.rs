//! The user endpoints: every rule of DESIGN §3 (User) over HTTP.

use roster_tests::{TestApp, assert_leadr_id, spawn_app};
use serde_json::{Value, json};

fn id_of(value: &Value) -> &str {
    value["id"].as_str().expect("an id")
}

fn user_path(user: &Value) -> String {
    format!("/v1/users/{}", id_of(user))
}

async fn create_user(app: &TestApp, key: Option<&str>, account: &str, email: &str) -> Value {
    let response = app
        .post(
            "/v1/users",
            key,
            &json!({"account_id": account, "email": email, "display_name": "Some One"}),
        )
        .await;
    response.assert_status(201);
    response.json
}

#[tokio::test]
async fn an_admin_creates_a_user_in_their_account_with_every_documented_field() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let response = app
        .post(
            "/v1/users",
            admin.key(),
            &json!({"account_id": id_of(&studio), "email": "  Ada@Example.com ", "display_name": " Ada "}),
        )
        .await;
    response.assert_status(201);
    let user = &response.json;
    assert_leadr_id(&user["id"], "usr");
    assert_eq!(user["account_id"], studio["id"]);
    assert_eq!(user["email"], "Ada@Example.com");
    assert_eq!(user["display_name"], "Ada");
    assert_eq!(user["super_admin"], false);
    assert_eq!(user["status"], "active", "active unless told otherwise");
    assert_eq!(user["created_at"], user["updated_at"]);
    assert_eq!(user.as_object().unwrap().len(), 8);
    let read = app.get(&user_path(user), admin.key()).await;
    assert_eq!(&read.json, user);

    let invited = app
        .post(
            "/v1/users",
            admin.key(),
            &json!({"account_id": id_of(&studio), "email": "grace@example.com", "display_name": "Grace", "status": "invited"}),
        )
        .await;
    invited.assert_status(201);
    assert_eq!(invited.json["status"], "invited");
}

#[tokio::test]
async fn emails_are_unique_per_account_ignoring_case_and_free_again_after_deletion() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let other = app.create_account("Other", None).await;
    let first = create_user(&app, app.root(), id_of(&studio), "ada@example.com").await;
    let duplicate = app
        .post(
            "/v1/users",
            app.root(),
            &json!({"account_id": id_of(&studio), "email": "ADA@example.COM", "display_name": "Ada"}),
        )
        .await;
    duplicate.assert_problem(409, "conflict");
    create_user(&app, app.root(), id_of(&other), "ada@example.com").await;

    app.patch(&user_path(&first), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    let again = create_user(&app, app.root(), id_of(&studio), "Ada@example.com").await;
    app.patch(&user_path(&first), app.root(), &json!({"deleted": false}))
        .await
        .assert_problem(409, "conflict");
    app.patch(
        &user_path(&again),
        app.root(),
        &json!({"email": "ada@EXAMPLE.com"}),
    )
    .await
    .assert_status(200);
}

#[tokio::test]
async fn invalid_users_are_422_with_every_field_located() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let response = app
        .post(
            "/v1/users",
            app.root(),
            &json!({"account_id": "acc_nope", "email": "not-an-email", "display_name": "A", "status": "boss"}),
        )
        .await;
    response
        .assert_invalid(&["body", "account_id"], "value_error")
        .assert_invalid(&["body", "email"], "value_error")
        .assert_invalid(&["body", "display_name"], "string_too_short")
        .assert_invalid(&["body", "status"], "enum");
    app.post(
        "/v1/users",
        app.root(),
        &json!({"account_id": id_of(&studio), "email": format!("{}@example.com", "a".repeat(250)), "display_name": "Long"}),
    )
    .await
    .assert_invalid(&["body", "email"], "string_too_long");
    app.post(
        "/v1/users",
        app.root(),
        &json!({"email": "a@example.com", "display_name": "No Account"}),
    )
    .await
    .assert_invalid(&["body", "account_id"], "missing");
}

#[tokio::test]
async fn a_user_for_a_missing_or_deleted_account_is_404() {
    let app = spawn_app().await;
    app.post(
        "/v1/users",
        app.root(),
        &json!({"account_id": "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7", "email": "a@example.com", "display_name": "Nobody"}),
    )
    .await
    .assert_problem(404, "not_found");
    let gone = app.create_account("Gone", None).await;
    app.patch(
        &format!("/v1/accounts/{}", id_of(&gone)),
        app.root(),
        &json!({"deleted": true}),
    )
    .await
    .assert_status(200);
    app.post(
        "/v1/users",
        app.root(),
        &json!({"account_id": id_of(&gone), "email": "a@example.com", "display_name": "Nobody"}),
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn only_superadmins_grant_or_withdraw_superadmin_privileges() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    app.post(
        "/v1/users",
        admin.key(),
        &json!({"account_id": id_of(&studio), "email": "boss@example.com", "display_name": "Boss", "super_admin": true}),
    )
    .await
    .assert_problem(403, "forbidden");
    let plain = app
        .post(
            "/v1/users",
            admin.key(),
            &json!({"account_id": id_of(&studio), "email": "plain@example.com", "display_name": "Plain", "super_admin": false}),
        )
        .await;
    plain.assert_status(201);
    app.patch(
        &user_path(&plain.json),
        admin.key(),
        &json!({"super_admin": true}),
    )
    .await
    .assert_problem(403, "forbidden");
    let promoted = app
        .patch(
            &user_path(&plain.json),
            app.root(),
            &json!({"super_admin": true}),
        )
        .await;
    promoted.assert_status(200);
    assert_eq!(promoted.json["super_admin"], true);
    // Now a superadmin: beyond the reach of the account's ordinary admins.
    app.patch(
        &user_path(&plain.json),
        admin.key(),
        &json!({"display_name": "Renamed"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get(&user_path(&plain.json), admin.key())
        .await
        .assert_status(200);
    app.delete(&user_path(&plain.json), admin.key())
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn an_admin_changes_other_users_status_but_never_their_own() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let colleague = create_user(&app, admin.key(), id_of(&studio), "colleague@example.com").await;
    let suspended = app
        .patch(
            &user_path(&colleague),
            admin.key(),
            &json!({"status": "suspended"}),
        )
        .await;
    suspended.assert_status(200);
    assert_eq!(suspended.json["status"], "suspended");

    let me = format!(
        "/v1/users/{}",
        roster_domain::UserId::from_uuid(admin.user_uuid.parse().unwrap())
    );
    app.patch(&me, admin.key(), &json!({"status": "suspended"}))
        .await
        .assert_problem(403, "forbidden");
    let renamed = app
        .patch(
            &me,
            admin.key(),
            &json!({"display_name": "Me Myself", "status": "active"}),
        )
        .await;
    renamed.assert_status(200);
    assert_eq!(renamed.json["display_name"], "Me Myself");
}

#[tokio::test]
async fn users_of_another_account_are_403_and_missing_ones_404() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let other = app.create_account("Other", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let stranger = create_user(&app, app.root(), id_of(&other), "stranger@example.com").await;
    app.get(&user_path(&stranger), admin.key())
        .await
        .assert_problem(403, "forbidden");
    app.patch(
        &user_path(&stranger),
        admin.key(),
        &json!({"display_name": "Mine"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.delete(&user_path(&stranger), admin.key())
        .await
        .assert_problem(403, "forbidden");
    app.post(
        "/v1/users",
        admin.key(),
        &json!({"account_id": id_of(&other), "email": "x@example.com", "display_name": "Intruder"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get(
        "/v1/users/usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        admin.key(),
    )
    .await
    .assert_problem(404, "not_found");
    app.get(
        "/v1/users/acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        admin.key(),
    )
    .await
    .assert_invalid(&["path", "user_id"], "value_error");
}

#[tokio::test]
async fn soft_deleting_a_user_stops_its_keys_and_restoring_brings_them_back() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let colleague = app.admin_key(id_of(&studio), false).await;
    let colleague_path = format!(
        "/v1/users/{}",
        roster_domain::UserId::from_uuid(colleague.user_uuid.parse().unwrap())
    );
    app.get("/v1/users", colleague.key())
        .await
        .assert_status(200);
    app.patch(&colleague_path, admin.key(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get("/v1/users", colleague.key())
        .await
        .assert_problem(401, "unauthorized");
    app.get(&colleague_path, admin.key())
        .await
        .assert_problem(404, "not_found");
    app.patch(&colleague_path, admin.key(), &json!({"deleted": false}))
        .await
        .assert_status(200);
    app.get("/v1/users", colleague.key())
        .await
        .assert_status(200);
}

#[tokio::test]
async fn deleting_a_user_erases_it_with_its_keys() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let colleague = app.admin_key(id_of(&studio), false).await;
    let colleague_path = format!(
        "/v1/users/{}",
        roster_domain::UserId::from_uuid(colleague.user_uuid.parse().unwrap())
    );
    app.delete(&colleague_path, admin.key())
        .await
        .assert_status(204);
    app.get("/v1/users", colleague.key())
        .await
        .assert_problem(401, "unauthorized");
    let left: i64 = app
        .db()
        .client()
        .await
        .query_one(
            "SELECT (SELECT count(*) FROM users WHERE id = $1::text::uuid)
                  + (SELECT count(*) FROM api_keys WHERE user_id = $1::text::uuid)",
            &[&colleague.user_uuid],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    app.delete(&colleague_path, admin.key())
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn lists_are_scoped_to_the_account_and_filter_by_email_status_and_q() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let other = app.create_account("Other", None).await;
    let admin = app.admin_key(id_of(&studio), false).await;
    let ada = create_user(&app, app.root(), id_of(&studio), "ada@example.com").await;
    let grace = create_user(&app, app.root(), id_of(&studio), "grace@example.com").await;
    create_user(&app, app.root(), id_of(&other), "alan@example.com").await;
    app.patch(
        &user_path(&grace),
        app.root(),
        &json!({"status": "suspended", "display_name": "Amazing Grace"}),
    )
    .await
    .assert_status(200);

    let emails = |response: &roster_tests::TestResponse| -> Vec<String> {
        let mut emails: Vec<String> = response.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|user| user["email"].as_str().unwrap().to_owned())
            .collect();
        emails.sort();
        emails
    };

    let own = app.get("/v1/users", admin.key()).await;
    own.assert_status(200);
    let mut listed = emails(&own);
    listed.retain(|email| !email.starts_with("admin-"));
    assert_eq!(listed, ["ada@example.com", "grace@example.com"]);
    assert!(
        own.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|user| user["account_id"] == studio["id"]),
        "only the own account's users"
    );
    app.get(
        &format!("/v1/users?account_id={}", id_of(&other)),
        admin.key(),
    )
    .await
    .assert_problem(403, "forbidden");

    let everyone = app.get("/v1/users?limit=100", app.root()).await;
    assert!(
        emails(&everyone).contains(&"alan@example.com".to_owned()),
        "superadmins see all"
    );
    let one_account = app
        .get(
            &format!("/v1/users?account_id={}", id_of(&other)),
            app.root(),
        )
        .await;
    assert_eq!(emails(&one_account), ["alan@example.com"]);

    let by_email = app
        .get("/v1/users?email=ADA@EXAMPLE.COM", admin.key())
        .await;
    assert_eq!(by_email.json["data"], json!([ada]));
    let suspended = app.get("/v1/users?status=suspended", admin.key()).await;
    assert_eq!(emails(&suspended), ["grace@example.com"]);
    let q = app.get("/v1/users?q=AMAZ", admin.key()).await;
    assert_eq!(
        emails(&q),
        ["grace@example.com"],
        "q matches the display name"
    );
    let q = app.get("/v1/users?q=ada", admin.key()).await;
    assert_eq!(emails(&q), ["ada@example.com"], "q matches the email");
    app.get("/v1/users?status=boss", admin.key())
        .await
        .assert_problem(400, "invalid_filter");
    let sorted = app.get("/v1/users?sort=email:desc", admin.key()).await;
    let order: Vec<&str> = sorted.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["email"].as_str().unwrap())
        .collect();
    let mut expected = order.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, expected);
    app.get("/v1/users?sort=name:asc", admin.key())
        .await
        .assert_problem(400, "invalid_sort");
}
