//! Entity tags through the real server (DESIGN.md §12): every single resource's GET and PATCH
//! answer a strong `ETag` from its stored version, `If-None-Match` answers 304, and a PATCH or
//! DELETE whose `If-Match` no longer matches is a 412 that writes nothing, even when two admins
//! race.

use reqwest::Method;
use roster_tests::{TestApp, TestResponse, fingerprint, spawn_app};
use serde_json::{Value, json};
use tokio::task::JoinSet;

/// One resource of each tagged kind, with a change to make to it.
struct Tagged {
    path: String,
    change: Value,
}

async fn created(app: &TestApp, path: &str, body: Value) -> Value {
    let response = app.post(path, app.root(), &body).await;
    response.assert_status(201);
    response.json
}

fn id(value: &Value, field: &str) -> String {
    value[field].as_str().unwrap().to_owned()
}

/// One of every tagged resource, in the order they can be erased without one taking another
/// with it (the account, which takes everything, last).
async fn one_of_each(app: &TestApp) -> Vec<Tagged> {
    let (account, game) = app.account_with_game("Tagged").await;
    let user = created(
        app,
        "/v1/users",
        json!({"account_id": account, "email": "ada@example.com", "display_name": "Ada"}),
    )
    .await;
    let key = created(
        app,
        "/v1/api-keys",
        json!({"account_id": account, "user_id": id(&user, "id"), "name": "CI"}),
    )
    .await;
    let identity = created(
        app,
        "/v1/identities",
        json!({"game_id": game, "kind": "CUSTOM", "external_key": "player-1"}),
    )
    .await;
    let webhook = created(
        app,
        "/v1/webhooks",
        json!({"account_id": account, "url": "http://127.0.0.1:9/hook", "events": ["game.*"]}),
    )
    .await;
    let tagged = |path: String, change: Value| Tagged { path, change };
    vec![
        tagged(
            format!("/v1/webhooks/{}", id(&webhook, "id")),
            json!({"description": "Changed"}),
        ),
        tagged(
            format!("/v1/api-keys/{}", id(&key, "id")),
            json!({"name": "Changed"}),
        ),
        tagged(
            format!("/v1/identities/{}", id(&identity, "id")),
            json!({"display_name": "Changed"}),
        ),
        tagged(
            format!("/v1/players/{}", id(&identity, "player_id")),
            json!({"display_name": "Changed"}),
        ),
        tagged(
            format!("/v1/users/{}", id(&user, "id")),
            json!({"display_name": "Changed"}),
        ),
        tagged(format!("/v1/games/{game}"), json!({"name": "Changed"})),
        tagged(
            format!("/v1/accounts/{account}"),
            json!({"name": "Changed"}),
        ),
    ]
}

async fn conditional(
    app: &TestApp,
    method: Method,
    path: &str,
    header: (&str, &str),
    body: Option<&Value>,
) -> TestResponse {
    let mut request = app
        .client
        .request(method, app.url(path))
        .header("leadr-api-key", app.root().unwrap())
        .header(header.0, header.1);
    if let Some(body) = body {
        request = request.json(body);
    }
    app.send(request).await
}

fn etag(response: &TestResponse) -> String {
    let tag = response
        .header("etag")
        .unwrap_or_else(|| panic!("no ETag on {} {}", response.status, response.text))
        .to_owned();
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "not a strong tag: {tag}"
    );
    tag
}

#[tokio::test]
async fn every_tagged_resource_answers_its_tag_a_304_and_a_412_for_a_stale_change() {
    let app = spawn_app().await;
    for resource in one_of_each(&app).await {
        let path = resource.path.as_str();
        let read = app.get(path, app.root()).await;
        read.assert_status(200);
        let first = etag(&read);

        let current = conditional(&app, Method::GET, path, ("if-none-match", &first), None).await;
        current.assert_status(304);
        assert_eq!(etag(&current), first, "{path}");
        assert!(current.text.is_empty(), "{path}: a 304 has no body");
        let weak = format!("W/{first}");
        conditional(&app, Method::GET, path, ("if-none-match", &weak), None)
            .await
            .assert_status(304);
        let other = conditional(&app, Method::GET, path, ("if-none-match", "\"0\""), None).await;
        other.assert_status(200);
        assert_eq!(other.json, read.json, "{path}");

        let changed = conditional(
            &app,
            Method::PATCH,
            path,
            ("if-match", &first),
            Some(&resource.change),
        )
        .await;
        changed.assert_status(200);
        let second = etag(&changed);
        assert_ne!(second, first, "{path}: a change moves the tag");
        let reread = app.get(path, app.root()).await;
        assert_eq!(
            etag(&reread),
            second,
            "{path}: the PATCH answered the stored tag"
        );
        assert_eq!(reread.json, changed.json, "{path}");

        let stale = conditional(
            &app,
            Method::PATCH,
            path,
            ("if-match", &first),
            Some(&json!({})),
        )
        .await;
        stale.assert_problem(412, "precondition_failed");
        conditional(&app, Method::DELETE, path, ("if-match", &first), None)
            .await
            .assert_problem(412, "precondition_failed");
        conditional(&app, Method::DELETE, path, ("if-match", &weak), None)
            .await
            .assert_problem(412, "precondition_failed");
        let unchanged = app.get(path, app.root()).await;
        unchanged.assert_status(200);
        assert_eq!(unchanged.json, changed.json, "{path}: nothing was written");
        assert_eq!(etag(&unchanged), second, "{path}");

        let either = format!("\"0\", {second}");
        conditional(&app, Method::DELETE, path, ("if-match", &either), None)
            .await
            .assert_status(204);
        app.get(path, app.root()).await.assert_status(404);
    }
}

#[tokio::test]
async fn a_refused_change_writes_no_audit_event() {
    let app = spawn_app().await;
    let account = app.create_account("Audited", None).await;
    let path = format!("/v1/accounts/{}", id(&account, "id"));
    let first = etag(&app.get(&path, app.root()).await);
    conditional(
        &app,
        Method::PATCH,
        &path,
        ("if-match", &first),
        Some(&json!({"name": "Second"})),
    )
    .await
    .assert_status(200);
    let count = async || -> i64 {
        app.db()
            .client()
            .await
            .query_one(
                "SELECT count(*) FROM audit_events WHERE action = 'account.updated'",
                &[],
            )
            .await
            .unwrap()
            .get(0)
    };
    assert_eq!(count().await, 1);
    conditional(
        &app,
        Method::PATCH,
        &path,
        ("if-match", &first),
        Some(&json!({"name": "Third"})),
    )
    .await
    .assert_problem(412, "precondition_failed");
    assert_eq!(count().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_ten_admins_changing_one_version_at_once_exactly_one_succeeds() {
    let app = std::sync::Arc::new(spawn_app().await);
    let account = app.create_account("Contended", None).await;
    let path = format!("/v1/accounts/{}", id(&account, "id"));
    let tag = etag(&app.get(&path, app.root()).await);
    let mut racers = JoinSet::new();
    for n in 0..10 {
        let (app, path, tag) = (app.clone(), path.clone(), tag.clone());
        racers.spawn(async move {
            let body = json!({"name": format!("Admin {n}")});
            let answer =
                conditional(&app, Method::PATCH, &path, ("if-match", &tag), Some(&body)).await;
            (answer.status, answer.json["name"].clone())
        });
    }
    let mut winners = Vec::new();
    while let Some(outcome) = racers.join_next().await {
        let (status, name) = outcome.unwrap();
        match status {
            200 => winners.push(name),
            412 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one change applies");
    let stored = app.get(&path, app.root()).await;
    assert_eq!(stored.json["name"], winners[0], "and it is the one stored");
}

#[tokio::test]
async fn a_change_that_changes_nothing_keeps_the_tag_and_star_matches_any() {
    let app = spawn_app().await;
    let account = app.create_account("Same", None).await;
    let path = format!("/v1/accounts/{}", id(&account, "id"));
    let first = etag(&app.get(&path, app.root()).await);
    let same = conditional(
        &app,
        Method::PATCH,
        &path,
        ("if-match", "*"),
        Some(&json!({"name": "Same"})),
    )
    .await;
    same.assert_status(200);
    assert_eq!(etag(&same), first);
    let renamed = app
        .patch(&path, app.root(), &json!({"name": "Other"}))
        .await;
    assert_ne!(etag(&renamed), first, "no If-Match: the change applies");
}

#[tokio::test]
async fn a_write_outside_the_admin_api_moves_the_tag_too() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Client").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let identity = format!("/v1/identities/{}", id(&session, "identity_id"));
    let player = format!("/v1/players/{}", id(&session, "player_id"));
    let identity_tag = etag(&app.get(&identity, app.root()).await);
    let player_tag = etag(&app.get(&player, app.root()).await);

    let access = id(&session, "access_token");
    let nonce = app.nonce(&access).await;
    app.patch_me(&access, Some(&nonce), &json!({"display_name": "Renamed"}))
        .await
        .assert_status(200);

    conditional(
        &app,
        Method::GET,
        &identity,
        ("if-none-match", &identity_tag),
        None,
    )
    .await
    .assert_status(200);
    conditional(
        &app,
        Method::PATCH,
        &identity,
        ("if-match", &identity_tag),
        Some(&json!({"display_name": "Admin's"})),
    )
    .await
    .assert_problem(412, "precondition_failed");
    let renamed = app.get(&player, app.root()).await;
    assert_eq!(renamed.json["display_name"], "Renamed");
    assert_ne!(etag(&renamed), player_tag);
}

#[tokio::test]
async fn a_ban_moves_the_players_tag_though_the_player_row_is_untouched() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Bans").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let player = format!("/v1/players/{}", id(&session, "player_id"));
    let before = etag(&app.get(&player, app.root()).await);
    app.post(
        &format!("{player}/bans"),
        app.root(),
        &json!({"reason": "cheating"}),
    )
    .await
    .assert_status(201);
    let banned = conditional(&app, Method::GET, &player, ("if-none-match", &before), None).await;
    banned.assert_status(200);
    assert_eq!(banned.json["status"], "banned");
    assert_ne!(etag(&banned), before);
    conditional(
        &app,
        Method::PATCH,
        &player,
        ("if-match", &before),
        Some(&json!({"display_name": "Renamed"})),
    )
    .await
    .assert_problem(412, "precondition_failed");
}

#[tokio::test]
async fn a_malformed_condition_is_a_422_and_a_missing_resource_stays_a_404() {
    let app = spawn_app().await;
    let account = app.create_account("Malformed", None).await;
    let path = format!("/v1/accounts/{}", id(&account, "id"));
    for malformed in ["3", "\"3", "\"3\" \"4\"", "W/3", ""] {
        conditional(
            &app,
            Method::PATCH,
            &path,
            ("if-match", malformed),
            Some(&json!({"name": "Never"})),
        )
        .await
        .assert_invalid(&["header", "if-match"], "value_error");
        conditional(&app, Method::GET, &path, ("if-none-match", malformed), None)
            .await
            .assert_invalid(&["header", "if-none-match"], "value_error");
    }
    assert_eq!(app.get(&path, app.root()).await.json["name"], "Malformed");
    let missing = "/v1/accounts/acc_01890000-0000-7000-8000-000000000000";
    conditional(&app, Method::DELETE, missing, ("if-match", "\"1\""), None)
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_key_being_used_keeps_its_tag_so_it_can_edit_itself_conditionally() {
    let app = spawn_app().await;
    let account = app.create_account("Self", None).await;
    let admin = app.admin_key(&id(&account, "id"), false).await;
    let path = format!(
        "/v1/api-keys/{}",
        roster_domain::ApiKeyId::from_uuid(admin.key_uuid.parse().unwrap())
    );
    let read = app.get(&path, admin.key()).await;
    read.assert_status(200);
    let tag = etag(&read);
    // The use is written by a background task; wait until it is there.
    let mut used = Value::Null;
    for _ in 0..100 {
        used = app.get(&path, admin.key()).await.json["last_used_at"].clone();
        if !used.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(used.is_string(), "the key's use was never recorded");
    let renamed = app
        .send(
            app.client
                .patch(app.url(&path))
                .header("leadr-api-key", admin.key().unwrap())
                .header("if-match", &tag)
                .json(&json!({"name": "Renamed"})),
        )
        .await;
    renamed.assert_status(200);
    assert_ne!(etag(&renamed), tag, "the rename is a change");
}
