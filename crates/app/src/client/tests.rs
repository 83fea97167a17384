//! The client use cases on the in-memory fakes: sign-in, refresh and its reuse rule, nonces,
//! and what stops a token.

use roster_domain::account::AccountStatus;
use roster_domain::client_session::ClientInfo;
use roster_domain::game::Game;
use roster_domain::identity::{DeviceFingerprint, IdentityDisplayName};
use roster_domain::nonce::NonceRefusal;

use super::*;
use crate::fakes::{FakeDb, FakeRandom, FakeTokens, FixedClock, now};
use crate::ports::Revocation;

type Client = ClientSessions<FakeDb, FixedClock, FakeRandom, FakeTokens>;

fn client(db: &FakeDb, tokens: &FakeTokens) -> Client {
    ClientSessions::new(
        db.clone(),
        FixedClock,
        FakeRandom::default(),
        tokens.clone(),
    )
}

fn game(db: &FakeDb) -> Game {
    db.game(db.account("Studio").id)
}

fn device(game: &Game, n: u8, name: Option<&str>) -> StartSession {
    StartSession {
        game_id: game.id,
        fingerprint: DeviceFingerprint::parse(&format!("{n:064x}")).unwrap(),
        display_name: name.map(|name| IdentityDisplayName::parse(name).unwrap()),
        client: ClientInfo::default(),
    }
}

#[tokio::test]
async fn a_first_sign_in_creates_the_device_identity_and_later_ones_find_it() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let first = uses.start(device(&game, 1, Some("Ace"))).await.unwrap();
    let again = uses.start(device(&game, 1, None)).await.unwrap();
    assert_eq!(first.identity.id, again.identity.id);
    assert_eq!(
        again.identity.display_name, first.identity.display_name,
        "kept"
    );
    assert_ne!(first.session.id, again.session.id);
    let tables = db.tables();
    assert_eq!((tables.identities.len(), tables.sessions.len()), (1, 2));
}

#[tokio::test]
async fn a_display_name_given_at_sign_in_renames_the_player() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let first = uses.start(device(&game, 1, Some("Ace"))).await.unwrap();
    let renamed = uses.start(device(&game, 1, Some("Bee"))).await.unwrap();
    assert_eq!(renamed.identity.id, first.identity.id);
    assert_eq!(renamed.identity.display_name.unwrap().as_str(), "Bee");
    let stored = db.tables().identities[&first.identity.id].clone();
    assert_eq!(stored.display_name.unwrap().as_str(), "Bee");
}

#[tokio::test]
async fn no_sign_in_to_a_missing_deleted_or_suspended_game() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let mut elsewhere = device(&game, 1, None);
    elsewhere.game_id = roster_domain::GameId::new();
    assert!(matches!(
        uses.start(elsewhere).await,
        Err(StartSessionError::GameNotFound)
    ));
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&game.account_id) {
            account.status = AccountStatus::Suspended;
        }
    });
    assert!(matches!(
        uses.start(device(&game, 1, None)).await,
        Err(StartSessionError::AccountSuspended)
    ));
    assert!(db.tables().identities.is_empty(), "nothing created");
}

#[tokio::test]
async fn an_access_token_authenticates_until_its_session_or_identity_goes() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let started = uses.start(device(&game, 1, None)).await.unwrap();
    let access = started.tokens.access_token.clone();
    let principal = uses.authenticate(Some(&access)).await.unwrap();
    assert_eq!(principal.identity_id, started.identity.id);
    assert!(matches!(
        uses.authenticate(None).await,
        Err(ClientAuthError::Missing)
    ));
    assert!(matches!(
        uses.authenticate(Some(&started.tokens.refresh_token)).await,
        Err(ClientAuthError::Invalid)
    ));
    db.seed(|tables| {
        if let Some(identity) = tables.identities.get_mut(&started.identity.id) {
            identity.deleted_at = Some(now());
        }
    });
    assert!(matches!(
        uses.authenticate(Some(&access)).await,
        Err(ClientAuthError::Invalid)
    ));
}

#[tokio::test]
async fn a_refresh_rotates_and_a_racing_one_gets_the_same_pair() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let started = uses.start(device(&game, 1, None)).await.unwrap();
    let rotated = uses.refresh(&started.tokens.refresh_token).await.unwrap();
    assert_ne!(rotated.refresh_token, started.tokens.refresh_token);
    // The same old token again, within the grace window (the fake clock stands still).
    let raced = uses.refresh(&started.tokens.refresh_token).await.unwrap();
    assert_eq!(raced, rotated);
    assert!(db.tables().announced.is_empty());
}

#[tokio::test]
async fn an_older_refresh_token_is_reuse_revokes_the_session_and_announces_it() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let started = uses.start(device(&game, 1, None)).await.unwrap();
    let second = uses.refresh(&started.tokens.refresh_token).await.unwrap();
    uses.refresh(&second.refresh_token).await.unwrap();
    // Two rotations back: outside any grace, a stolen token.
    assert!(matches!(
        uses.refresh(&started.tokens.refresh_token).await,
        Err(RefreshError::Invalid)
    ));
    let tables = db.tables();
    assert!(
        tables.sessions[&started.session.id].is_revoked(),
        "the revocation is kept"
    );
    assert_eq!(tables.announced, [Revocation::Session(started.session.id)]);
    // The sign-in, two refreshes, and the revocation the refused refresh committed.
    let actions: Vec<_> = tables.events.iter().map(|event| event.action).collect();
    use roster_domain::audit::AuditAction;
    assert_eq!(
        actions,
        [
            AuditAction::SessionCreated,
            AuditAction::SessionRefreshed,
            AuditAction::SessionRefreshed,
            AuditAction::SessionRevoked
        ]
    );
    assert!(matches!(
        uses.authenticate(Some(&started.tokens.access_token)).await,
        Err(ClientAuthError::Invalid)
    ));
}

#[tokio::test]
async fn a_nonce_is_spent_by_one_change_and_refused_after() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let started = uses.start(device(&game, 1, None)).await.unwrap();
    let me = uses
        .authenticate(Some(&started.tokens.access_token))
        .await
        .unwrap();
    let nonce = uses.nonce(&me).await.unwrap().value.to_string();
    let name = IdentityDisplayName::parse("Ace").unwrap();
    let changed = uses
        .update_me(&me, Some(&nonce), Some(name.clone()))
        .await
        .unwrap();
    assert_eq!(changed.identity.display_name, Some(name.clone()));
    assert!(matches!(
        uses.update_me(&me, Some(&nonce), None).await,
        Err(UpdateMeError::Nonce(NonceRefusal::Used))
    ));
    assert!(matches!(
        uses.update_me(&me, None, None).await,
        Err(UpdateMeError::Nonce(NonceRefusal::Missing))
    ));
    assert!(matches!(
        uses.update_me(&me, Some("not-a-uuid"), None).await,
        Err(UpdateMeError::Nonce(NonceRefusal::Unknown))
    ));
    let read = uses.me(&me).await.unwrap();
    assert_eq!(read.identity.display_name, Some(name.clone()));
    assert_eq!(read.identities, vec![read.identity.clone()]);
    let player = &db.tables().players[&read.identity.player_id];
    assert_eq!(
        player.display_name,
        Some(name),
        "the name a client gives itself is its player's too"
    );
}

#[tokio::test]
async fn another_clients_nonce_is_foreign() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let mine = uses.start(device(&game, 1, None)).await.unwrap();
    let theirs = uses.start(device(&game, 2, None)).await.unwrap();
    let me = uses
        .authenticate(Some(&mine.tokens.access_token))
        .await
        .unwrap();
    let them = uses
        .authenticate(Some(&theirs.tokens.access_token))
        .await
        .unwrap();
    let their_nonce = uses.nonce(&them).await.unwrap().value.to_string();
    assert!(matches!(
        uses.update_me(&me, Some(&their_nonce), None).await,
        Err(UpdateMeError::Nonce(NonceRefusal::Foreign))
    ));
    // Still theirs to use.
    uses.update_me(&them, Some(&their_nonce), None)
        .await
        .unwrap();
}

#[tokio::test]
async fn unlinking_soft_deletes_ends_sessions_and_keeps_the_last_identity() {
    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let first = uses.start(device(&game, 1, None)).await.unwrap();
    let me = uses
        .authenticate(Some(&first.tokens.access_token))
        .await
        .unwrap();
    let nonce = uses.nonce(&me).await.unwrap().value.to_string();
    assert!(matches!(
        uses.unlink(&me, Some(&nonce), first.identity.id).await,
        Err(UnlinkError::Refused(
            roster_domain::player::UnlinkRefusal::LastIdentity
        ))
    ));
    // A second identity of the same player, with a session of its own.
    let second = roster_domain::identity::Identity::new(
        &db.tables().players[&first.identity.player_id],
        roster_domain::identity::IdentityKind::Custom,
        roster_domain::identity::ExternalKey::parse(
            roster_domain::identity::IdentityKind::Custom,
            "studio-1",
        )
        .unwrap(),
        None,
        now(),
    );
    let session =
        roster_domain::client_session::ClientSession::start(&second, ClientInfo::default(), now());
    db.seed(|tables| {
        tables.identities.insert(second.id, second.clone());
        tables.sessions.insert(session.id, session.clone());
    });
    let nonce = uses.nonce(&me).await.unwrap().value.to_string();
    uses.unlink(&me, Some(&nonce), second.id).await.unwrap();
    let tables = db.tables();
    assert!(tables.identities[&second.id].is_deleted());
    assert!(tables.sessions[&session.id].is_revoked());
    assert!(tables.announced.contains(&Revocation::Identity(second.id)));
    assert!(matches!(
        uses.unlink(&me, Some(&nonce), second.id).await,
        Err(UnlinkError::Nonce(NonceRefusal::Used))
    ));
}

#[tokio::test]
async fn every_sign_in_records_its_session_by_the_identity_and_says_when_it_made_one() {
    use roster_domain::audit::{Actor, AuditAction, TargetKind};

    let (db, tokens) = (FakeDb::default(), FakeTokens::default());
    let game = game(&db);
    let uses = client(&db, &tokens);
    let first = uses.start(device(&game, 1, None)).await.unwrap();
    let again = uses.start(device(&game, 1, None)).await.unwrap();
    let events = db.tables().events;
    assert_eq!(events.len(), 2);
    for (event, started, created) in [(&events[0], &first, true), (&events[1], &again, false)] {
        assert_eq!(event.action, AuditAction::SessionCreated);
        assert_eq!(
            event.actor,
            Actor::Identity {
                identity_id: started.identity.id,
                player_id: started.identity.player_id
            }
        );
        assert_eq!(event.target.kind, TargetKind::Session);
        assert_eq!(event.target.id, started.session.id.to_string());
        assert_eq!(event.account_id, Some(game.account_id));
        let changes = event.changes.to_json();
        assert_eq!(
            changes["identity_created"]["after"],
            serde_json::json!(created)
        );
        assert!(
            !changes.to_string().contains(&started.tokens.access_token),
            "no token in an event"
        );
    }
}
