//! Players through the real server: every identity has one, admins read, rename, merge, ban
//! and erase them, and a ban stops the player's very next request on every replica.

use std::time::Duration;

use roster_tests::{TestApp, TestConfig, assert_leadr_id, fingerprint, spawn_app, spawn_app_with};
use serde_json::{Value, json};

fn token(session: &Value, which: &str) -> String {
    session[which].as_str().unwrap().to_owned()
}

async fn ban(app: &TestApp, player: &str, body: &Value) -> Value {
    let response = app
        .post(&format!("/v1/players/{player}/bans"), app.root(), body)
        .await;
    response.assert_status(201);
    response.json.clone()
}

#[tokio::test]
async fn a_first_sign_in_makes_the_player_and_the_admin_api_shows_it() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    assert_leadr_id(&session["player_id"], "ply");
    let player = app
        .get(
            &format!("/v1/players/{}", session["player_id"].as_str().unwrap()),
            app.root(),
        )
        .await;
    player.assert_status(200);
    assert_eq!(player.json["game_id"], game.as_str());
    assert_eq!(player.json["status"], "active");
    assert_eq!(player.json["ban"], Value::Null);
    let identity = app
        .get(
            &format!(
                "/v1/identities/{}",
                session["identity_id"].as_str().unwrap()
            ),
            app.root(),
        )
        .await;
    assert_eq!(identity.json["player_id"], session["player_id"]);
    let listed = app
        .get(&format!("/v1/players?game_id={game}"), app.root())
        .await;
    listed.assert_status(200);
    assert_eq!(listed.json["data"].as_array().unwrap().len(), 1);
    let renamed = app
        .patch(
            &format!("/v1/players/{}", session["player_id"].as_str().unwrap()),
            app.root(),
            &json!({"display_name": "Ada"}),
        )
        .await;
    renamed.assert_status(200);
    assert_eq!(renamed.json["display_name"], "Ada");
}

#[tokio::test]
async fn the_exact_lookup_finds_one_identity_by_kind_and_key() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    for key in ["alpha", "alphabet"] {
        app.post(
            "/v1/identities",
            app.root(),
            &json!({"game_id": game, "kind": "CUSTOM", "external_key": key}),
        )
        .await
        .assert_status(201);
    }
    let found = app
        .get("/v1/identities?kind=CUSTOM&external_key=alpha", app.root())
        .await;
    found.assert_status(200);
    let data = found.json["data"].as_array().unwrap();
    assert_eq!(data.len(), 1, "exact, not a prefix: {data:?}");
    assert_eq!(data[0]["external_key"], "alpha");
    let none = app
        .get("/v1/identities?kind=STEAM&external_key=alpha", app.root())
        .await;
    assert_eq!(none.json["data"], json!([]));
}

#[tokio::test]
async fn a_banned_player_is_refused_everywhere_with_the_reason_until_the_ban_is_lifted() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let player = session["player_id"].as_str().unwrap().to_owned();
    let access = token(&session, "access_token");
    let made = ban(&app, &player, &json!({"reason": "speed hack"})).await;
    assert_leadr_id(&made["id"], "ban");
    assert_eq!(made["expires_at"], Value::Null);
    assert_leadr_id(&made["created_by"], "usr");

    let me = app.get_as_client("/v1/client/me", &access).await;
    me.assert_problem(403, "banned");
    assert_eq!(me.json["reason"], "speed hack");
    assert_eq!(me.json["expires_at"], Value::Null);
    app.get_as_client("/v1/client/nonce", &access)
        .await
        .assert_problem(403, "banned");
    app.refresh(&token(&session, "refresh_token"))
        .await
        .assert_problem(403, "banned");
    app.start_session(&game, &fingerprint(1))
        .await
        .assert_problem(403, "banned");
    let read = app.get(&format!("/v1/players/{player}"), app.root()).await;
    assert_eq!(read.json["status"], "banned");
    assert_eq!(read.json["ban"]["reason"], "speed hack");
    let banned = app
        .get(
            &format!("/v1/players?game_id={game}&status=banned"),
            app.root(),
        )
        .await;
    assert_eq!(banned.json["data"].as_array().unwrap().len(), 1);

    let ban_id = made["id"].as_str().unwrap();
    app.delete(&format!("/v1/players/{player}/bans/{ban_id}"), app.root())
        .await
        .assert_status(204);
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    let history = app
        .get(&format!("/v1/players/{player}/bans"), app.root())
        .await;
    history.assert_status(200);
    let entry = &history.json["data"][0];
    assert_eq!(entry["id"], made["id"]);
    assert_leadr_id(&entry["lifted_by"], "usr");
    assert!(entry["lifted_at"].is_string());
    let active = app
        .get(
            &format!("/v1/players?game_id={game}&status=active"),
            app.root(),
        )
        .await;
    assert_eq!(active.json["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_ban_lapses_at_its_expiry_with_nothing_lifting_it() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let player = session["player_id"].as_str().unwrap();
    let until = time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
    let until = until
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let made = ban(
        &app,
        player,
        &json!({"reason": "cool off", "expires_at": until}),
    )
    .await;
    let access = token(&session, "access_token");
    let refused = app.get_as_client("/v1/client/me", &access).await;
    refused.assert_problem(403, "banned");
    assert_eq!(refused.json["expires_at"], made["expires_at"]);
    // Waits out the ban: what is asserted is the answer after expires_at, not a duration.
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    let past = app
        .post(
            &format!("/v1/players/{player}/bans"),
            app.root(),
            &json!({"reason": "late", "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    past.assert_invalid(&["body", "expires_at"], "value_error");
}

#[tokio::test]
async fn a_ban_made_on_one_replica_refuses_the_next_request_on_the_other() {
    let first = spawn_app().await;
    let second = spawn_app_with(TestConfig {
        database_url: Some(first.db().url.clone()),
        bootstrap: false,
        ..TestConfig::default()
    })
    .await;
    let (_, game) = first.account_with_game("Studio").await;
    let session = first.session(&game, &fingerprint(1)).await;
    let access = token(&session, "access_token");
    second
        .get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    ban(
        &first,
        session["player_id"].as_str().unwrap(),
        &json!({"reason": "x"}),
    )
    .await;
    second
        .get_as_client("/v1/client/me", &access)
        .await
        .assert_problem(403, "banned");
}

#[tokio::test]
async fn a_merge_moves_identities_ends_the_sources_sessions_and_replays_the_same_answer() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let phone = app.session(&game, &fingerprint(1)).await;
    let pc = app.session(&game, &fingerprint(2)).await;
    let target = phone["player_id"].as_str().unwrap();
    let source = pc["player_id"].as_str().unwrap();
    let path = format!("/v1/players/{target}/merge");
    let body = json!({"from_player_id": source});
    let merged = app.post(&path, app.root(), &body).await;
    merged.assert_status(200);
    assert_eq!(merged.json["id"], target);
    let identities = app
        .get(&format!("/v1/identities?player_id={target}"), app.root())
        .await;
    assert_eq!(identities.json["data"].as_array().unwrap().len(), 2);
    app.get_as_client("/v1/client/me", &token(&pc, "access_token"))
        .await
        .assert_status(401);
    let me = app
        .get_as_client("/v1/client/me", &token(&phone, "access_token"))
        .await;
    assert_eq!(me.json["identities"].as_array().unwrap().len(), 2);
    let gone = app.get(&format!("/v1/players/{source}"), app.root()).await;
    assert_eq!(gone.json["merged_into"], target);
    assert_eq!(gone.json["deleted"], true);
    // Signing in again with the moved device lands on the target.
    let again = app.session(&game, &fingerprint(2)).await;
    assert_eq!(again["player_id"], target);

    let replay = app.post(&path, app.root(), &body).await;
    replay.assert_status(200);
    assert_eq!(replay.json, merged.json, "the same merge answers the same");
    app.post(&path, app.root(), &json!({"from_player_id": target}))
        .await
        .assert_problem(409, "conflict");
    let (_, other_game) = app.account_with_game("Other").await;
    let stranger = app.session(&other_game, &fingerprint(3)).await;
    app.post(
        &path,
        app.root(),
        &json!({"from_player_id": stranger["player_id"]}),
    )
    .await
    .assert_invalid(&["body", "from_player_id"], "value_error");
}

#[tokio::test]
async fn erasing_a_player_erases_its_identities_and_ends_its_sessions() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let player = session["player_id"].as_str().unwrap();
    app.delete(&format!("/v1/players/{player}"), app.root())
        .await
        .assert_status(204);
    app.get(&format!("/v1/players/{player}"), app.root())
        .await
        .assert_status(404);
    app.get(
        &format!(
            "/v1/identities/{}",
            session["identity_id"].as_str().unwrap()
        ),
        app.root(),
    )
    .await
    .assert_status(404);
    app.get_as_client("/v1/client/me", &token(&session, "access_token"))
        .await
        .assert_status(401);
    let left: i64 = app
        .db()
        .client()
        .await
        .query_one("SELECT count(*) FROM client_sessions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}
