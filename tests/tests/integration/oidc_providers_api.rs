//! A game's OpenID Connect providers against the real server: created and replaced with PUT,
//! presets that need only their audiences, validation located at its field, the cap per game,
//! removal; and the identities they will vouch for, kept apart from plain CUSTOM ones by the
//! unique index.

use roster_app::ports::{Database, IdentityInsertError, IdentityRows, PlayerRows};
use roster_domain::etag::Version;
use roster_domain::identity::{ExternalKey, Identity, IdentityKind};
use roster_domain::player::Player;
use roster_domain::slug::Slug;
use roster_domain::{GameId, PlayerId, Timestamp};
use roster_persistence::PgConn;
use roster_tests::{TestApp, spawn_app};
use serde_json::{Value, json};

fn path(game: &str, provider: &str) -> String {
    format!("/v1/games/{game}/oidc-providers/{provider}")
}

fn acme() -> Value {
    json!({
        "issuer": "https://id.example.com",
        "audiences": ["com.example.game"],
        "jwks_uri": "https://id.example.com/.well-known/jwks.json",
    })
}

async fn game(app: &TestApp) -> String {
    app.account_with_game("Studio").await.1
}

#[tokio::test]
async fn a_put_creates_then_replaces_and_the_list_shows_the_providers_by_name() {
    let app = spawn_app().await;
    let game = game(&app).await;
    let created = app.put(&path(&game, "acme-id"), app.root(), &acme()).await;
    created.assert_status(201);
    assert_eq!(created.json["provider"], "acme-id");
    assert_eq!(created.json["game_id"], game.as_str());
    assert_eq!(created.json["issuer"], "https://id.example.com");
    assert_eq!(created.json["audiences"], json!(["com.example.game"]));

    let mut changed = acme();
    changed["audiences"] = json!(["com.example.game", "com.example.game.ios"]);
    let replaced = app.put(&path(&game, "acme-id"), app.root(), &changed).await;
    replaced.assert_status(200);
    assert_eq!(replaced.json["created_at"], created.json["created_at"]);
    assert_eq!(replaced.json["audiences"].as_array().unwrap().len(), 2);

    app.put(
        &path(&game, "apple"),
        app.root(),
        &json!({"audiences": ["com.example.game"]}),
    )
    .await
    .assert_status(201);
    let listed = app
        .get(&format!("/v1/games/{game}/oidc-providers"), app.root())
        .await;
    listed.assert_status(200);
    let names: Vec<&str> = listed.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|provider| provider["provider"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme-id", "apple"]);
    assert_eq!(listed.json["pagination"]["has_next"], false);
    assert_eq!(listed.json["pagination"]["count"], 2);
}

#[tokio::test]
async fn the_presets_fill_in_their_issuer_and_keys() {
    let app = spawn_app().await;
    let game = game(&app).await;
    let apple = app
        .put(
            &path(&game, "apple"),
            app.root(),
            &json!({"audiences": ["com.example.game"]}),
        )
        .await;
    apple.assert_status(201);
    assert_eq!(apple.json["issuer"], "https://appleid.apple.com");
    assert_eq!(
        apple.json["jwks_uri"],
        "https://appleid.apple.com/auth/keys"
    );
    let google = app
        .put(
            &path(&game, "google"),
            app.root(),
            &json!({"audiences": ["1234.apps.googleusercontent.com"]}),
        )
        .await;
    assert_eq!(google.json["issuer"], "https://accounts.google.com");
    assert_eq!(
        google.json["jwks_uri"],
        "https://www.googleapis.com/oauth2/v3/certs"
    );
}

#[tokio::test]
async fn invalid_settings_are_422_at_their_field_and_write_nothing() {
    let app = spawn_app().await;
    let game = game(&app).await;
    for (provider, body, field) in [
        (
            "acme-id",
            json!({"audiences": ["a"], "jwks_uri": "https://id.example.com/jwks"}),
            "issuer",
        ),
        (
            "acme-id",
            json!({"audiences": ["a"], "issuer": "https://id.example.com"}),
            "jwks_uri",
        ),
        (
            "acme-id",
            json!({"audiences": [], "issuer": "https://id.example.com", "jwks_uri": "https://id.example.com/jwks"}),
            "audiences",
        ),
        (
            "acme-id",
            json!({"audiences": ["a b"], "issuer": "https://id.example.com", "jwks_uri": "https://id.example.com/jwks"}),
            "audiences",
        ),
        (
            "acme-id",
            json!({"audiences": ["a"], "issuer": "http://id.example.com", "jwks_uri": "https://id.example.com/jwks"}),
            "issuer",
        ),
        (
            "acme-id",
            json!({"audiences": ["a"], "issuer": "https://id.example.com", "jwks_uri": "http://id.example.com/jwks"}),
            "jwks_uri",
        ),
    ] {
        let refused = app.put(&path(&game, provider), app.root(), &body).await;
        refused.assert_status(422);
        assert_eq!(
            refused.json["detail"][0]["loc"],
            json!(["body", field]),
            "{body}"
        );
    }
    let refused = app
        .put(&path(&game, "Not A Slug"), app.root(), &acme())
        .await;
    refused.assert_status(422);
    assert_eq!(
        refused.json["detail"][0]["loc"],
        json!(["path", "provider"])
    );
    let listed = app
        .get(&format!("/v1/games/{game}/oidc-providers"), app.root())
        .await;
    assert_eq!(listed.json["data"], json!([]));
}

#[tokio::test]
async fn a_game_holds_sixteen_providers_and_a_seventeenth_is_a_conflict() {
    let app = spawn_app().await;
    let game = game(&app).await;
    for n in 0..16 {
        app.put(&path(&game, &format!("id-{n}")), app.root(), &acme())
            .await
            .assert_status(201);
    }
    let refused = app.put(&path(&game, "one-more"), app.root(), &acme()).await;
    refused.assert_status(409);
    app.put(&path(&game, "id-3"), app.root(), &acme())
        .await
        .assert_status(200);
}

#[tokio::test]
async fn a_removed_provider_is_gone_and_removing_it_again_is_404() {
    let app = spawn_app().await;
    let game = game(&app).await;
    app.put(&path(&game, "acme-id"), app.root(), &acme())
        .await
        .assert_status(201);
    app.delete(&path(&game, "acme-id"), app.root())
        .await
        .assert_status(204);
    app.delete(&path(&game, "acme-id"), app.root())
        .await
        .assert_status(404);
    // A deleted game has none to configure.
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"deleted": true}),
    )
    .await
    .assert_status(200);
    app.put(&path(&game, "acme-id"), app.root(), &acme())
        .await
        .assert_status(404);
}

/// A CUSTOM identity of `game` with `key`, vouched for by `provider` when given, and the new
/// player it belongs to.
fn custom(
    game: GameId,
    account: roster_domain::AccountId,
    key: &str,
    provider: Option<&str>,
) -> (Player, Identity) {
    let now = Timestamp::from_datetime(time::OffsetDateTime::now_utc());
    let player = Player {
        id: PlayerId::new(),
        account_id: account,
        game_id: game,
        display_name: None,
        merged_into: None,
        created_at: now,
        updated_at: now,
        version: Version::FIRST,
        deleted_at: None,
    };
    let identity = Identity {
        id: roster_domain::IdentityId::new(),
        account_id: account,
        game_id: game,
        player_id: player.id,
        kind: IdentityKind::Custom,
        provider: provider.map(|name| Slug::parse(name).unwrap()),
        external_key: ExternalKey::parse(IdentityKind::Custom, key).unwrap(),
        display_name: None,
        steam: None,
        created_at: now,
        updated_at: now,
        version: Version::FIRST,
        deleted_at: None,
    };
    (player, identity)
}

#[tokio::test]
async fn one_key_may_be_a_plain_custom_player_and_an_oidc_player_but_not_twice_either() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let game: GameId = game.parse().unwrap();
    let account: roster_domain::AccountId = account.parse().unwrap();
    let insert = async |(player, identity): (Player, Identity)| {
        app.store
            .transaction(async |conn: &mut PgConn| {
                conn.insert_identity(&identity).await?;
                conn.insert_player(&player).await?;
                Ok::<_, IdentityInsertError>(())
            })
            .await
    };
    insert(custom(game, account, "000123.abc", None))
        .await
        .unwrap();
    insert(custom(game, account, "000123.abc", Some("apple")))
        .await
        .unwrap();
    insert(custom(game, account, "000123.abc", Some("google")))
        .await
        .unwrap();
    for provider in [None, Some("apple")] {
        assert!(
            matches!(
                insert(custom(game, account, "000123.abc", provider)).await,
                Err(IdentityInsertError::Duplicate)
            ),
            "{provider:?}"
        );
    }
}
