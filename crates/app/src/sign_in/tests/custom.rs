//! Sign-in with custom tokens on the in-memory fakes: which secrets verify, what the claims
//! must say, which identity a token signs in, and when the game takes no sign-in.

use roster_domain::account::AccountStatus;
use roster_domain::client_session::ClientInfo;
use roster_domain::custom_token::{CustomClaims, CustomTokenRefusal};
use roster_domain::etag::IfMatch;
use roster_domain::game::{Game, GameChanges};
use roster_domain::identity::IdentityKind;
use roster_domain::sign_in::{CustomAuthSecret, ReplacedSecret, Sealed};

use super::sign_ins;
use crate::fakes::{FakeDb, FakeProofs, FakeSealer, FixedClock, admin_of, cursors, now};
use crate::games::{GameUseCases, Games, UpdateGame};
use crate::ports::{SealError, Sealer};
use crate::sign_in::{CustomSignIn, CustomSignInError, GameClosed, SignInUseCases};

const SECRET: &[u8] = b"the-studios-custom-auth-secret-32-bytes+";
const OTHER: &[u8] = b"another-studios-custom-auth-secret-32-bytes+";

/// A game whose custom-auth secret is `secret`, set through the game use case.
async fn game_with_secret(db: &FakeDb, secret: &[u8]) -> Game {
    let account = db.account("Studio");
    let game = db.game(account.id);
    set_secret(db, &game, secret).await
}

async fn set_secret(db: &FakeDb, game: &Game, secret: &[u8]) -> Game {
    Games::new(db.clone(), FixedClock, cursors(), FakeSealer)
        .update(
            &admin_of(game.account_id),
            game.id,
            UpdateGame {
                changes: GameChanges::default(),
                custom_auth_secret: Some(Some(
                    CustomAuthSecret::from_bytes(secret.to_vec()).unwrap(),
                )),
                ..UpdateGame::default()
            },
            IfMatch::anything(),
        )
        .await
        .unwrap()
}

fn claims(subject: &str) -> CustomClaims {
    let now = now().as_datetime().unix_timestamp();
    CustomClaims {
        subject: Some(subject.to_owned()),
        expires_at: Some(now + 300),
        issued_at: Some(now - 5),
    }
}

fn input(game: &Game, token: String) -> CustomSignIn {
    CustomSignIn {
        game_id: game.id,
        token,
        client: ClientInfo::default(),
    }
}

#[tokio::test]
async fn a_signed_token_signs_its_subject_in_as_one_custom_identity() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_secret(&db, SECRET).await;
    let uses = sign_ins(&db, &proofs);
    let first = uses
        .custom(input(&game, proofs.sign(SECRET, claims("player-42"))))
        .await
        .unwrap();
    assert_eq!(first.identity.kind, IdentityKind::Custom);
    assert_eq!(first.identity.external_key.as_str(), "player-42");
    assert_eq!(first.identity.game_id, game.id);
    let again = uses
        .custom(input(&game, proofs.sign(SECRET, claims("player-42"))))
        .await
        .unwrap();
    assert_eq!(again.identity.id, first.identity.id);
    assert_ne!(again.session.id, first.session.id);
    let tables = db.tables();
    assert_eq!(tables.identities.len(), 1);
    assert_eq!(tables.sessions.len(), 2);
}

#[tokio::test]
async fn the_secret_is_stored_sealed() {
    let db = FakeDb::default();
    let game = game_with_secret(&db, SECRET).await;
    let stored = db.tables().games[&game.id]
        .sign_in
        .custom_auth_secret
        .clone();
    assert_eq!(stored, Some(FakeSealer.seal(SECRET).unwrap()));
    assert_ne!(
        stored.map(|sealed| sealed.as_bytes().to_vec()),
        Some(SECRET.to_vec())
    );
}

#[tokio::test]
async fn a_token_signed_otherwise_or_for_a_game_without_a_secret_is_refused() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_secret(&db, SECRET).await;
    let uses = sign_ins(&db, &proofs);
    for token in [proofs.sign(OTHER, claims("p")), "not a token".to_owned()] {
        assert!(matches!(
            uses.custom(input(&game, token)).await,
            Err(CustomSignInError::InvalidToken)
        ));
    }
    let bare = db.game(game.account_id);
    assert!(matches!(
        uses.custom(input(&bare, proofs.sign(SECRET, claims("p"))))
            .await,
        Err(CustomSignInError::NotConfigured)
    ));
    assert!(db.tables().identities.is_empty());
}

#[tokio::test]
async fn the_replaced_secret_works_during_the_overlap_only() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_secret(&db, OTHER).await;
    let rotated = set_secret(&db, &game, SECRET).await;
    let uses = sign_ins(&db, &proofs);
    for secret in [SECRET, OTHER] {
        uses.custom(input(&rotated, proofs.sign(secret, claims("p"))))
            .await
            .unwrap();
    }
    // A day later the replaced one no longer verifies.
    db.seed(|tables| {
        if let Some(stored) = tables.games.get_mut(&game.id) {
            stored.sign_in.replaced_custom_auth_secret = Some(ReplacedSecret {
                secret: FakeSealer.seal(OTHER).unwrap(),
                until: now(),
            });
        }
    });
    assert!(matches!(
        uses.custom(input(&rotated, proofs.sign(OTHER, claims("p"))))
            .await,
        Err(CustomSignInError::InvalidToken)
    ));
}

#[tokio::test]
async fn claims_that_break_the_rules_are_refused_with_their_reason() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_secret(&db, SECRET).await;
    let uses = sign_ins(&db, &proofs);
    let mut expired = claims("p");
    expired.expires_at = expired.expires_at.map(|exp| exp - 3_600);
    let mut blank = claims("p");
    blank.subject = None;
    for (claims, refusal) in [
        (expired, CustomTokenRefusal::Expired),
        (blank, CustomTokenRefusal::Subject),
    ] {
        let outcome = uses.custom(input(&game, proofs.sign(SECRET, claims))).await;
        assert!(
            matches!(outcome, Err(CustomSignInError::Refused(got)) if got == refusal),
            "{refusal:?}"
        );
    }
}

#[tokio::test]
async fn a_deleted_game_or_a_suspended_account_takes_no_sign_in() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_secret(&db, SECRET).await;
    let uses = sign_ins(&db, &proofs);
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&game.account_id) {
            account.status = AccountStatus::Suspended;
        }
    });
    assert!(matches!(
        uses.custom(input(&game, proofs.sign(SECRET, claims("p"))))
            .await,
        Err(CustomSignInError::Game(GameClosed::AccountSuspended))
    ));
    db.seed(|tables| {
        tables.games.remove(&game.id);
    });
    assert!(matches!(
        uses.custom(input(&game, proofs.sign(SECRET, claims("p"))))
            .await,
        Err(CustomSignInError::Game(GameClosed::NotFound))
    ));
}

#[tokio::test]
async fn a_secret_that_does_not_open_is_an_error_not_a_refusal() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = game_with_secret(&db, SECRET).await;
    db.seed(|tables| {
        if let Some(stored) = tables.games.get_mut(&game.id) {
            stored.sign_in.custom_auth_secret = Some(Sealed::from_bytes(b"tampered".to_vec()));
        }
    });
    assert!(matches!(
        sign_ins(&db, &proofs)
            .custom(input(&game, proofs.sign(SECRET, claims("p"))))
            .await,
        Err(CustomSignInError::Seal(SealError::Corrupt))
    ));
}
