//! Sign-in with Steam tickets on the in-memory fakes: what Steam is asked, which identity its
//! answer signs in and what is kept on it, the publisher-ban rule, and what is refused before
//! Steam is asked at all.

use std::time::Duration;

use roster_domain::client_session::ClientInfo;
use roster_domain::etag::IfMatch;
use roster_domain::game::{Game, GameChanges};
use roster_domain::game_details::{GameDetailsChanges, SteamAppId};
use roster_domain::identity::IdentityKind;
use roster_domain::sign_in::{SignInChanges, SteamPublisherKey};
use roster_domain::steam::{
    SteamId, SteamRefusal, SteamRejection, SteamTicket, SteamVerdict, TicketIdentity,
};

use super::sign_ins;
use crate::fakes::{FakeDb, FakeProofs, FakeSealer, FixedClock, admin_of, cursors, now};
use crate::games::{GameUseCases, Games, UpdateGame};
use crate::ports::SteamCheckError;
use crate::sign_in::{GameClosed, SignInUseCases, SteamSignIn, SteamSignInError};

const KEY: &str = "0123456789abcdef0123456789ABCDEF";
const TICKET: &str = "14000000aabbccdd";
const PLAYER: &str = "76561198000000001";
const OWNER: &str = "76561198000000002";

fn verdict(publisher_banned: bool) -> SteamVerdict {
    SteamVerdict {
        steam_id: SteamId::parse(PLAYER).unwrap(),
        owner_steam_id: SteamId::parse(OWNER).unwrap(),
        vac_banned: false,
        publisher_banned,
    }
}

/// A game with Steam app `app_id` and the publisher key (each when given), set through the
/// game use case as an admin would.
async fn steam_game(db: &FakeDb, app_id: Option<&str>, key: Option<&str>) -> Game {
    let account = db.account("Studio");
    let game = db.game(account.id);
    configure(db, &game, app_id, key, None).await
}

async fn configure(
    db: &FakeDb,
    game: &Game,
    app_id: Option<&str>,
    key: Option<&str>,
    reject_publisher_banned: Option<bool>,
) -> Game {
    Games::new(db.clone(), FixedClock, cursors(), FakeSealer)
        .update(
            &admin_of(game.account_id),
            game.id,
            UpdateGame {
                changes: GameChanges {
                    details: GameDetailsChanges {
                        steam_app_id: app_id.map(|id| Some(SteamAppId::parse(id).unwrap())),
                        ..GameDetailsChanges::default()
                    },
                    sign_in: SignInChanges {
                        steam_reject_publisher_banned: reject_publisher_banned,
                        ..SignInChanges::default()
                    },
                    ..GameChanges::default()
                },
                steam_publisher_key: key.map(|key| Some(SteamPublisherKey::parse(key).unwrap())),
                ..UpdateGame::default()
            },
            IfMatch::anything(),
        )
        .await
        .unwrap()
}

fn input(game: &Game, identity: Option<&str>) -> SteamSignIn {
    SteamSignIn {
        game_id: game.id,
        ticket: SteamTicket::parse(TICKET).unwrap(),
        identity: identity.map(|identity| TicketIdentity::parse(identity).unwrap()),
        client: ClientInfo::default(),
    }
}

#[tokio::test]
async fn steam_is_asked_with_the_games_app_id_and_opened_key_and_the_clients_identity() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = steam_game(&db, Some("480"), Some(KEY)).await;
    proofs.steam_answers(TICKET, Ok(verdict(false)));
    sign_ins(&db, &proofs)
        .steam(input(&game, Some("roster")))
        .await
        .unwrap();
    let asked = proofs.steam_asked();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].app_id, "480");
    assert_eq!(
        asked[0].publisher_key, KEY,
        "the key as set, opened from its seal"
    );
    assert_eq!(asked[0].identity.as_deref(), Some("roster"));
}

#[tokio::test]
async fn the_player_steam_names_signs_in_as_one_steam_identity_with_its_standing() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = steam_game(&db, Some("480"), Some(KEY)).await;
    proofs.steam_answers(TICKET, Ok(verdict(false)));
    let uses = sign_ins(&db, &proofs);
    let first = uses.steam(input(&game, None)).await.unwrap();
    assert_eq!(first.identity.kind, IdentityKind::Steam);
    assert_eq!(first.identity.external_key.as_str(), PLAYER);
    let standing = first.identity.steam.unwrap();
    assert_eq!(standing.owner_steam_id.to_string(), OWNER);
    assert!(!standing.vac_banned && !standing.publisher_banned);
    assert_eq!(standing.checked_at, now());

    // Steam's word changes: the same identity, its standing refreshed.
    proofs.steam_answers(
        TICKET,
        Ok(SteamVerdict {
            vac_banned: true,
            ..verdict(false)
        }),
    );
    let again = uses.steam(input(&game, None)).await.unwrap();
    assert_eq!(again.identity.id, first.identity.id);
    let tables = db.tables();
    assert_eq!(tables.identities.len(), 1);
    assert!(
        tables.identities[&first.identity.id]
            .steam
            .unwrap()
            .vac_banned
    );
    assert_eq!(tables.sessions.len(), 2);
}

#[tokio::test]
async fn a_game_without_an_app_id_or_a_key_is_refused_before_steam_is_asked() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    proofs.steam_answers(TICKET, Ok(verdict(false)));
    let uses = sign_ins(&db, &proofs);
    for (app_id, key) in [(None, Some(KEY)), (Some("480"), None), (None, None)] {
        let game = steam_game(&db, app_id, key).await;
        assert!(matches!(
            uses.steam(input(&game, None)).await,
            Err(SteamSignInError::NotConfigured)
        ));
    }
    assert!(proofs.steam_asked().is_empty());
    assert!(db.tables().identities.is_empty());
}

#[tokio::test]
async fn steams_refusal_is_passed_on_and_nothing_is_written() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = steam_game(&db, Some("480"), Some(KEY)).await;
    let uses = sign_ins(&db, &proofs);
    for rejection in [
        SteamRejection::Invalid,
        SteamRejection::Expired,
        SteamRejection::OtherApp,
    ] {
        proofs.steam_answers(TICKET, Err(SteamCheckError::Rejected(rejection)));
        let outcome = uses.steam(input(&game, None)).await;
        assert!(
            matches!(outcome, Err(SteamSignInError::Rejected(got)) if got == rejection),
            "{rejection:?}"
        );
    }
    proofs.steam_answers(
        TICKET,
        Err(SteamCheckError::Unavailable {
            reason: "timed out".into(),
            retry_after: Duration::from_secs(5),
        }),
    );
    assert!(matches!(
        uses.steam(input(&game, None)).await,
        Err(SteamSignInError::SteamUnavailable { retry_after, .. })
            if retry_after == Duration::from_secs(5)
    ));
    let tables = db.tables();
    assert!(tables.identities.is_empty() && tables.sessions.is_empty());
}

#[tokio::test]
async fn a_publisher_banned_player_is_refused_unless_the_game_allows_them() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = steam_game(&db, Some("480"), Some(KEY)).await;
    proofs.steam_answers(TICKET, Ok(verdict(true)));
    let uses = sign_ins(&db, &proofs);
    assert!(matches!(
        uses.steam(input(&game, None)).await,
        Err(SteamSignInError::Refused(SteamRefusal::PublisherBanned))
    ));
    assert!(db.tables().identities.is_empty());

    let lenient = configure(&db, &game, None, None, Some(false)).await;
    let signed = uses.steam(input(&lenient, None)).await.unwrap();
    assert!(
        signed.identity.steam.unwrap().publisher_banned,
        "kept for the admins"
    );
}

#[tokio::test]
async fn a_deleted_game_takes_no_steam_sign_in_and_steam_is_not_asked() {
    let (db, proofs) = (FakeDb::default(), FakeProofs::default());
    let game = steam_game(&db, Some("480"), Some(KEY)).await;
    proofs.steam_answers(TICKET, Ok(verdict(false)));
    db.seed(|tables| {
        tables.games.remove(&game.id);
    });
    assert!(matches!(
        sign_ins(&db, &proofs).steam(input(&game, None)).await,
        Err(SteamSignInError::Game(GameClosed::NotFound))
    ));
    assert!(proofs.steam_asked().is_empty());
}
