//! The player use cases on the in-memory fakes.

use roster_domain::ban::BanReason;
use roster_domain::client_session::{ClientInfo, ClientSession};
use roster_domain::etag::IfMatch;
use roster_domain::identity::IdentityKind;
use roster_domain::player::{MergeRefusal, PlayerDisplayName};

use super::*;
use crate::fakes::{FakeDb, ManualClock, admin_of, cursors, now};
use crate::ports::Revocation;

fn players(db: &FakeDb, clock: &ManualClock) -> Players<FakeDb, ManualClock> {
    Players::new(db.clone(), clock.clone(), cursors())
}

fn reason() -> BanReason {
    BanReason::parse("cheating").unwrap()
}

#[tokio::test]
async fn a_merge_moves_identities_and_bans_ends_sessions_and_replays_as_a_no_op() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let account = db.account("Studio");
    let game = db.game(account.id);
    let phone = db.identity(&game, IdentityKind::Custom, "phone");
    let pc = db.identity(&game, IdentityKind::Custom, "pc");
    let session = ClientSession::start(&pc, ClientInfo::default(), now());
    db.seed(|tables| {
        tables.sessions.insert(session.id, session.clone());
    });
    let admin = admin_of(account.id);
    let uses = players(&db, &clock);
    uses.ban(
        &admin,
        pc.player_id,
        NewBan {
            reason: reason(),
            expires_at: None,
        },
    )
    .await
    .unwrap();
    let merged = uses
        .merge(&admin, phone.player_id, pc.player_id)
        .await
        .unwrap();
    assert_eq!(merged.player.id, phone.player_id);
    assert!(merged.ban.is_some(), "the source's bans follow the person");
    let tables = db.tables();
    assert_eq!(tables.identities[&pc.id].player_id, phone.player_id);
    assert!(tables.sessions[&session.id].is_revoked());
    let source = &tables.players[&pc.player_id];
    assert_eq!(source.merged_into, Some(phone.player_id));
    assert!(source.is_deleted());
    assert!(tables.announced.contains(&Revocation::Player(pc.player_id)));

    clock.advance(5);
    let again = uses
        .merge(&admin, phone.player_id, pc.player_id)
        .await
        .unwrap();
    assert_eq!(again, merged, "the same merge answers the same");
    assert_eq!(db.tables().players, tables.players, "and changes nothing");
}

#[tokio::test]
async fn a_player_is_not_merged_into_itself_nor_across_games() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let account = db.account("Studio");
    let game = db.game(account.id);
    let other_game = db.game(account.id);
    let one = db.identity(&game, IdentityKind::Custom, "one");
    let stranger = db.identity(&other_game, IdentityKind::Custom, "two");
    let admin = admin_of(account.id);
    let uses = players(&db, &clock);
    assert!(matches!(
        uses.merge(&admin, one.player_id, one.player_id).await,
        Err(MergeError::Refused(MergeRefusal::SamePlayer))
    ));
    assert!(matches!(
        uses.merge(&admin, one.player_id, stranger.player_id).await,
        Err(MergeError::Refused(MergeRefusal::DifferentGames))
    ));
    assert!(matches!(
        uses.merge(
            &admin_of(roster_domain::AccountId::new()),
            one.player_id,
            one.player_id
        )
        .await,
        Err(MergeError::Forbidden(_))
    ));
}

#[tokio::test]
async fn a_ban_shows_until_it_lapses_or_is_lifted_and_the_history_keeps_it() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let account = db.account("Studio");
    let game = db.game(account.id);
    let identity = db.identity(&game, IdentityKind::Custom, "one");
    let admin = admin_of(account.id);
    let uses = players(&db, &clock);
    let ban = uses
        .ban(
            &admin,
            identity.player_id,
            NewBan {
                reason: reason(),
                expires_at: roster_domain::Timestamp::from_unix_micros(
                    now().unix_micros() + 60_000_000,
                ),
            },
        )
        .await
        .unwrap();
    assert_eq!(ban.created_by, Some(admin.user_id));
    let read = uses.get(&admin, identity.player_id).await.unwrap();
    assert_eq!(read.status(), roster_domain::player::PlayerStatus::Banned);
    clock.advance(60);
    let read = uses.get(&admin, identity.player_id).await.unwrap();
    assert_eq!(
        read.status(),
        roster_domain::player::PlayerStatus::Active,
        "lapsed with no one lifting it"
    );
    let lifted = uses.lift(&admin, identity.player_id, ban.id).await.unwrap();
    assert_eq!(lifted.lifted_by, Some(admin.user_id));
    assert!(matches!(
        uses.ban(
            &admin,
            identity.player_id,
            NewBan {
                reason: reason(),
                expires_at: Some(now()),
            },
        )
        .await,
        Err(BanPlayerError::Invalid(_))
    ));
    assert!(matches!(
        uses.lift(&admin, identity.player_id, roster_domain::BanId::new())
            .await,
        Err(LookupError::NotFound(crate::lookup::Resource::Ban))
    ));
}

#[tokio::test]
async fn a_players_tag_follows_its_bans_so_a_lapsed_ban_makes_an_old_tag_stale() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let account = db.account("Studio");
    let game = db.game(account.id);
    let identity = db.identity(&game, IdentityKind::Custom, "one");
    let admin = admin_of(account.id);
    let uses = players(&db, &clock);
    let unbanned = uses
        .get(&admin, identity.player_id)
        .await
        .unwrap()
        .entity_tag();
    uses.ban(
        &admin,
        identity.player_id,
        NewBan {
            reason: reason(),
            expires_at: roster_domain::Timestamp::from_unix_micros(
                now().unix_micros() + 60_000_000,
            ),
        },
    )
    .await
    .unwrap();
    let banned = uses
        .get(&admin, identity.player_id)
        .await
        .unwrap()
        .entity_tag();
    assert_ne!(banned, unbanned, "the ban shows, so the tag moves");
    clock.advance(60);
    let lapsed = uses
        .get(&admin, identity.player_id)
        .await
        .unwrap()
        .entity_tag();
    assert_eq!(
        lapsed, unbanned,
        "nothing of the player but the lapsed ban changed"
    );

    let stale = IfMatch::parse(&banned.to_header()).unwrap();
    let rename = PlayerChanges {
        display_name: Some(Some(PlayerDisplayName::parse("Renamed").unwrap())),
    };
    let before = db.tables().players[&identity.player_id].clone();
    assert!(matches!(
        uses.update(&admin, identity.player_id, rename.clone(), stale.clone())
            .await,
        Err(ChangeError::PreconditionFailed(_))
    ));
    assert!(matches!(
        uses.delete(&admin, identity.player_id, stale).await,
        Err(ChangeError::PreconditionFailed(_))
    ));
    assert_eq!(db.tables().players[&identity.player_id], before);
    let current = IfMatch::parse(&lapsed.to_header()).unwrap();
    let renamed = uses
        .update(&admin, identity.player_id, rename, current)
        .await
        .unwrap();
    assert_eq!(renamed.player.version, before.version.next());
    assert_eq!(db.tables().players[&identity.player_id], renamed.player);
}
