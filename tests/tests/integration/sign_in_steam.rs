//! Steam sign-in against the real server and a local Steam stub: what Steam is asked, which
//! identity its answer signs in and what the admins then see on it, each refusal of Steam's
//! answered 401 with its own code, the publisher-ban rule, and Steam slow or gone answered 503
//! with `Retry-After` in bounded time.

use std::time::Duration;

use roster_tests::{
    STUB_PUBLISHER_KEY, SteamStub, StubTicket, TestApp, TestConfig, spawn_app_with,
};
use serde_json::{Value, json};
use tokio::task::JoinSet;

const APP_ID: &str = "480";
const PLAYER: &str = "76561198000000001";
const OWNER: &str = "76561198000000002";

/// A server whose Steam is `stub`, each call to it bounded by `timeout`.
async fn app_with(stub: &SteamStub, timeout: Duration) -> TestApp {
    spawn_app_with(TestConfig {
        steam_api_url: stub.url.clone(),
        steam_timeout: timeout,
        ..TestConfig::default()
    })
    .await
}

/// A game set up for Steam sign-in: the stub's app id and publisher key.
async fn steam_game(app: &TestApp) -> String {
    let (_, game) = app.account_with_game("Studio").await;
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"steam_app_id": APP_ID, "steam_publisher_key": STUB_PUBLISHER_KEY}),
    )
    .await
    .assert_status(200);
    game
}

async fn sign_in(app: &TestApp, body: &Value) -> roster_tests::TestResponse {
    app.post("/v1/client/sessions/steam", None, body).await
}

#[tokio::test]
async fn a_ticket_steam_accepts_signs_in_its_player_and_admins_see_what_steam_said() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let game = steam_game(&app).await;
    let ticket = stub.issue(StubTicket {
        identity: Some("roster".into()),
        owner_steam_id: OWNER.into(),
        vac_banned: true,
        ..StubTicket::new(APP_ID, PLAYER)
    });

    let first = sign_in(
        &app,
        &json!({"game_id": game, "ticket": ticket.to_uppercase(), "identity": "roster", "platform": "pc"}),
    )
    .await;
    first.assert_status(201);
    assert!(first.json["access_token"].is_string());
    assert_eq!(first.json["platform"], "pc");
    let asked = stub.last_query().unwrap();
    assert_eq!(asked["key"], STUB_PUBLISHER_KEY, "the key as set, unsealed");
    assert_eq!(asked["appid"], APP_ID);
    assert_eq!(asked["ticket"], ticket, "the ticket as hex digits");
    assert_eq!(asked["identity"], "roster");

    let identity_id = first.json["identity_id"].as_str().unwrap().to_owned();
    let identity = app
        .get(&format!("/v1/identities/{identity_id}"), app.root())
        .await;
    identity.assert_status(200);
    assert_eq!(identity.json["kind"], "STEAM");
    assert_eq!(identity.json["external_key"], PLAYER);
    let steam = &identity.json["steam"];
    assert_eq!(steam["owner_steam_id"], OWNER);
    assert_eq!(steam["family_shared"], true);
    assert_eq!(steam["vac_banned"], true);
    assert_eq!(steam["publisher_banned"], false);
    assert!(steam["checked_at"].is_string());

    let again = sign_in(
        &app,
        &json!({"game_id": game, "ticket": ticket, "identity": "roster"}),
    )
    .await;
    again.assert_status(201);
    assert_eq!(
        again.json["identity_id"],
        identity_id.as_str(),
        "the same player"
    );
}

#[tokio::test]
async fn each_refusal_of_steams_is_a_401_with_its_own_code_and_writes_nothing() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let game = steam_game(&app).await;
    let with_identity = stub.issue(StubTicket {
        identity: Some("roster".into()),
        ..StubTicket::new(APP_ID, PLAYER)
    });
    let expired = stub.issue(StubTicket {
        expired: true,
        ..StubTicket::new(APP_ID, PLAYER)
    });
    let other_app = stub.issue(StubTicket::new("570", PLAYER));
    let single_use = stub.issue(StubTicket {
        single_use: true,
        ..StubTicket::new(APP_ID, "76561198000000009")
    });
    sign_in(&app, &json!({"game_id": game, "ticket": single_use}))
        .await
        .assert_status(201);

    for (body, code) in [
        (
            json!({"game_id": game, "ticket": with_identity, "identity": "another-service"}),
            "steam_ticket_invalid",
        ),
        (
            json!({"game_id": game, "ticket": with_identity}),
            "steam_ticket_invalid",
        ),
        (
            json!({"game_id": game, "ticket": "0badc0de"}),
            "steam_ticket_invalid",
        ),
        (
            json!({"game_id": game, "ticket": expired}),
            "steam_ticket_expired",
        ),
        (
            json!({"game_id": game, "ticket": other_app}),
            "steam_ticket_wrong_app",
        ),
        (
            json!({"game_id": game, "ticket": single_use}),
            "steam_ticket_reused",
        ),
    ] {
        let refused = sign_in(&app, &body).await;
        refused.assert_status(401);
        assert_eq!(refused.json["code"], code, "{body}");
        assert!(refused.json["detail"].is_string());
    }
    let listed = app
        .get(&format!("/v1/identities?game_id={game}"), app.root())
        .await;
    assert_eq!(
        listed.json["data"].as_array().unwrap().len(),
        1,
        "only the one good sign-in made a player"
    );
}

#[tokio::test]
async fn a_publisher_banned_player_is_refused_unless_the_game_allows_them() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let game = steam_game(&app).await;
    let ticket = stub.issue(StubTicket {
        publisher_banned: true,
        ..StubTicket::new(APP_ID, PLAYER)
    });
    let refused = sign_in(&app, &json!({"game_id": game, "ticket": ticket})).await;
    refused.assert_status(403);
    assert_eq!(refused.json["code"], "publisher_banned");

    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"steam_reject_publisher_banned": false}),
    )
    .await
    .assert_status(200);
    let admitted = sign_in(&app, &json!({"game_id": game, "ticket": ticket})).await;
    admitted.assert_status(201);
    let identity = app
        .get(
            &format!(
                "/v1/identities/{}",
                admitted.json["identity_id"].as_str().unwrap()
            ),
            app.root(),
        )
        .await;
    assert_eq!(identity.json["steam"]["publisher_banned"], true);
}

#[tokio::test]
async fn a_game_not_set_up_for_steam_is_refused_before_steam_is_asked() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let (_, bare) = app.account_with_game("Bare").await;
    let ticket = stub.issue(StubTicket::new(APP_ID, PLAYER));
    let refused = sign_in(&app, &json!({"game_id": bare, "ticket": ticket})).await;
    refused.assert_status(401);
    assert_eq!(refused.json["code"], "steam_not_configured");

    // An app id without a key is not enough either.
    app.patch(
        &format!("/v1/games/{bare}"),
        app.root(),
        &json!({"steam_app_id": APP_ID}),
    )
    .await
    .assert_status(200);
    let refused = sign_in(&app, &json!({"game_id": bare, "ticket": ticket})).await;
    assert_eq!(refused.json["code"], "steam_not_configured");
    assert_eq!(stub.calls(), 0);
}

#[tokio::test]
async fn a_key_steam_refuses_is_a_401_that_names_the_key() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let game = steam_game(&app).await;
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"steam_publisher_key": "00000000000000000000000000000000"}),
    )
    .await
    .assert_status(200);
    let ticket = stub.issue(StubTicket::new(APP_ID, PLAYER));
    let refused = sign_in(&app, &json!({"game_id": game, "ticket": ticket})).await;
    refused.assert_status(401);
    assert_eq!(refused.json["code"], "steam_key_refused");
    assert!(!refused.text.contains("00000000000000000000000000000000"));
}

#[tokio::test]
async fn steam_slower_than_the_timeout_is_a_503_with_retry_after_not_a_hang() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_millis(300)).await;
    let game = steam_game(&app).await;
    let ticket = stub.issue(StubTicket::new(APP_ID, PLAYER));
    // Slower than any test runs: had the server waited for this answer, it would have been a
    // 201; a 503 is the timeout's, so the wait was bounded (no clock is read).
    stub.slow_down(Duration::from_secs(600));
    let refused = sign_in(&app, &json!({"game_id": game, "ticket": ticket})).await;
    refused.assert_status(503);
    assert_eq!(refused.json["code"], "steam_unavailable");
    let retry_after: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    assert!(!refused.text.contains(STUB_PUBLISHER_KEY) && !refused.text.contains(&ticket));

    // Steam back to speed: the same ticket signs in.
    stub.slow_down(Duration::ZERO);
    sign_in(&app, &json!({"game_id": game, "ticket": ticket}))
        .await
        .assert_status(201);
}

#[tokio::test]
async fn steam_unreachable_is_a_503() {
    // The default test configuration points Steam at a port nothing listens on.
    let app = spawn_app_with(TestConfig::default()).await;
    let game = steam_game(&app).await;
    let refused = sign_in(&app, &json!({"game_id": game, "ticket": "0a0b0c0d"})).await;
    refused.assert_status(503);
    assert_eq!(refused.json["code"], "steam_unavailable");
    assert!(refused.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn tickets_and_identities_that_are_not_well_formed_are_422_and_steam_is_not_asked() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let game = steam_game(&app).await;
    for body in [
        json!({"game_id": game, "ticket": "abc"}),
        json!({"game_id": game, "ticket": "zz"}),
        json!({"game_id": game, "ticket": ""}),
        json!({"game_id": game, "ticket": "0a0b", "identity": "has space"}),
        json!({"game_id": game}),
        json!({"game_id": game, "ticket": "0a0b", "extra": 1}),
    ] {
        let refused = sign_in(&app, &body).await;
        refused.assert_status(422);
        assert!(refused.json["detail"].is_array(), "{body}");
    }
    assert_eq!(stub.calls(), 0);
}

#[tokio::test]
async fn twenty_concurrent_first_sign_ins_of_one_player_make_one_identity() {
    let stub = SteamStub::start().await;
    let app = app_with(&stub, Duration::from_secs(5)).await;
    let game = steam_game(&app).await;
    let mut requests = JoinSet::new();
    for _ in 0..20 {
        let ticket = stub.issue(StubTicket::new(APP_ID, PLAYER));
        let client = app.client.clone();
        let url = format!("{}/v1/client/sessions/steam", app.address);
        let body = json!({"game_id": game, "ticket": ticket});
        requests.spawn(async move {
            let response = client.post(url).json(&body).send().await.unwrap();
            let status = response.status().as_u16();
            let json: Value = response.json().await.unwrap();
            (status, json["identity_id"].as_str().map(str::to_owned))
        });
    }
    let mut identities = std::collections::BTreeSet::new();
    while let Some(outcome) = requests.join_next().await {
        let (status, identity) = outcome.unwrap();
        assert_eq!(status, 201);
        identities.insert(identity.unwrap());
    }
    assert_eq!(identities.len(), 1, "{identities:?}");
    let listed = app
        .get(&format!("/v1/identities?game_id={game}"), app.root())
        .await;
    assert_eq!(listed.json["data"].as_array().unwrap().len(), 1);
}
