//! Custom-token sign-in against the real server: the game's secret set write-only and stored
//! sealed, tokens signed with it (or with the one it replaced) signing their subject in, and
//! every way a token fails answered 401 with its own code.

use std::sync::Arc;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use roster_tests::{TestApp, spawn_app};
use serde_json::{Value, json};
use tokio::task::JoinSet;

const SECRET: &str = "c3R1ZGlvLWJhY2tlbmQtY3VzdG9tLWF1dGgtc2VjcmV0LTE";
const NEXT_SECRET: &str = "c3R1ZGlvLWJhY2tlbmQtY3VzdG9tLWF1dGgtc2VjcmV0LTI";

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn token_with(algorithm: Algorithm, secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("a signed token")
}

fn token(secret: &str, subject: &str) -> String {
    token_with(
        Algorithm::HS256,
        secret,
        &json!({"sub": subject, "exp": now() + 300, "iat": now()}),
    )
}

/// A game of a new account whose custom-auth secret is `secret`; the game's id.
async fn game_with_secret(app: &TestApp, secret: &str) -> String {
    let (_, game) = app.account_with_game("Studio").await;
    set_secret(app, &game, json!(secret)).await;
    game
}

async fn set_secret(app: &TestApp, game: &str, secret: Value) -> Value {
    let response = app
        .patch(
            &format!("/v1/games/{game}"),
            app.root(),
            &json!({"custom_auth_secret": secret}),
        )
        .await;
    response.assert_status(200);
    response.json.clone()
}

async fn sign_in(app: &TestApp, game: &str, token: &str) -> roster_tests::TestResponse {
    app.post(
        "/v1/client/sessions/custom",
        None,
        &json!({"game_id": game, "token": token}),
    )
    .await
}

#[tokio::test]
async fn the_secret_is_write_only_and_stored_sealed() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let before = app.get(&format!("/v1/games/{game}"), app.root()).await;
    assert_eq!(before.json["has_custom_auth_secret"], false);
    let changed = set_secret(&app, &game, json!(SECRET)).await;
    assert_eq!(changed["has_custom_auth_secret"], true);
    assert!(!changed.to_string().contains(SECRET));
    let read = app.get(&format!("/v1/games/{game}"), app.root()).await;
    assert_eq!(read.json["has_custom_auth_secret"], true);
    assert!(!read.text.contains(SECRET));
    let stored: Vec<u8> = app
        .db()
        .client()
        .await
        .query_one(
            "SELECT custom_auth_secret FROM games WHERE id = $1::text::uuid",
            &[&game.trim_start_matches("gam_")],
        )
        .await
        .expect("the game's row")
        .get(0);
    assert!(stored.len() >= SECRET.len() + 28);
    assert!(
        !stored
            .windows(8)
            .any(|window| SECRET.as_bytes().windows(8).any(|part| part == window)),
        "the secret is stored in clear"
    );
}

#[tokio::test]
async fn a_signed_token_signs_its_subject_in_as_a_custom_identity() {
    let app = spawn_app().await;
    let game = game_with_secret(&app, SECRET).await;
    let first = sign_in(&app, &game, &token(SECRET, "player-42")).await;
    first.assert_status(201);
    assert_eq!(first.json["kind"], "CUSTOM");
    assert_eq!(first.json["game_id"], game.as_str());
    let access = first.json["access_token"]
        .as_str()
        .expect("an access token");
    let me = app.get_as_client("/v1/client/me", access).await;
    me.assert_status(200);
    assert_eq!(me.json["external_key"], "player-42");
    assert_eq!(me.json["kind"], "CUSTOM");
    let again = sign_in(&app, &game, &token(SECRET, "player-42")).await;
    again.assert_status(201);
    assert_eq!(again.json["identity_id"], first.json["identity_id"]);
    // An admin-created CUSTOM identity with that key is the same player.
    let listed = app
        .get(
            &format!("/v1/identities?game_id={game}&kind=CUSTOM"),
            app.root(),
        )
        .await;
    assert_eq!(listed.json["data"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn every_way_a_token_fails_has_its_own_code() {
    let app = spawn_app().await;
    let game = game_with_secret(&app, SECRET).await;
    let now = now();
    let unsigned = {
        use base64::Engine as _;
        let encode = |value: &Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
        };
        format!(
            "{}.{}.",
            encode(&json!({"alg": "none", "typ": "JWT"})),
            encode(&json!({"sub": "p", "exp": now + 300}))
        )
    };
    let cases = [
        (token(NEXT_SECRET, "p"), "invalid_token"),
        (unsigned, "invalid_token"),
        (
            token_with(
                Algorithm::HS512,
                SECRET,
                &json!({"sub": "p", "exp": now + 300}),
            ),
            "invalid_token",
        ),
        ("not.a.token".to_owned(), "invalid_token"),
        (
            token_with(
                Algorithm::HS256,
                SECRET,
                &json!({"sub": "p", "exp": now - 120}),
            ),
            "token_expired",
        ),
        (
            token_with(Algorithm::HS256, SECRET, &json!({"sub": "p"})),
            "token_expired",
        ),
        (
            token_with(
                Algorithm::HS256,
                SECRET,
                &json!({"sub": "p", "exp": now + 7_200}),
            ),
            "token_lifetime_too_long",
        ),
        (
            token_with(
                Algorithm::HS256,
                SECRET,
                &json!({"sub": "p", "exp": now + 300, "iat": now + 600}),
            ),
            "token_issued_in_future",
        ),
        (
            token_with(Algorithm::HS256, SECRET, &json!({"exp": now + 300})),
            "invalid_subject",
        ),
        (
            token_with(
                Algorithm::HS256,
                SECRET,
                &json!({"sub": "x".repeat(256), "exp": now + 300}),
            ),
            "invalid_subject",
        ),
    ];
    for (token, code) in cases {
        let response = sign_in(&app, &game, &token).await;
        response.assert_problem(401, code);
        assert!(!response.text.contains(SECRET));
    }
    let identities = app
        .get(&format!("/v1/identities?game_id={game}"), app.root())
        .await;
    assert_eq!(identities.json["data"], json!([]));
}

#[tokio::test]
async fn the_replaced_secret_keeps_working_and_removal_stops_both() {
    let app = spawn_app().await;
    let game = game_with_secret(&app, SECRET).await;
    set_secret(&app, &game, json!(NEXT_SECRET)).await;
    for secret in [NEXT_SECRET, SECRET] {
        sign_in(&app, &game, &token(secret, "p"))
            .await
            .assert_status(201);
    }
    let removed = set_secret(&app, &game, Value::Null).await;
    assert_eq!(removed["has_custom_auth_secret"], false);
    for secret in [NEXT_SECRET, SECRET] {
        sign_in(&app, &game, &token(secret, "p"))
            .await
            .assert_problem(401, "custom_auth_not_configured");
    }
}

#[tokio::test]
async fn a_secret_must_be_32_to_512_visible_characters() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    for bad in ["short".to_owned(), "x".repeat(513), format!("{SECRET} ")] {
        app.patch(
            &format!("/v1/games/{game}"),
            app.root(),
            &json!({"custom_auth_secret": bad}),
        )
        .await
        .assert_invalid(&["body", "custom_auth_secret"], "string_pattern_mismatch");
    }
}

#[tokio::test]
async fn an_unknown_game_or_a_suspended_account_takes_no_sign_in() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    set_secret(&app, &game, json!(SECRET)).await;
    sign_in(
        &app,
        "gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        &token(SECRET, "p"),
    )
    .await
    .assert_problem(404, "not_found");
    app.patch(
        &format!("/v1/accounts/{account}"),
        app.root(),
        &json!({"status": "suspended"}),
    )
    .await
    .assert_status(200);
    sign_in(&app, &game, &token(SECRET, "p"))
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn twenty_first_sign_ins_of_one_subject_at_once_make_one_identity() {
    let app = Arc::new(spawn_app().await);
    let game = game_with_secret(&app, SECRET).await;
    let mut sign_ins = JoinSet::new();
    for _ in 0..20 {
        let (app, game) = (app.clone(), game.clone());
        sign_ins.spawn(async move {
            let response = sign_in(&app, &game, &token(SECRET, "racer")).await;
            response.assert_status(201);
            response.json["identity_id"].clone()
        });
    }
    let mut ids = Vec::new();
    while let Some(id) = sign_ins.join_next().await {
        ids.push(id.expect("a sign-in"));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
}
