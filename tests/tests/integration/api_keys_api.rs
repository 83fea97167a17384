//! The API-key endpoints: secrets shown once and stored as digests, expiry, revocation, and a
//! key that stops working the moment anything it depends on does.

use roster_domain::{AccountId, UserId};
use roster_tests::{AdminKey, TestApp, assert_leadr_id, spawn_app};
use serde_json::{Value, json};

fn user_id(key: &AdminKey) -> String {
    UserId::from_uuid(key.user_uuid.parse().unwrap()).to_string()
}

fn account_id(key: &AdminKey) -> String {
    AccountId::from_uuid(key.account_uuid.parse().unwrap()).to_string()
}

async fn create_key(app: &TestApp, by: &AdminKey, owner: &AdminKey, body: Value) -> Value {
    let mut body = body;
    body["account_id"] = json!(account_id(owner));
    body["user_id"] = json!(user_id(owner));
    let response = app.post("/v1/api-keys", by.key(), &body).await;
    response.assert_status(201);
    response.json
}

async fn studio_admin(app: &TestApp) -> AdminKey {
    let studio = app.create_account("Studio", None).await;
    app.admin_key(studio["id"].as_str().unwrap(), false).await
}

#[tokio::test]
async fn a_new_key_shows_its_secret_once_and_stores_only_its_digest() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let created = create_key(&app, &admin, &admin, json!({"name": " CI "})).await;
    let secret = created["key"].as_str().unwrap();
    assert!(secret.starts_with("ldr_") && secret.len() == 47, "{secret}");
    assert!(
        secret[4..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(created["prefix"], &secret[..12]);
    assert_eq!(created["name"], "CI");
    assert_eq!(created["status"], "active");
    assert_eq!(created["expired"], false);
    assert_eq!(created["expires_at"], Value::Null);
    assert_eq!(created["last_used_at"], Value::Null);
    assert_leadr_id(&created["id"], "key");

    // The secret works, and is shown nowhere else.
    app.get("/v1/accounts", Some(secret))
        .await
        .assert_status(200);
    let path = format!("/v1/api-keys/{}", created["id"].as_str().unwrap());
    let read = app.get(&path, admin.key()).await;
    read.assert_status(200);
    assert!(read.json.get("key").is_none());
    assert!(!read.text.contains(&secret[12..]));
    let listed = app.get("/v1/api-keys", admin.key()).await;
    assert!(!listed.text.contains(&secret[12..]));

    let client = app.db().client().await;
    let digest_matches: i64 = client
        .query_one(
            "SELECT count(*) FROM api_keys WHERE key_digest = sha256($1::text::bytea)",
            &[&secret],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(digest_matches, 1);
    let anywhere: i64 = client
        .query_one(
            "SELECT count(*) FROM api_keys k WHERE k::text LIKE '%' || $1 || '%'",
            &[&&secret[12..]],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(anywhere, 0, "the secret is stored nowhere");
}

#[tokio::test]
async fn an_expired_key_is_refused_and_shown_as_expired() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let soon = (time::OffsetDateTime::now_utc() + time::Duration::seconds(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let created = create_key(
        &app,
        &admin,
        &admin,
        json!({"name": "short", "expires_at": soon}),
    )
    .await;
    let secret = created["key"].as_str().unwrap().to_owned();
    app.get("/v1/accounts", Some(&secret))
        .await
        .assert_status(200);
    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    app.get("/v1/accounts", Some(&secret))
        .await
        .assert_problem(401, "unauthorized");
    let path = format!("/v1/api-keys/{}", created["id"].as_str().unwrap());
    let read = app.get(&path, admin.key()).await;
    // LEADR's status enum has no `expired`: the key stays `active`, and says it expired.
    assert_eq!(read.json["status"], "active");
    assert_eq!(read.json["expired"], true);

    let ids = |response: &roster_tests::TestResponse| -> Vec<Value> {
        response.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| key["id"].clone())
            .collect()
    };
    let expired = app.get("/v1/api-keys?expired=true", admin.key()).await;
    expired.assert_status(200);
    assert_eq!(ids(&expired), [created["id"].clone()]);
    let unexpired = app.get("/v1/api-keys?expired=false", admin.key()).await;
    assert!(!ids(&unexpired).contains(&created["id"]));
    assert!(
        !ids(&unexpired).is_empty(),
        "the admin's own key never expires"
    );
    assert!(
        unexpired.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|key| key["expired"] == false)
    );
    let active_and_expired = app
        .get("/v1/api-keys?status=active&expired=true", admin.key())
        .await;
    assert_eq!(ids(&active_and_expired), [created["id"].clone()]);
    let revoked_and_expired = app
        .get("/v1/api-keys?status=revoked&expired=true", admin.key())
        .await;
    assert!(ids(&revoked_and_expired).is_empty());

    app.get("/v1/api-keys?status=expired", admin.key())
        .await
        .assert_problem(400, "invalid_filter");
    app.get("/v1/api-keys?expired=maybe", admin.key())
        .await
        .assert_invalid(&["query", "expired"], "bool_parsing");
}

#[tokio::test]
async fn an_expiry_in_the_past_or_not_a_datetime_is_422() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let body = |expires_at: &str| json!({"account_id": account_id(&admin), "user_id": user_id(&admin), "name": "k", "expires_at": expires_at});
    app.post("/v1/api-keys", admin.key(), &body("2020-01-01T00:00:00Z"))
        .await
        .assert_invalid(&["body", "expires_at"], "value_error");
    app.post("/v1/api-keys", admin.key(), &body("next tuesday"))
        .await
        .assert_invalid(&["body", "expires_at"], "datetime_parsing");
    app.post(
        "/v1/api-keys",
        admin.key(),
        &json!({"account_id": account_id(&admin), "user_id": "usr_x", "name": ""}),
    )
    .await
    .assert_invalid(&["body", "user_id"], "value_error")
    .assert_invalid(&["body", "name"], "string_too_short");
}

#[tokio::test]
async fn a_revoked_key_is_refused_on_its_very_next_request_and_stays_revoked() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let created = create_key(&app, &admin, &admin, json!({"name": "doomed"})).await;
    let secret = created["key"].as_str().unwrap().to_owned();
    let path = format!("/v1/api-keys/{}", created["id"].as_str().unwrap());
    for _ in 0..3 {
        app.get("/v1/accounts", Some(&secret))
            .await
            .assert_status(200);
    }
    let revoked = app
        .patch(
            &path,
            admin.key(),
            &json!({"status": "revoked", "name": "gone"}),
        )
        .await;
    revoked.assert_status(200);
    assert_eq!(revoked.json["status"], "revoked");
    assert_eq!(revoked.json["name"], "gone");
    app.get("/v1/accounts", Some(&secret))
        .await
        .assert_problem(401, "unauthorized");
    app.patch(&path, admin.key(), &json!({"status": "active"}))
        .await
        .assert_problem(409, "conflict");
    app.patch(&path, admin.key(), &json!({"status": "expired"}))
        .await
        .assert_invalid(&["body", "status"], "enum");
    let revoked_list = app.get("/v1/api-keys?status=revoked", admin.key()).await;
    assert_eq!(revoked_list.json["data"][0]["id"], created["id"]);
}

#[tokio::test]
async fn a_deleted_key_is_refused_at_once() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let soft = create_key(&app, &admin, &admin, json!({"name": "soft"})).await;
    let hard = create_key(&app, &admin, &admin, json!({"name": "hard"})).await;
    for key in [&soft, &hard] {
        app.get("/v1/accounts", key["key"].as_str())
            .await
            .assert_status(200);
    }
    let soft_path = format!("/v1/api-keys/{}", soft["id"].as_str().unwrap());
    app.patch(&soft_path, admin.key(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get("/v1/accounts", soft["key"].as_str())
        .await
        .assert_problem(401, "unauthorized");
    app.get(&soft_path, admin.key())
        .await
        .assert_problem(404, "not_found");
    app.patch(&soft_path, admin.key(), &json!({"deleted": false}))
        .await
        .assert_status(200);
    app.get("/v1/accounts", soft["key"].as_str())
        .await
        .assert_status(200);

    let hard_path = format!("/v1/api-keys/{}", hard["id"].as_str().unwrap());
    app.delete(&hard_path, admin.key()).await.assert_status(204);
    app.get("/v1/accounts", hard["key"].as_str())
        .await
        .assert_problem(401, "unauthorized");
    app.delete(&hard_path, admin.key())
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_key_stops_when_its_user_or_account_is_suspended_or_deleted_through_the_api() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let colleague = app.admin_key(&account_id(&admin), false).await;
    let colleague_path = format!("/v1/users/{}", user_id(&colleague));
    let account_path = format!("/v1/accounts/{}", account_id(&admin));
    let cases: [(&str, Value, Value); 4] = [
        (
            &colleague_path,
            json!({"status": "suspended"}),
            json!({"status": "active"}),
        ),
        (
            &colleague_path,
            json!({"deleted": true}),
            json!({"deleted": false}),
        ),
        (
            &account_path,
            json!({"status": "suspended"}),
            json!({"status": "active"}),
        ),
        (
            &account_path,
            json!({"deleted": true}),
            json!({"deleted": false}),
        ),
    ];
    for (path, stop, resume) in cases {
        // Warm the credential cache: the change must invalidate it.
        app.get("/v1/users", colleague.key())
            .await
            .assert_status(200);
        app.patch(path, app.root(), &stop).await.assert_status(200);
        app.get("/v1/users", colleague.key())
            .await
            .assert_problem(401, "unauthorized");
        app.patch(path, app.root(), &resume)
            .await
            .assert_status(200);
        app.get("/v1/users", colleague.key())
            .await
            .assert_status(200);
    }
}

#[tokio::test]
async fn keys_are_managed_within_the_account_and_never_for_a_superadmin_by_others() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let colleague = app.admin_key(&account_id(&admin), false).await;
    let boss = app.admin_key(&account_id(&admin), true).await;
    let stranger = studio_admin(&app).await;

    let colleagues_key =
        create_key(&app, &admin, &colleague, json!({"name": "for colleague"})).await;
    let path = format!("/v1/api-keys/{}", colleagues_key["id"].as_str().unwrap());
    app.get(&path, admin.key()).await.assert_status(200);
    app.get(&path, stranger.key())
        .await
        .assert_problem(403, "forbidden");
    app.patch(&path, stranger.key(), &json!({"status": "revoked"}))
        .await
        .assert_problem(403, "forbidden");
    app.delete(&path, stranger.key())
        .await
        .assert_problem(403, "forbidden");

    let mut body = json!({"name": "escalation"});
    body["account_id"] = json!(account_id(&boss));
    body["user_id"] = json!(user_id(&boss));
    app.post("/v1/api-keys", admin.key(), &body)
        .await
        .assert_problem(403, "forbidden");
    let bosses = app.post("/v1/api-keys", boss.key(), &body).await;
    bosses.assert_status(201);
    let bosses_path = format!("/v1/api-keys/{}", bosses.json["id"].as_str().unwrap());
    app.get(&bosses_path, admin.key()).await.assert_status(200);
    app.patch(&bosses_path, admin.key(), &json!({"status": "revoked"}))
        .await
        .assert_problem(403, "forbidden");

    // A user of another account, or no user at all.
    let mut foreign = json!({"name": "foreign"});
    foreign["account_id"] = json!(account_id(&admin));
    foreign["user_id"] = json!(user_id(&stranger));
    app.post("/v1/api-keys", admin.key(), &foreign)
        .await
        .assert_problem(404, "not_found");
    foreign["account_id"] = json!(account_id(&stranger));
    app.post("/v1/api-keys", admin.key(), &foreign)
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn lists_filter_by_user_and_status_and_sort_never_used_keys_last() {
    let app = spawn_app().await;
    let admin = studio_admin(&app).await;
    let colleague = app.admin_key(&account_id(&admin), false).await;
    let used = create_key(&app, &admin, &colleague, json!({"name": "used"})).await;
    let unused = create_key(&app, &admin, &colleague, json!({"name": "unused"})).await;
    app.get("/v1/accounts", used["key"].as_str())
        .await
        .assert_status(200);
    // last_used_at is written in the background.
    let mut waited = 0;
    loop {
        let read = app
            .get(
                &format!("/v1/api-keys/{}", used["id"].as_str().unwrap()),
                admin.key(),
            )
            .await;
        if read.json["last_used_at"].is_string() {
            break;
        }
        waited += 1;
        assert!(waited < 50, "last_used_at was never recorded");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let ids = |response: &roster_tests::TestResponse| -> Vec<String> {
        response.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| key["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let of_colleague = app
        .get(
            &format!(
                "/v1/api-keys?user_id={}&sort=last_used_at:asc",
                user_id(&colleague)
            ),
            admin.key(),
        )
        .await;
    of_colleague.assert_status(200);
    let listed = ids(&of_colleague);
    assert_eq!(
        listed.len(),
        3,
        "the colleague's two keys and its own test key"
    );
    assert_eq!(
        listed[0],
        used["id"].as_str().unwrap(),
        "used first ascending"
    );
    assert!(listed[1..].contains(&unused["id"].as_str().unwrap().to_owned()));
    let descending = app
        .get(
            &format!(
                "/v1/api-keys?user_id={}&sort=last_used_at:desc",
                user_id(&colleague)
            ),
            admin.key(),
        )
        .await;
    assert_eq!(
        ids(&descending).last().unwrap(),
        used["id"].as_str().unwrap(),
        "NULLs first descending"
    );
    app.get("/v1/api-keys?status=lost", admin.key())
        .await
        .assert_problem(400, "invalid_filter");
}
