//! Sign-in with OpenID Connect id_tokens on the in-memory fakes: the provider's keys and
//! claims decide, the identity keeps its provider and never meets a plain CUSTOM one, and
//! nothing is written when the token or the provider fails.

use roster_domain::client_session::ClientInfo;
use roster_domain::game::Game;
use roster_domain::identity::IdentityKind;
use roster_domain::oidc::{
    Audiences, Issuer, JwksUri, OidcClaims, OidcRefusal, ProviderSettings, TokenNonce,
};
use roster_domain::slug::Slug;

use super::sign_ins;
use crate::fakes::{FakeDb, FakeProofs, FixedClock, admin_of, now};
use crate::oidc_providers::{OidcProviderUseCases, OidcProviders};
use crate::ports::TokenFault;
use crate::sign_in::{GameClosed, OidcSignIn, OidcSignInError, SignInUseCases};

const JWKS: &str = "https://id.example.com/jwks";
const ISSUER: &str = "https://id.example.com";
const AUDIENCE: &str = "com.example.game";

async fn game_with_provider(db: &FakeDb) -> Game {
    let game = db.game(db.account("Studio").id);
    OidcProviders::new(db.clone(), FixedClock)
        .put(
            &admin_of(game.account_id),
            game.id,
            Slug::parse("acme-id").unwrap(),
            ProviderSettings {
                issuer: Some(Issuer::parse(ISSUER).unwrap()),
                audiences: Audiences::parse(&[AUDIENCE]).unwrap(),
                jwks_uri: Some(JwksUri::parse(JWKS).unwrap()),
            },
        )
        .await
        .unwrap();
    game
}

fn claims(subject: &str) -> OidcClaims {
    let now = now().as_datetime().unix_timestamp();
    OidcClaims {
        issuer: Some(ISSUER.into()),
        audiences: vec![AUDIENCE.into()],
        subject: Some(subject.into()),
        expires_at: Some(now + 600),
        issued_at: Some(now - 5),
        nonce: Some("nonce-1".into()),
    }
}

fn input(game: &Game, provider: &str, id_token: String, nonce: Option<&str>) -> OidcSignIn {
    OidcSignIn {
        game_id: game.id,
        provider: Slug::parse(provider).unwrap(),
        id_token,
        nonce: nonce.map(|nonce| TokenNonce::parse(nonce).unwrap()),
        client: ClientInfo::default(),
    }
}

#[tokio::test]
async fn a_good_id_token_signs_its_subject_in_as_a_custom_identity_of_the_provider() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_provider(&db).await;
    let uses = sign_ins(&db, &proofs);
    let token = proofs.sign_id_token(JWKS, claims("000123.abc"));
    let first = uses
        .oidc(input(&game, "acme-id", token.clone(), Some("nonce-1")))
        .await
        .unwrap();
    assert_eq!(first.identity.kind, IdentityKind::Custom);
    assert_eq!(first.identity.external_key.as_str(), "000123.abc");
    assert_eq!(
        first.identity.provider.as_ref().map(Slug::as_str),
        Some("acme-id")
    );
    let again = uses
        .oidc(input(&game, "acme-id", token, None))
        .await
        .unwrap();
    assert_eq!(again.identity.id, first.identity.id);
}

#[tokio::test]
async fn a_plain_custom_player_with_the_same_key_stays_another_player() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_provider(&db).await;
    let plain = db.identity(&game, IdentityKind::Custom, "000123.abc");
    let token = proofs.sign_id_token(JWKS, claims("000123.abc"));
    let signed = sign_ins(&db, &proofs)
        .oidc(input(&game, "acme-id", token, None))
        .await
        .unwrap();
    assert_ne!(signed.identity.id, plain.id);
    assert_eq!(db.tables().identities.len(), 2);
}

#[tokio::test]
async fn an_unknown_provider_is_refused_before_any_key_is_fetched() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_provider(&db).await;
    let token = proofs.sign_id_token(JWKS, claims("p"));
    assert!(matches!(
        sign_ins(&db, &proofs)
            .oidc(input(&game, "apple", token, None))
            .await,
        Err(OidcSignInError::NotConfigured)
    ));
    assert_eq!(proofs.id_tokens_checked(), 0);
}

#[tokio::test]
async fn bad_signatures_and_bad_claims_are_refused_and_write_nothing() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_provider(&db).await;
    let uses = sign_ins(&db, &proofs);
    let other_keys = proofs.sign_id_token("https://evil.example.com/jwks", claims("p"));
    assert!(matches!(
        uses.oidc(input(&game, "acme-id", other_keys, None)).await,
        Err(OidcSignInError::Invalid(TokenFault::UnknownKey))
    ));
    let mut wrong_audience = claims("p");
    wrong_audience.audiences = vec!["someone-else".into()];
    let token = proofs.sign_id_token(JWKS, wrong_audience);
    assert!(matches!(
        uses.oidc(input(&game, "acme-id", token, None)).await,
        Err(OidcSignInError::Refused(OidcRefusal::Audience))
    ));
    let token = proofs.sign_id_token(JWKS, claims("p"));
    assert!(matches!(
        uses.oidc(input(&game, "acme-id", token, Some("another-nonce")))
            .await,
        Err(OidcSignInError::Refused(OidcRefusal::Nonce))
    ));
    assert!(db.tables().identities.is_empty());
}

#[tokio::test]
async fn unreachable_keys_are_unavailable_and_a_deleted_game_takes_no_sign_in() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_provider(&db).await;
    let uses = sign_ins(&db, &proofs);
    let token = proofs.sign_id_token(JWKS, claims("p"));
    proofs.issuers_down();
    assert!(matches!(
        uses.oidc(input(&game, "acme-id", token.clone(), None))
            .await,
        Err(OidcSignInError::ProviderUnavailable { .. })
    ));
    db.seed(|tables| {
        tables.games.remove(&game.id);
    });
    assert!(matches!(
        uses.oidc(input(&game, "acme-id", token, None)).await,
        Err(OidcSignInError::Game(GameClosed::NotFound))
    ));
}
