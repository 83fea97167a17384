//! Linking and unlinking identities through the real server: a player gains identities it
//! proves, never one another player has (the unique index decides races), and never loses its
//! last.

use std::sync::Arc;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use roster_tests::{TestApp, TestResponse, fingerprint, spawn_app};
use serde_json::{Value, json};
use tokio::task::JoinSet;

const SECRET: &str = "c3R1ZGlvLWJhY2tlbmQtY3VzdG9tLWF1dGgtc2VjcmV0LTE";

fn custom_token(subject: &str) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &json!({"sub": subject, "exp": now + 300, "iat": now}),
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .expect("a signed token")
}

/// A game taking custom tokens signed with [`SECRET`].
async fn game(app: &TestApp) -> String {
    let (_, game) = app.account_with_game("Studio").await;
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"custom_auth_secret": SECRET}),
    )
    .await
    .assert_status(200);
    game
}

fn access(session: &Value) -> String {
    session["access_token"].as_str().unwrap().to_owned()
}

/// `POST /v1/client/me/identities` with a fresh nonce.
async fn link(app: &TestApp, token: &str, body: &Value) -> TestResponse {
    let nonce = app.nonce(token).await;
    app.send(
        app.client
            .post(app.url("/v1/client/me/identities"))
            .bearer_auth(token)
            .header("leadr-client-nonce", nonce)
            .json(body),
    )
    .await
}

/// `DELETE /v1/client/me/identities/{id}` with a fresh nonce.
async fn unlink(app: &TestApp, token: &str, identity: &str) -> TestResponse {
    let nonce = app.nonce(token).await;
    app.send(
        app.client
            .delete(app.url(&format!("/v1/client/me/identities/{identity}")))
            .bearer_auth(token)
            .header("leadr-client-nonce", nonce),
    )
    .await
}

#[tokio::test]
async fn a_linked_identity_signs_in_to_the_same_player() {
    let app = spawn_app().await;
    let game = game(&app).await;
    let phone = app.session(&game, &fingerprint(1)).await;
    let linked = link(
        &app,
        &access(&phone),
        &json!({"proof": "custom", "token": custom_token("studio-42")}),
    )
    .await;
    linked.assert_status(201);
    assert_eq!(linked.json["player_id"], phone["player_id"]);
    assert_eq!(linked.json["kind"], "CUSTOM");
    let again = link(
        &app,
        &access(&phone),
        &json!({"proof": "custom", "token": custom_token("studio-42")}),
    )
    .await;
    again.assert_status(200);
    assert_eq!(again.json["id"], linked.json["id"]);

    let pc = app
        .post(
            "/v1/client/sessions/custom",
            None,
            &json!({"game_id": game, "token": custom_token("studio-42")}),
        )
        .await;
    pc.assert_status(201);
    assert_eq!(pc.json["player_id"], phone["player_id"]);
    let me = app.get_as_client("/v1/client/me", &access(&pc.json)).await;
    assert_eq!(me.json["identities"].as_array().unwrap().len(), 2);

    let device = link(
        &app,
        &access(&pc.json),
        &json!({"proof": "device", "client_fingerprint": fingerprint(7)}),
    )
    .await;
    device.assert_status(201);
    assert_eq!(device.json["player_id"], phone["player_id"]);
}

#[tokio::test]
async fn another_players_identity_is_refused_naming_that_player_and_a_bad_proof_links_nothing() {
    let app = spawn_app().await;
    let game = game(&app).await;
    let mine = app.session(&game, &fingerprint(1)).await;
    let theirs = app.session(&game, &fingerprint(2)).await;
    let refused = link(
        &app,
        &access(&mine),
        &json!({"proof": "device", "client_fingerprint": fingerprint(2)}),
    )
    .await;
    refused.assert_problem(409, "identity_linked_elsewhere");
    assert_eq!(refused.json["player_id"], theirs["player_id"]);

    link(
        &app,
        &access(&mine),
        &json!({"proof": "custom", "token": "not-a-jwt"}),
    )
    .await
    .assert_problem(401, "invalid_token");
    link(&app, &access(&mine), &json!({"proof": "custom"}))
        .await
        .assert_invalid(&["body", "token"], "missing");
    link(&app, &access(&mine), &json!({"proof": "carrier-pigeon"}))
        .await
        .assert_invalid(&["body", "proof"], "enum");
    let without_nonce = app
        .send(
            app.client
                .post(app.url("/v1/client/me/identities"))
                .bearer_auth(access(&mine))
                .json(&json!({"proof": "custom", "token": custom_token("x")})),
        )
        .await;
    without_nonce.assert_problem(412, "precondition_failed");
    let me = app.get_as_client("/v1/client/me", &access(&mine)).await;
    assert_eq!(me.json["identities"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn fifty_concurrent_links_of_one_identity_to_fifty_players_make_exactly_one() {
    let app = Arc::new(spawn_app().await);
    let game = game(&app).await;
    let mut players = Vec::new();
    for n in 0..50 {
        let session = app.session(&game, &fingerprint(100 + n)).await;
        let token = access(&session);
        let nonce = app.nonce(&token).await;
        players.push((token, nonce, session["player_id"].clone()));
    }
    let mut links = JoinSet::new();
    for (token, nonce, player) in players {
        let app = app.clone();
        links.spawn(async move {
            let response = app
                .send(
                    app.client
                        .post(app.url("/v1/client/me/identities"))
                        .bearer_auth(token)
                        .header("leadr-client-nonce", nonce)
                        .json(&json!({"proof": "custom", "token": custom_token("contested")})),
                )
                .await;
            (response, player)
        });
    }
    let mut created = Vec::new();
    let mut refused = Vec::new();
    while let Some(joined) = links.join_next().await {
        let (response, player) = joined.unwrap();
        match response.status {
            201 => created.push(player),
            409 => refused.push(response.json["player_id"].clone()),
            other => panic!("unexpected {other}: {}", response.text),
        }
    }
    assert_eq!(created.len(), 1, "exactly one link creates it");
    assert_eq!(refused.len(), 49);
    assert!(
        refused.iter().all(|owner| *owner == created[0]),
        "every refusal names the winner"
    );
    let rows: i64 = app
        .db()
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM identities WHERE external_key = 'contested'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn unlinking_ends_the_identitys_sessions_and_the_last_identity_stays() {
    let app = spawn_app().await;
    let game = game(&app).await;
    let phone = app.session(&game, &fingerprint(1)).await;
    let phone_identity = phone["identity_id"].as_str().unwrap();
    unlink(&app, &access(&phone), phone_identity)
        .await
        .assert_problem(409, "last_identity");
    let linked = link(
        &app,
        &access(&phone),
        &json!({"proof": "custom", "token": custom_token("studio-42")}),
    )
    .await;
    linked.assert_status(201);
    let pc = app
        .post(
            "/v1/client/sessions/custom",
            None,
            &json!({"game_id": game, "token": custom_token("studio-42")}),
        )
        .await;
    pc.assert_status(201);

    let pc_identity = linked.json["id"].as_str().unwrap();
    unlink(&app, &access(&phone), pc_identity)
        .await
        .assert_status(204);
    app.get_as_client("/v1/client/me", &access(&pc.json))
        .await
        .assert_status(401);
    let me = app.get_as_client("/v1/client/me", &access(&phone)).await;
    assert_eq!(me.json["identities"].as_array().unwrap().len(), 1);
    unlink(&app, &access(&phone), pc_identity)
        .await
        .assert_problem(404, "not_found");
    // The key is free again: signing in with it makes a new player.
    let fresh = app
        .post(
            "/v1/client/sessions/custom",
            None,
            &json!({"game_id": game, "token": custom_token("studio-42")}),
        )
        .await;
    fresh.assert_status(201);
    assert_ne!(fresh.json["player_id"], phone["player_id"]);
    let stranger = app.session(&game, &fingerprint(9)).await;
    unlink(
        &app,
        &access(&phone),
        stranger["identity_id"].as_str().unwrap(),
    )
    .await
    .assert_problem(404, "not_found");
}

/// A sign-in that renames a player and a link by that player of the same identity lock the
/// player and the identity: in the same order, or they deadlock (a 500 the fuzzer once found).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renaming_sign_ins_and_links_of_one_identity_at_once_all_succeed() {
    let app = Arc::new(spawn_app().await);
    let game = game(&app).await;
    let device = fingerprint(7);
    let first = app.session(&game, &device).await;
    let token = access(&first);
    let mut nonces = Vec::new();
    for _ in 0..15 {
        nonces.push(app.nonce(&token).await);
    }
    let mut racers = JoinSet::new();
    for (n, nonce) in nonces.into_iter().enumerate() {
        let (app, game, token, device) = (app.clone(), game.clone(), token.clone(), device.clone());
        racers.spawn(async move {
            let signed_in = app
                .post(
                    "/v1/client/sessions",
                    None,
                    &json!({"game_id": game, "client_fingerprint": device,
                            "display_name": format!("Seven {n}")}),
                )
                .await;
            let linked = app
                .send(
                    app.client
                        .post(app.url("/v1/client/me/identities"))
                        .bearer_auth(&token)
                        .header("leadr-client-nonce", nonce)
                        .json(&json!({"proof": "device", "client_fingerprint": device})),
                )
                .await;
            (signed_in.status, linked.status, linked.text)
        });
    }
    while let Some(joined) = racers.join_next().await {
        let (signed_in, linked, text) = joined.unwrap();
        assert_eq!(signed_in, 201);
        assert_eq!(linked, 200, "{text}");
    }
}
