//! OpenID Connect sign-in against the real server and a local issuer whose keys the test
//! generates: RS256 and ES256 tokens sign their `sub` in as a CUSTOM identity of the provider,
//! every forged or misdirected token is 401 with its own code, an unseen `kid` makes the keys
//! be fetched exactly once more, and an unreachable issuer is a 503.

use roster_tests::{JwksStub, SigningKey, TestApp, spawn_app};
use serde_json::{Value, json};

const ISSUER: &str = "https://id.example.com";
const AUDIENCE: &str = "com.example.game";

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn claims(subject: &str) -> Value {
    json!({
        "iss": ISSUER, "aud": AUDIENCE, "sub": subject,
        "iat": now() - 5, "exp": now() + 600, "nonce": "nonce-1",
    })
}

/// A game whose provider `acme-id` is the issuer at `jwks_uri`.
async fn game_with_provider(app: &TestApp, jwks_uri: &str) -> String {
    let (_, game) = app.account_with_game("Studio").await;
    app.put(
        &format!("/v1/games/{game}/oidc-providers/acme-id"),
        app.root(),
        &json!({"issuer": ISSUER, "audiences": ["other-client", AUDIENCE], "jwks_uri": jwks_uri}),
    )
    .await
    .assert_status(201);
    game
}

async fn sign_in(app: &TestApp, game: &str, id_token: &str) -> roster_tests::TestResponse {
    app.post(
        "/v1/client/sessions/oidc",
        None,
        &json!({"game_id": game, "provider": "acme-id", "id_token": id_token}),
    )
    .await
}

fn unsigned(header: &Value, claims: &Value, signature: &[u8]) -> String {
    use base64::Engine as _;
    let encode = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    format!(
        "{}.{}.{}",
        encode(header.to_string().as_bytes()),
        encode(claims.to_string().as_bytes()),
        encode(signature)
    )
}

#[tokio::test]
async fn rs256_and_es256_tokens_sign_their_subject_in_as_a_custom_identity_of_the_provider() {
    let (rsa, ec) = (SigningKey::rsa("rsa-1"), SigningKey::ec("ec-1"));
    let issuer = JwksStub::start(&[&rsa, &ec]).await;
    let app = spawn_app().await;
    let game = game_with_provider(&app, &issuer.jwks_uri).await;

    let first = app
        .post(
            "/v1/client/sessions/oidc",
            None,
            &json!({"game_id": game, "provider": "acme-id", "id_token": rsa.sign(&claims("000123.abc")),
                    "nonce": "nonce-1", "platform": "ios"}),
        )
        .await;
    first.assert_status(201);
    assert_eq!(first.json["kind"], "CUSTOM");
    assert_eq!(first.json["platform"], "ios");
    let identity = app
        .get(
            &format!(
                "/v1/identities/{}",
                first.json["identity_id"].as_str().unwrap()
            ),
            app.root(),
        )
        .await;
    assert_eq!(identity.json["provider"], "acme-id");
    assert_eq!(identity.json["external_key"], "000123.abc");

    let again = sign_in(&app, &game, &ec.sign(&claims("000123.abc"))).await;
    again.assert_status(201);
    assert_eq!(
        again.json["identity_id"], first.json["identity_id"],
        "the same player"
    );
    assert_eq!(issuer.fetches(), 1, "the keys were cached");
}

#[tokio::test]
async fn forged_misdirected_and_stale_tokens_are_401_with_their_own_code() {
    let key = SigningKey::rsa("rsa-1");
    let impostor = SigningKey::rsa("rsa-1");
    let issuer = JwksStub::start(&[&key]).await;
    let app = spawn_app().await;
    let game = game_with_provider(&app, &issuer.jwks_uri).await;

    let mut wrong_audience = claims("p");
    wrong_audience["aud"] = json!(["someone-else"]);
    let mut wrong_issuer = claims("p");
    wrong_issuer["iss"] = json!("https://evil.example.com");
    let mut expired = claims("p");
    expired["exp"] = json!(now() - 120);
    let mut ahead = claims("p");
    ahead["iat"] = json!(now() + 600);
    let mut no_subject = claims("p");
    no_subject.as_object_mut().unwrap().remove("sub");
    let hs256_with_public_key = jsonwebtoken::encode(
        &jsonwebtoken::Header {
            kid: Some("rsa-1".into()),
            ..jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256)
        },
        &claims("p"),
        &jsonwebtoken::EncodingKey::from_secret(&key.public_bytes),
    )
    .unwrap();
    let alg_none = unsigned(&json!({"alg": "none", "kid": "rsa-1"}), &claims("p"), b"");

    for (token, code) in [
        (impostor.sign(&claims("p")), "invalid_token"),
        (key.sign(&wrong_audience), "token_wrong_audience"),
        (key.sign(&wrong_issuer), "token_wrong_issuer"),
        (key.sign(&expired), "token_expired"),
        (key.sign(&ahead), "token_issued_in_future"),
        (key.sign(&no_subject), "invalid_subject"),
        (hs256_with_public_key, "token_algorithm_refused"),
        (alg_none, "invalid_token"),
        ("not.a.jwt".to_owned(), "invalid_token"),
    ] {
        let refused = sign_in(&app, &game, &token).await;
        refused.assert_status(401);
        assert_eq!(refused.json["code"], code, "{}", refused.text);
    }
    let mismatched = app
        .post(
            "/v1/client/sessions/oidc",
            None,
            &json!({"game_id": game, "provider": "acme-id", "id_token": key.sign(&claims("p")),
                    "nonce": "another-nonce"}),
        )
        .await;
    assert_eq!(mismatched.json["code"], "nonce_mismatch");
    let listed = app
        .get(&format!("/v1/identities?game_id={game}"), app.root())
        .await;
    assert_eq!(listed.json["data"], json!([]), "no refusal made a player");
}

#[tokio::test]
async fn an_unseen_kid_makes_the_keys_be_fetched_exactly_once_more() {
    let (old, new, unknown) = (
        SigningKey::ec("2026-a"),
        SigningKey::ec("2026-b"),
        SigningKey::ec("nope"),
    );
    let issuer = JwksStub::start(&[&old]).await;
    let app = spawn_app().await;
    let game = game_with_provider(&app, &issuer.jwks_uri).await;
    sign_in(&app, &game, &old.sign(&claims("p")))
        .await
        .assert_status(201);
    assert_eq!(issuer.fetches(), 1);

    // The issuer rotates: a token of the new key makes the keys be fetched again, once.
    issuer.publish(&new);
    sign_in(&app, &game, &new.sign(&claims("p")))
        .await
        .assert_status(201);
    assert_eq!(issuer.fetches(), 2);

    // Another unseen kid within the minute: no fetch, refused.
    for _ in 0..3 {
        let refused = sign_in(&app, &game, &unknown.sign(&claims("p"))).await;
        refused.assert_status(401);
        assert_eq!(refused.json["code"], "unknown_signing_key");
    }
    assert_eq!(
        issuer.fetches(),
        2,
        "at most one fetch a minute for unknown kids"
    );
}

#[tokio::test]
async fn an_oidc_player_and_a_custom_token_player_with_the_same_sub_are_two_players() {
    let key = SigningKey::rsa("rsa-1");
    let issuer = JwksStub::start(&[&key]).await;
    let app = spawn_app().await;
    let game = game_with_provider(&app, &issuer.jwks_uri).await;
    let secret = "c3R1ZGlvLWJhY2tlbmQtY3VzdG9tLWF1dGgtc2VjcmV0LTE";
    app.patch(
        &format!("/v1/games/{game}"),
        app.root(),
        &json!({"custom_auth_secret": secret}),
    )
    .await
    .assert_status(200);
    let custom_token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({"sub": "000123.abc", "iat": now(), "exp": now() + 300}),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap();
    let custom = app
        .post(
            "/v1/client/sessions/custom",
            None,
            &json!({"game_id": game, "token": custom_token}),
        )
        .await;
    custom.assert_status(201);
    let oidc = sign_in(&app, &game, &key.sign(&claims("000123.abc"))).await;
    oidc.assert_status(201);
    assert_ne!(custom.json["identity_id"], oidc.json["identity_id"]);
}

#[tokio::test]
async fn an_unknown_provider_is_401_and_an_unreachable_issuer_503() {
    let app = spawn_app().await;
    let game = game_with_provider(&app, "http://127.0.0.1:9/jwks").await;
    let key = SigningKey::ec("ec-1");
    let refused = app
        .post(
            "/v1/client/sessions/oidc",
            None,
            &json!({"game_id": game, "provider": "google", "id_token": key.sign(&claims("p"))}),
        )
        .await;
    refused.assert_status(401);
    assert_eq!(refused.json["code"], "oidc_provider_not_configured");

    let down = sign_in(&app, &game, &key.sign(&claims("p"))).await;
    down.assert_status(503);
    assert_eq!(down.json["code"], "oidc_provider_unavailable");
    assert!(down.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn a_jwks_uri_on_the_servers_own_machine_is_not_fetched_unless_the_operator_allows_it() {
    let key = SigningKey::ec("ec-1");
    let issuer = JwksStub::start(&[&key]).await;
    let app = roster_tests::spawn_app_with(roster_tests::TestConfig {
        oidc_allow_private_networks: false,
        ..roster_tests::TestConfig::default()
    })
    .await;
    let game = game_with_provider(&app, &issuer.jwks_uri).await;
    let refused = sign_in(&app, &game, &key.sign(&claims("p"))).await;
    refused.assert_status(503);
    assert_eq!(refused.json["code"], "oidc_provider_unavailable");
    assert_eq!(issuer.fetches(), 0, "nothing reached 127.0.0.1");
    let named = game_with_provider(&app, &issuer.jwks_uri.replace("127.0.0.1", "localhost")).await;
    sign_in(&app, &named, &key.sign(&claims("p")))
        .await
        .assert_status(503);
    assert_eq!(
        issuer.fetches(),
        0,
        "nor through a name that resolves to it"
    );
}
