//! The identity use cases on the in-memory fakes.

use roster_domain::account::AccountStatus;
use roster_domain::client_session::ClientInfo;
use roster_domain::etag::IfMatch;
use roster_domain::game::Game;
use roster_domain::identity::{ExternalKey, IdentityDisplayName, IdentityKind};

use super::*;
use crate::fakes::{FakeDb, FakeTokens, FixedClock, admin_of, cursors, now, superadmin};
use crate::lookup::{ChangeError, LookupError};
use crate::ports::{Revocation, StoreError};

fn identities(db: &FakeDb) -> Identities<FakeDb, FixedClock, FakeTokens> {
    Identities::new(db.clone(), FixedClock, cursors(), FakeTokens::default())
}

/// An account with a game, committed.
fn studio_with_game(db: &FakeDb) -> (roster_domain::account::Account, Game) {
    let account = db.account("Studio");
    let game = db.game(account.id);
    (account, game)
}

fn steam(game: &Game, key: &str) -> CreateIdentity {
    CreateIdentity {
        game_id: game.id,
        kind: IdentityKind::Steam,
        external_key: ExternalKey::parse(IdentityKind::Steam, key).unwrap(),
        display_name: Some(IdentityDisplayName::parse("Gabe").unwrap()),
    }
}

#[tokio::test]
async fn an_admin_imports_an_identity_into_their_game() {
    let db = FakeDb::default();
    let (account, game) = studio_with_game(&db);
    let identity = identities(&db)
        .create(&admin_of(account.id), steam(&game, "765"))
        .await
        .unwrap();
    assert_eq!(
        (identity.game_id, identity.account_id),
        (game.id, account.id)
    );
    assert_eq!(db.tables().identities.get(&identity.id), Some(&identity));
}

#[tokio::test]
async fn a_second_identity_with_the_same_kind_and_key_is_a_duplicate() {
    let db = FakeDb::default();
    let (account, game) = studio_with_game(&db);
    let uses = identities(&db);
    uses.create(&admin_of(account.id), steam(&game, "765"))
        .await
        .unwrap();
    assert!(matches!(
        uses.create(&admin_of(account.id), steam(&game, "765"))
            .await,
        Err(CreateIdentityError::Duplicate)
    ));
    assert_eq!(db.tables().identities.len(), 1);
}

#[tokio::test]
async fn identities_go_only_into_live_games_of_ones_own_account() {
    let db = FakeDb::default();
    let (_, game) = studio_with_game(&db);
    let stranger = admin_of(db.account("Stranger").id);
    assert!(matches!(
        identities(&db).create(&stranger, steam(&game, "765")).await,
        Err(CreateIdentityError::Forbidden(_))
    ));
    db.seed(|tables| {
        if let Some(game) = tables.games.get_mut(&game.id) {
            game.deleted_at = Some(now());
        }
    });
    assert!(matches!(
        identities(&db)
            .create(&superadmin(), steam(&game, "765"))
            .await,
        Err(CreateIdentityError::GameNotFound)
    ));
    assert!(db.tables().identities.is_empty());
}

async fn seeded(db: &FakeDb) -> (roster_domain::account::Account, Identity) {
    let (account, game) = studio_with_game(db);
    let identity = identities(db)
        .create(&superadmin(), steam(&game, "765"))
        .await
        .unwrap();
    (account, identity)
}

#[tokio::test]
async fn a_soft_delete_revokes_the_identitys_sessions_and_announces_it() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let uses = identities(&db);
    let admin = admin_of(account.id);
    let started = uses
        .mint_session(&admin, identity.id, ClientInfo::default())
        .await
        .unwrap();
    let deleting = IdentityChanges {
        deleted: Some(true),
        ..IdentityChanges::default()
    };
    uses.update(&admin, identity.id, deleting, IfMatch::anything())
        .await
        .unwrap();
    let tables = db.tables();
    assert!(tables.sessions[&started.session.id].is_revoked());
    assert_eq!(tables.announced, [Revocation::Identity(identity.id)]);
    assert!(matches!(
        uses.get(&admin, identity.id).await,
        Err(LookupError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_rename_revokes_nothing_and_announces_nothing() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let uses = identities(&db);
    let admin = admin_of(account.id);
    let started = uses
        .mint_session(&admin, identity.id, ClientInfo::default())
        .await
        .unwrap();
    let renaming = IdentityChanges {
        display_name: Some(None),
        ..IdentityChanges::default()
    };
    let renamed = uses
        .update(&admin, identity.id, renaming, IfMatch::anything())
        .await
        .unwrap();
    assert_eq!(renamed.display_name, None);
    let tables = db.tables();
    assert!(!tables.sessions[&started.session.id].is_revoked());
    assert!(tables.announced.is_empty());
}

#[tokio::test]
async fn restoring_into_a_taken_key_is_a_duplicate_and_writes_nothing() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let uses = identities(&db);
    let admin = admin_of(account.id);
    let deleting = IdentityChanges {
        deleted: Some(true),
        ..IdentityChanges::default()
    };
    uses.update(&admin, identity.id, deleting, IfMatch::anything())
        .await
        .unwrap();
    let game = db.tables().games.values().next().cloned().unwrap();
    uses.create(&admin, steam(&game, "765")).await.unwrap();
    let before = db.tables();
    let restoring = IdentityChanges {
        deleted: Some(false),
        ..IdentityChanges::default()
    };
    assert!(matches!(
        uses.update(&admin, identity.id, restoring, IfMatch::anything())
            .await,
        Err(UpdateIdentityError::Duplicate)
    ));
    assert_eq!(db.tables().identities, before.identities);
}

#[tokio::test]
async fn erasure_takes_the_sessions_and_nonces_and_announces_it() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let uses = identities(&db);
    let admin = admin_of(account.id);
    uses.mint_session(&admin, identity.id, ClientInfo::default())
        .await
        .unwrap();
    uses.delete(&admin, identity.id, IfMatch::anything())
        .await
        .unwrap();
    let tables = db.tables();
    assert!(tables.identities.is_empty() && tables.sessions.is_empty());
    assert_eq!(tables.announced, [Revocation::Identity(identity.id)]);
    assert!(matches!(
        uses.delete(&admin, identity.id, IfMatch::anything()).await,
        Err(ChangeError::NotFound(_))
    ));
}

#[tokio::test]
async fn another_accounts_identity_cannot_be_read_changed_erased_or_signed_in() {
    let db = FakeDb::default();
    let (_, identity) = seeded(&db).await;
    let stranger = admin_of(db.account("Stranger").id);
    let uses = identities(&db);
    assert!(matches!(
        uses.get(&stranger, identity.id).await,
        Err(LookupError::Forbidden(_))
    ));
    assert!(matches!(
        uses.update(
            &stranger,
            identity.id,
            IdentityChanges::default(),
            IfMatch::anything()
        )
        .await,
        Err(UpdateIdentityError::Forbidden(_))
    ));
    assert!(matches!(
        uses.delete(&stranger, identity.id, IfMatch::anything())
            .await,
        Err(ChangeError::Forbidden(_))
    ));
    assert!(matches!(
        uses.mint_session(&stranger, identity.id, ClientInfo::default())
            .await,
        Err(MintSessionError::Forbidden(_))
    ));
    assert_eq!(db.tables().identities.len(), 1);
    assert!(db.tables().sessions.is_empty());
}

#[tokio::test]
async fn a_minted_session_keeps_what_the_server_said_and_signs_its_pair() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let started = identities(&db)
        .mint_session(
            &admin_of(account.id),
            identity.id,
            ClientInfo {
                test_mode: true,
                ..ClientInfo::default()
            },
        )
        .await
        .unwrap();
    assert!(started.session.test_mode);
    assert_eq!(started.identity, identity);
    assert_eq!(started.tokens.expires_in, 900);
    assert_ne!(started.tokens.access_token, started.tokens.refresh_token);
    assert_eq!(
        db.tables().sessions.get(&started.session.id),
        Some(&started.session)
    );
}

#[tokio::test]
async fn no_session_for_a_suspended_account_or_a_deleted_identity() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let uses = identities(&db);
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&account.id) {
            account.status = AccountStatus::Suspended;
        }
    });
    assert!(matches!(
        uses.mint_session(&superadmin(), identity.id, ClientInfo::default())
            .await,
        Err(MintSessionError::AccountSuspended)
    ));
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&account.id) {
            account.status = AccountStatus::Active;
        }
        if let Some(identity) = tables.identities.get_mut(&identity.id) {
            identity.deleted_at = Some(now());
        }
    });
    assert!(matches!(
        uses.mint_session(&superadmin(), identity.id, ClientInfo::default())
            .await,
        Err(MintSessionError::NotFound)
    ));
    assert!(db.tables().sessions.is_empty());
}

#[tokio::test]
async fn a_list_is_scoped_to_the_admins_account_and_filtered_by_kind() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    let uses = identities(&db);
    let mine = uses
        .list(&admin_of(account.id), ListIdentities::default())
        .await
        .unwrap();
    assert_eq!(mine.page.items, [identity]);
    let other = admin_of(db.account("Other").id);
    assert!(
        uses.list(&other, ListIdentities::default())
            .await
            .unwrap()
            .page
            .items
            .is_empty()
    );
    let devices = ListIdentities {
        kind: Some(IdentityKind::Device),
        ..ListIdentities::default()
    };
    assert!(
        uses.list(&superadmin(), devices)
            .await
            .unwrap()
            .page
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn a_failed_change_leaves_nothing_behind() {
    let db = FakeDb::default();
    let (account, identity) = seeded(&db).await;
    db.set_down(true);
    let deleting = IdentityChanges {
        deleted: Some(true),
        ..IdentityChanges::default()
    };
    assert!(matches!(
        identities(&db)
            .update(
                &admin_of(account.id),
                identity.id,
                deleting,
                IfMatch::anything()
            )
            .await,
        Err(UpdateIdentityError::Store(StoreError::Unavailable(_)))
    ));
    db.set_down(false);
    assert!(!db.tables().identities[&identity.id].is_deleted());
}
