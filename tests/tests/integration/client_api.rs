//! The client API: device sessions, tokens and their rotation, nonces, and revocation that
//! takes effect on the very next request.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use roster_tests::{TEST_JWT_SECRET, TestApp, assert_leadr_id, fingerprint, spawn_app};
use serde_json::{Value, json};
use tokio::task::JoinSet;

fn token(session: &Value, which: &str) -> String {
    session[which].as_str().expect("a token").to_owned()
}

/// The claims of a token, decoded without verification (for building forgeries).
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

fn sign(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .expect("a signed token")
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn a_first_session_creates_the_device_identity_and_later_ones_find_it() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let device = fingerprint(1).to_uppercase();
    let first = app
        .post(
            "/v1/client/sessions",
            None,
            &json!({
                "game_id": game, "client_fingerprint": device, "display_name": "Ace",
                "platform": "ios", "metadata": {"os": "17.1"}, "test_mode": true
            }),
        )
        .await;
    first.assert_status(201);
    let session = &first.json;
    assert_leadr_id(&session["identity_id"], "idn");
    assert_eq!(session["game_id"], game.as_str());
    assert_eq!(session["account_id"], account.as_str());
    assert_eq!(session["kind"], "DEVICE");
    assert_eq!(session["display_name"], "Ace");
    assert_eq!(session["expires_in"], 900);
    let access = claims_of(&token(session, "access_token"));
    assert_eq!(access["typ"], "access");
    assert_eq!(access["sub"], session["identity_id"]);
    assert_eq!(access["test_mode"], true);
    assert_eq!(access["iss"], "roster");
    assert_eq!(access["aud"], "roster-client");
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        900
    );
    let refresh = claims_of(&token(session, "refresh_token"));
    assert_eq!(refresh["typ"], "refresh");
    let thirty_days = 30 * 24 * 3600;
    assert!((refresh["exp"].as_i64().unwrap() - now() - thirty_days).abs() < 60);

    // The same device, its fingerprint in lowercase now, with another display name.
    let again = app
        .post(
            "/v1/client/sessions",
            None,
            &json!({"game_id": game, "client_fingerprint": fingerprint(1), "display_name": "Bee"}),
        )
        .await;
    again.assert_status(201);
    assert_eq!(again.json["identity_id"], session["identity_id"]);
    assert_eq!(
        again.json["display_name"], "Bee",
        "a given display name updates it"
    );
    let without_name = app.session(&game, &fingerprint(1)).await;
    assert_eq!(
        without_name["display_name"], "Bee",
        "no display name leaves it"
    );
    assert_ne!(
        token(&without_name, "access_token"),
        token(session, "access_token")
    );

    let me = app
        .get_as_client("/v1/client/me", &token(session, "access_token"))
        .await;
    me.assert_status(200);
    let admin_view = app
        .get(
            &format!(
                "/v1/identities/{}",
                session["identity_id"].as_str().unwrap()
            ),
            app.root(),
        )
        .await;
    let mut identity = me.json.clone();
    let identities = identity
        .as_object_mut()
        .unwrap()
        .remove("identities")
        .unwrap();
    assert_eq!(
        identity, admin_view.json,
        "the identity as the admin API shows it, its player's identities beside it"
    );
    assert_eq!(identities, json!([admin_view.json]));
    assert_eq!(me.json["external_key"], fingerprint(1));
    assert_leadr_id(&me.json["player_id"], "ply");
    assert_eq!(me.json["player_id"], session["player_id"]);
}

/// The fields of LEADR's `StartSessionResponse` (every one its document requires, and the
/// optional `platform` and `metadata`), then Roster's own.
const START_SESSION_FIELDS: [&str; 17] = [
    "id",
    "game_id",
    "client_fingerprint",
    "account_id",
    "platform",
    "status",
    "metadata",
    "access_token",
    "refresh_token",
    "expires_in",
    "first_seen_at",
    "last_seen_at",
    "test_mode",
    "identity_id",
    "kind",
    "display_name",
    "player_id",
];

fn field_names(body: &Value) -> Vec<&str> {
    body.as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[tokio::test]
async fn a_session_answers_every_field_of_leadrs_start_session_response() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let device = fingerprint(7).to_uppercase();
    let first = app
        .post(
            "/v1/client/sessions",
            None,
            &json!({
                "game_id": game, "client_fingerprint": device, "platform": "android",
                "metadata": {"os": "14", "model": {"make": "Pixel"}}, "test_mode": true
            }),
        )
        .await;
    first.assert_status(201);
    let session = &first.json;
    assert_eq!(field_names(session), START_SESSION_FIELDS);
    assert_leadr_id(&session["id"], "idn");
    assert_eq!(session["id"], session["identity_id"]);
    assert_eq!(session["game_id"], game.as_str());
    assert_eq!(session["account_id"], account.as_str());
    assert_eq!(
        session["client_fingerprint"],
        fingerprint(7),
        "stored lowercased"
    );
    assert_eq!(session["platform"], "android");
    assert_eq!(session["status"], "active");
    assert_eq!(
        session["metadata"],
        json!({"os": "14", "model": {"make": "Pixel"}})
    );
    assert_eq!(session["test_mode"], true);
    assert_eq!(
        session["first_seen_at"], session["last_seen_at"],
        "a new device"
    );

    // Seen again later: first_seen_at is the identity's creation, last_seen_at this sign-in,
    // and platform, metadata and test mode are this session's.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let later = app.session(&game, &fingerprint(7)).await;
    assert_eq!(later["id"], session["id"]);
    assert_eq!(later["first_seen_at"], session["first_seen_at"]);
    assert!(
        later["last_seen_at"].as_str().unwrap() > session["last_seen_at"].as_str().unwrap(),
        "{later}"
    );
    assert_eq!(later["platform"], Value::Null);
    assert_eq!(
        later["metadata"],
        json!({}),
        "an object even when none was given"
    );
    assert_eq!(later["test_mode"], false, "test mode echoes the request");
    let identity = app
        .get(
            &format!("/v1/identities/{}", session["id"].as_str().unwrap()),
            app.root(),
        )
        .await;
    assert_eq!(identity.json["created_at"], session["first_seen_at"]);
}

#[tokio::test]
async fn a_minted_session_answers_the_same_fields_and_takes_an_optional_body() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let steam = app
        .post(
            "/v1/identities",
            app.root(),
            &json!({"game_id": game, "kind": "STEAM", "external_key": "76561197960287930"}),
        )
        .await;
    steam.assert_status(201);
    let path = format!(
        "/v1/identities/{}/sessions",
        steam.json["id"].as_str().unwrap()
    );

    let bare = app
        .send(
            app.client
                .post(app.url(&path))
                .header("leadr-api-key", app.superadmin_key.as_str()),
        )
        .await;
    bare.assert_status(201);
    assert_eq!(field_names(&bare.json), START_SESSION_FIELDS);
    assert_eq!(bare.json["id"], steam.json["id"]);
    assert_eq!(bare.json["client_fingerprint"], "76561197960287930");
    assert_eq!(bare.json["kind"], "STEAM");
    assert_eq!(bare.json["status"], "active");
    assert_eq!(bare.json["metadata"], json!({}));
    assert_eq!(bare.json["test_mode"], false);
    assert_eq!(bare.json["first_seen_at"], steam.json["created_at"]);

    let told = app
        .post(
            &path,
            app.root(),
            &json!({"platform": "pc", "metadata": {"build": 42}, "test_mode": true}),
        )
        .await;
    told.assert_status(201);
    assert_eq!(told.json["platform"], "pc");
    assert_eq!(told.json["metadata"], json!({"build": 42}));
    assert_eq!(told.json["test_mode"], true);
    assert_eq!(
        claims_of(&token(&told.json, "access_token"))["test_mode"],
        true
    );

    app.post(&path, app.root(), &Value::Null)
        .await
        .assert_status(201);
    app.post(&path, app.root(), &json!({"test_mode": "yes"}))
        .await
        .assert_invalid(&["body", "test_mode"], "bool_type");
    app.post(&path, app.root(), &json!({"platform": ""}))
        .await
        .assert_invalid(&["body", "platform"], "string_too_short");
    app.post(&path, app.root(), &json!({"device": "x"}))
        .await
        .assert_invalid(&["body", "device"], "extra_forbidden");
}

#[tokio::test]
async fn concurrent_first_sessions_for_one_fingerprint_create_exactly_one_identity() {
    let app = Arc::new(spawn_app().await);
    let (_, game) = app.account_with_game("Studio").await;
    let mut sessions = JoinSet::new();
    for _ in 0..20 {
        let (app, game) = (app.clone(), game.clone());
        sessions.spawn(async move { app.start_session(&game, &fingerprint(7)).await });
    }
    let mut identities = HashSet::new();
    while let Some(response) = sessions.join_next().await {
        let response = response.unwrap();
        response.assert_status(201);
        identities.insert(response.json["identity_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(identities.len(), 1);
    let stored: i64 = app
        .db()
        .client()
        .await
        .query_one("SELECT count(*) FROM identities", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn bad_session_requests_are_refused_with_the_documented_status() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    app.post(
        "/v1/client/sessions",
        None,
        &json!({"game_id": game, "client_fingerprint": "not-hex"}),
    )
    .await
    .assert_invalid(&["body", "client_fingerprint"], "string_pattern_mismatch");
    let big = json!({"blob": "x".repeat(5_000)});
    app.post(
        "/v1/client/sessions",
        None,
        &json!({"game_id": game, "client_fingerprint": fingerprint(1), "metadata": big}),
    )
    .await
    .assert_invalid(&["body", "metadata"], "value_error");
    app.post(
        "/v1/client/sessions",
        None,
        &json!({"game_id": game, "client_fingerprint": fingerprint(1), "metadata": [1, 2]}),
    )
    .await
    .assert_status(422);
    app.start_session("gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7", &fingerprint(1))
        .await
        .assert_problem(404, "not_found");

    app.patch(
        &format!("/v1/accounts/{account}"),
        app.root(),
        &json!({"status": "suspended"}),
    )
    .await
    .assert_status(200);
    app.start_session(&game, &fingerprint(1))
        .await
        .assert_problem(403, "forbidden");
    app.patch(
        &format!("/v1/accounts/{account}"),
        app.root(),
        &json!({"status": "active"}),
    )
    .await
    .assert_status(200);
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"deleted": true}),
    )
    .await
    .assert_status(200);
    app.start_session(&game, &fingerprint(1))
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn refreshing_rotates_both_tokens_and_keeps_the_absolute_lifetime() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let first_refresh = token(&session, "refresh_token");
    let rotated = app.refresh(&first_refresh).await;
    rotated.assert_status(200);
    assert_eq!(rotated.json["expires_in"], 900);
    let new_access = token(&rotated.json, "access_token");
    let new_refresh = token(&rotated.json, "refresh_token");
    assert_ne!(new_refresh, first_refresh);
    assert_eq!(claims_of(&new_refresh)["ver"], 2);
    assert_eq!(
        claims_of(&new_refresh)["exp"],
        claims_of(&first_refresh)["exp"],
        "refreshing does not extend the session"
    );
    app.get_as_client("/v1/client/me", &new_access)
        .await
        .assert_status(200);
    let next = app.refresh(&new_refresh).await;
    next.assert_status(200);
    assert_eq!(claims_of(&token(&next.json, "refresh_token"))["ver"], 3);
}

#[tokio::test]
async fn two_refreshes_racing_inside_the_grace_window_get_the_same_pair() {
    let app = Arc::new(spawn_app().await);
    let (_, game) = app.account_with_game("Studio").await;
    for round in 0..5 {
        let session = app.session(&game, &fingerprint(round)).await;
        let refresh = token(&session, "refresh_token");
        let (a, b) = {
            let (app_a, app_b) = (app.clone(), app.clone());
            let (ra, rb) = (refresh.clone(), refresh.clone());
            (
                tokio::spawn(async move { app_a.refresh(&ra).await }),
                tokio::spawn(async move { app_b.refresh(&rb).await }),
            )
        };
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        a.assert_status(200);
        b.assert_status(200);
        assert_eq!(a.json, b.json, "round {round}: the same new pair");
        assert_eq!(claims_of(&token(&a.json, "refresh_token"))["ver"], 2);
        app.get_as_client("/v1/client/me", &token(&a.json, "access_token"))
            .await
            .assert_status(200);
    }
}

#[tokio::test]
async fn reusing_an_old_refresh_token_revokes_the_whole_session() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let v1 = token(&session, "refresh_token");
    let second = app.refresh(&v1).await;
    let v2 = token(&second.json, "refresh_token");
    let third = app.refresh(&v2).await;
    third.assert_status(200);
    let access = token(&third.json, "access_token");
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);

    // v1 is two rotations old: reuse, whatever the time.
    app.refresh(&v1).await.assert_problem(401, "unauthorized");
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_problem(401, "unauthorized");
    app.refresh(&token(&third.json, "refresh_token"))
        .await
        .assert_problem(401, "unauthorized");
    let revoked: bool = app
        .db()
        .client()
        .await
        .query_one("SELECT revoked_at IS NOT NULL FROM client_sessions", &[])
        .await
        .unwrap()
        .get(0);
    assert!(revoked);
}

#[tokio::test]
async fn the_previous_refresh_token_after_the_grace_window_is_reuse() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let v1 = token(&session, "refresh_token");
    let rotated = app.refresh(&v1).await;
    rotated.assert_status(200);
    let access = token(&rotated.json, "access_token");
    tokio::time::sleep(Duration::from_millis(10_500)).await;
    app.refresh(&v1).await.assert_problem(401, "unauthorized");
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_problem(401, "unauthorized");
    app.get_as_client("/v1/client/me", &token(&session, "access_token"))
        .await
        .assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn forged_expired_and_misdirected_tokens_are_401() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let access = token(&session, "access_token");
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    let claims = claims_of(&access);

    let mut tampered = access.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });

    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = access.split('.').nth(1).unwrap();
    let unsigned = format!("{header}.{payload}.");

    let mut wrong_audience = claims.clone();
    wrong_audience["aud"] = json!("someone-else");
    let mut wrong_issuer = claims.clone();
    wrong_issuer["iss"] = json!("someone-else");
    let mut expired = claims.clone();
    expired["iat"] = json!(now() - 2_000);
    expired["exp"] = json!(now() - 1_000);
    let mut elevated = claims.clone();
    elevated["sub"] = json!("idn_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7");

    let secret = TEST_JWT_SECRET.as_bytes();
    for (what, bad) in [
        ("tampered signature", tampered),
        ("alg none", unsigned),
        ("wrong aud", sign(&wrong_audience, secret)),
        ("wrong iss", sign(&wrong_issuer, secret)),
        ("expired", sign(&expired, secret)),
        (
            "another key",
            sign(&claims, b"a different secret of sufficient length"),
        ),
        ("another identity", sign(&elevated, secret)),
        ("a refresh token", token(&session, "refresh_token")),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let response = app.get_as_client("/v1/client/me", &bad).await;
        assert_eq!(response.status, 401, "{what}: {}", response.text);
        assert_eq!(response.json["code"], "unauthorized", "{what}");
    }
    // The genuine token still works: none of the above touched the session.
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    app.get("/v1/client/me", None)
        .await
        .assert_problem(401, "unauthorized");
    app.refresh(&access)
        .await
        .assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn changing_the_display_name_takes_a_fresh_nonce_bound_to_the_client() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let me = app.session(&game, &fingerprint(1)).await;
    let other = app.session(&game, &fingerprint(2)).await;
    let access = token(&me, "access_token");
    let body = json!({"display_name": "Zed"});

    let missing = app.patch_me(&access, None, &body).await;
    missing.assert_problem(412, "precondition_failed");
    assert!(
        missing.json["detail"]
            .as_str()
            .unwrap()
            .contains("required")
    );
    let unknown = app
        .patch_me(&access, Some("4f9c2b1e-8d7a-4c3b-9e2f-1a2b3c4d5e6f"), &body)
        .await;
    unknown.assert_problem(412, "precondition_failed");
    assert_eq!(unknown.json["detail"], "Unknown nonce");
    let foreign_nonce = app.nonce(&token(&other, "access_token")).await;
    let foreign = app.patch_me(&access, Some(&foreign_nonce), &body).await;
    assert_eq!(
        foreign.json["detail"],
        "The nonce was issued to another client"
    );

    let nonce = app.nonce(&access).await;
    let changed = app.patch_me(&access, Some(&nonce), &body).await;
    changed.assert_status(200);
    assert_eq!(changed.json["display_name"], "Zed");
    let used = app.patch_me(&access, Some(&nonce), &body).await;
    used.assert_problem(412, "precondition_failed");
    assert_eq!(used.json["detail"], "The nonce was already used");

    let stale = app.nonce(&access).await;
    app.sql(&format!(
        "UPDATE client_nonces SET expires_at = now() - interval '1 second' WHERE value = '{stale}'"
    ))
    .await;
    let expired = app.patch_me(&access, Some(&stale), &body).await;
    assert_eq!(expired.json["detail"], "The nonce has expired");

    let clearing = app.nonce(&access).await;
    let cleared = app
        .patch_me(&access, Some(&clearing), &json!({"display_name": null}))
        .await;
    cleared.assert_status(200);
    assert_eq!(cleared.json["display_name"], Value::Null);

    // A body the server refuses does not spend the nonce.
    let kept = app.nonce(&access).await;
    app.patch_me(&access, Some(&kept), &json!({"display_name": ""}))
        .await
        .assert_invalid(&["body", "display_name"], "string_too_short");
    app.patch_me(&access, Some(&kept), &json!({"display_name": "Kept"}))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn twenty_concurrent_requests_with_one_nonce_succeed_exactly_once() {
    let app = Arc::new(spawn_app().await);
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &fingerprint(1)).await;
    let access = token(&session, "access_token");
    let nonce = app.nonce(&access).await;
    let mut requests = JoinSet::new();
    for i in 0..20 {
        let (app, access, nonce) = (app.clone(), access.clone(), nonce.clone());
        requests.spawn(async move {
            app.patch_me(
                &access,
                Some(&nonce),
                &json!({"display_name": format!("Racer {i}")}),
            )
            .await
        });
    }
    let mut statuses = Vec::new();
    while let Some(response) = requests.join_next().await {
        let response = response.unwrap();
        if response.status == 412 {
            assert_eq!(response.json["detail"], "The nonce was already used");
        }
        statuses.push(response.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 412).count(),
        19,
        "{statuses:?}"
    );
}

async fn assert_stops(app: &TestApp, access: &str, what: &str) {
    let response = app.get_as_client("/v1/client/me", access).await;
    assert_eq!(response.status, 401, "{what}: {}", response.text);
}

#[tokio::test]
async fn an_unexpired_token_stops_at_once_when_anything_behind_it_goes() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let identity_path = |session: &Value| {
        format!(
            "/v1/identities/{}",
            session["identity_id"].as_str().unwrap()
        )
    };

    // The identity soft-deleted: its sessions are revoked; restoring does not revive them.
    let session = app.session(&game, &fingerprint(1)).await;
    let access = token(&session, "access_token");
    app.patch(
        &identity_path(&session),
        app.root(),
        &json!({"deleted": true}),
    )
    .await
    .assert_status(200);
    assert_stops(&app, &access, "identity soft-deleted").await;
    app.refresh(&token(&session, "refresh_token"))
        .await
        .assert_problem(401, "unauthorized");
    app.patch(
        &identity_path(&session),
        app.root(),
        &json!({"deleted": false}),
    )
    .await
    .assert_status(200);
    assert_stops(
        &app,
        &access,
        "identity restored: its old sessions stay revoked",
    )
    .await;

    // The identity erased, with its sessions.
    let session = app.session(&game, &fingerprint(2)).await;
    let access = token(&session, "access_token");
    app.delete(&identity_path(&session), app.root())
        .await
        .assert_status(204);
    assert_stops(&app, &access, "identity erased").await;
    let sessions: i64 = app
        .db()
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM client_sessions WHERE identity_id = $1::text::uuid",
            &[
                &roster_domain::IdentityId::parse(session["identity_id"].as_str().unwrap())
                    .unwrap()
                    .to_uuid()
                    .to_string(),
            ],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(sessions, 0, "erased with the identity");

    // The account suspended, then deleted; the game soft-deleted.
    let session = app.session(&game, &fingerprint(3)).await;
    let access = token(&session, "access_token");
    let account_path = format!("/v1/accounts/{account}");
    app.patch(&account_path, app.root(), &json!({"status": "suspended"}))
        .await
        .assert_status(200);
    assert_stops(&app, &access, "account suspended").await;
    app.patch(&account_path, app.root(), &json!({"status": "active"}))
        .await
        .assert_status(200);
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"deleted": true}),
    )
    .await
    .assert_status(200);
    assert_stops(&app, &access, "game soft-deleted").await;
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"deleted": false}),
    )
    .await
    .assert_status(200);
    app.get_as_client("/v1/client/me", &access)
        .await
        .assert_status(200);
    app.patch(&account_path, app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    assert_stops(&app, &access, "account soft-deleted").await;
    app.delete(&account_path, app.root())
        .await
        .assert_status(204);
    assert_stops(&app, &access, "account erased").await;
}
