//! The game use cases on the in-memory fakes: policy, error contracts, what they write.

use roster_domain::etag::IfMatch;
use roster_domain::game::{GameChanges, GameName};
use roster_domain::game_details::GameDetails;
use roster_domain::pagination::Limit;
use roster_domain::slug::Slug;

use super::*;
use crate::fakes::{FakeDb, FakeSealer, FixedClock, admin_of, cursors, now, superadmin};
use crate::lookup::{ChangeError, LookupError};
use crate::pagination::PageParams;
use crate::ports::StoreError;

fn games(db: &FakeDb) -> Games<FakeDb, FixedClock, FakeSealer> {
    Games::new(db.clone(), FixedClock, cursors(), FakeSealer)
}

fn new_game(account: roster_domain::AccountId, name: &str, slug: Option<&str>) -> CreateGame {
    CreateGame {
        account_id: account,
        name: GameName::parse(name).unwrap(),
        slug: slug.map(|slug| Slug::parse(slug).unwrap()),
        details: GameDetails::default(),
    }
}

#[tokio::test]
async fn an_admin_creates_a_game_in_their_account_with_a_generated_slug() {
    let db = FakeDb::default();
    let studio = db.account("Studio");
    let game = games(&db)
        .create(
            &admin_of(studio.id),
            new_game(studio.id, "Space Race!", None),
        )
        .await
        .unwrap();
    assert_eq!(game.slug.as_str(), "space-race");
    assert_eq!((game.created_at, game.account_id), (now(), studio.id));
    assert_eq!(db.tables().games.get(&game.id), Some(&game));
}

#[tokio::test]
async fn generated_slugs_take_the_next_free_suffix() {
    let db = FakeDb::default();
    let studio = db.account("Studio");
    let admin = admin_of(studio.id);
    let mut slugs = Vec::new();
    for _ in 0..3 {
        let game = games(&db)
            .create(&admin, new_game(studio.id, "Quest", None))
            .await
            .unwrap();
        slugs.push(game.slug.into_string());
    }
    assert_eq!(slugs, ["quest", "quest-2", "quest-3"]);
}

#[tokio::test]
async fn a_taken_explicit_slug_is_refused_and_nothing_is_created() {
    let db = FakeDb::default();
    let studio = db.account("Studio");
    let admin = admin_of(studio.id);
    games(&db)
        .create(&admin, new_game(studio.id, "Quest", Some("quest")))
        .await
        .unwrap();
    let error = games(&db)
        .create(&admin, new_game(studio.id, "Other", Some("quest")))
        .await
        .unwrap_err();
    assert!(matches!(error, CreateGameError::SlugTaken(slug) if slug.as_str() == "quest"));
    assert_eq!(db.tables().games.len(), 1);
}

#[tokio::test]
async fn the_same_slug_is_free_in_another_account() {
    let db = FakeDb::default();
    let (first, second) = (db.account("First"), db.account("Second"));
    for account in [first.id, second.id] {
        games(&db)
            .create(&superadmin(), new_game(account, "Quest", Some("quest")))
            .await
            .unwrap();
    }
    assert_eq!(db.tables().games.len(), 2);
}

#[tokio::test]
async fn creating_in_another_account_is_forbidden() {
    let db = FakeDb::default();
    let (mine, theirs) = (db.account("Mine"), db.account("Theirs"));
    let error = games(&db)
        .create(&admin_of(mine.id), new_game(theirs.id, "Quest", None))
        .await
        .unwrap_err();
    assert!(matches!(error, CreateGameError::Forbidden(_)));
    assert!(db.tables().games.is_empty());
}

#[tokio::test]
async fn a_missing_or_deleted_account_gets_no_game() {
    let db = FakeDb::default();
    let gone = db.account("Gone");
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&gone.id) {
            account.deleted_at = Some(now());
        }
    });
    for account in [gone.id, roster_domain::AccountId::new()] {
        let error = games(&db)
            .create(&superadmin(), new_game(account, "Quest", None))
            .await
            .unwrap_err();
        assert!(
            matches!(error, CreateGameError::AccountNotFound),
            "{error:?}"
        );
    }
    assert!(db.tables().games.is_empty());
}

async fn seeded_game(db: &FakeDb, slug: &str) -> (roster_domain::account::Account, Game) {
    let studio = db.account(&format!("Studio {slug}"));
    let game = games(db)
        .create(&superadmin(), new_game(studio.id, "Quest", Some(slug)))
        .await
        .unwrap();
    (studio, game)
}

#[tokio::test]
async fn a_game_is_read_by_its_account_and_superadmins_only() {
    let db = FakeDb::default();
    let (studio, game) = seeded_game(&db, "quest").await;
    let uses = games(&db);
    assert_eq!(uses.get(&admin_of(studio.id), game.id).await.unwrap(), game);
    assert_eq!(uses.get(&superadmin(), game.id).await.unwrap(), game);
    let other = db.account("Other");
    assert!(matches!(
        uses.get(&admin_of(other.id), game.id).await,
        Err(LookupError::Forbidden(_))
    ));
    assert!(matches!(
        uses.get(&superadmin(), GameId::new()).await,
        Err(LookupError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_soft_deleted_game_reads_as_missing_and_can_be_restored() {
    let db = FakeDb::default();
    let (studio, game) = seeded_game(&db, "quest").await;
    let admin = admin_of(studio.id);
    let uses = games(&db);
    let deleting = GameChanges {
        deleted: Some(true),
        ..GameChanges::default()
    };
    let deleted = uses
        .update(
            &admin,
            game.id,
            deleting.clone().into(),
            IfMatch::anything(),
        )
        .await
        .unwrap();
    assert!(deleted.is_deleted());
    assert!(matches!(
        uses.get(&admin, game.id).await,
        Err(LookupError::NotFound(_))
    ));
    let renaming = GameChanges {
        name: Some(GameName::parse("Nope").unwrap()),
        ..GameChanges::default()
    };
    assert!(matches!(
        uses.update(
            &admin,
            game.id,
            renaming.clone().into(),
            IfMatch::anything()
        )
        .await,
        Err(UpdateGameError::NotFound)
    ));
    let restoring = GameChanges {
        deleted: Some(false),
        ..GameChanges::default()
    };
    assert!(
        !uses
            .update(
                &admin,
                game.id,
                restoring.clone().into(),
                IfMatch::anything()
            )
            .await
            .unwrap()
            .is_deleted()
    );
}

#[tokio::test]
async fn a_rename_to_a_taken_slug_is_a_conflict_and_writes_nothing() {
    let db = FakeDb::default();
    let studio = db.account("Studio");
    let admin = admin_of(studio.id);
    let uses = games(&db);
    let first = uses
        .create(&admin, new_game(studio.id, "First", Some("first")))
        .await
        .unwrap();
    uses.create(&admin, new_game(studio.id, "Second", Some("second")))
        .await
        .unwrap();
    let clash = GameChanges {
        name: Some(GameName::parse("Renamed").unwrap()),
        slug: Some(Slug::parse("second").unwrap()),
        ..GameChanges::default()
    };
    assert!(matches!(
        uses.update(&admin, first.id, clash.clone().into(), IfMatch::anything())
            .await,
        Err(UpdateGameError::SlugTaken)
    ));
    assert_eq!(
        db.tables().games.get(&first.id),
        Some(&first),
        "nothing written"
    );
}

#[tokio::test]
async fn another_accounts_game_cannot_be_changed_or_erased() {
    let db = FakeDb::default();
    let (_, game) = seeded_game(&db, "quest").await;
    let stranger = admin_of(db.account("Stranger").id);
    let uses = games(&db);
    let renaming = GameChanges {
        name: Some(GameName::parse("Mine").unwrap()),
        ..GameChanges::default()
    };
    assert!(matches!(
        uses.update(
            &stranger,
            game.id,
            renaming.clone().into(),
            IfMatch::anything()
        )
        .await,
        Err(UpdateGameError::Forbidden(_))
    ));
    assert!(matches!(
        uses.delete(&stranger, game.id, IfMatch::anything()).await,
        Err(ChangeError::Forbidden(_))
    ));
    assert_eq!(db.tables().games.get(&game.id), Some(&game));
}

#[tokio::test]
async fn erasing_a_game_removes_it_and_a_second_erasure_is_not_found() {
    let db = FakeDb::default();
    let (studio, game) = seeded_game(&db, "quest").await;
    let admin = admin_of(studio.id);
    let uses = games(&db);
    uses.delete(&admin, game.id, IfMatch::anything())
        .await
        .unwrap();
    assert!(db.tables().games.is_empty());
    assert!(matches!(
        uses.delete(&admin, game.id, IfMatch::anything()).await,
        Err(ChangeError::NotFound(_))
    ));
}

#[tokio::test]
async fn an_admin_lists_only_their_accounts_games_and_may_not_name_another() {
    let db = FakeDb::default();
    let (studio, game) = seeded_game(&db, "mine").await;
    let (other, _) = seeded_game(&db, "theirs").await;
    let uses = games(&db);
    let mine = uses
        .list(&admin_of(studio.id), ListGames::default())
        .await
        .unwrap();
    assert_eq!(mine.page.items, [game]);
    let everyone = uses
        .list(&superadmin(), ListGames::default())
        .await
        .unwrap();
    assert_eq!(everyone.page.items.len(), 2);
    let naming = ListGames {
        account_id: Some(other.id),
        ..ListGames::default()
    };
    assert!(matches!(
        uses.list(&admin_of(studio.id), naming).await,
        Err(ListError::Forbidden(_))
    ));
}

#[tokio::test]
async fn a_list_pages_with_cursors_bound_to_its_filters_and_counts_when_asked() {
    let db = FakeDb::default();
    let studio = db.account("Studio");
    let admin = admin_of(studio.id);
    let uses = games(&db);
    for n in 0..5 {
        uses.create(&admin, new_game(studio.id, &format!("Game {n}"), None))
            .await
            .unwrap();
    }
    let page = |cursor: Option<String>| PageParams {
        limit: Limit::new(2).unwrap(),
        sort: roster_domain::pagination::Sort::parse("name:asc").unwrap(),
        cursor,
        include_total: true,
    };
    let first = uses
        .list(
            &admin,
            ListGames {
                page: page(None),
                ..ListGames::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(first.total.map(|total| total.value), Some(5));
    let names: Vec<&str> = first.page.items.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Game 0", "Game 1"]);
    let next = first.page.next_cursor.clone();
    let second = uses
        .list(
            &admin,
            ListGames {
                page: page(next.clone()),
                ..ListGames::default()
            },
        )
        .await
        .unwrap();
    let names: Vec<&str> = second.page.items.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Game 2", "Game 3"]);
    let filtered = ListGames {
        q: roster_domain::search::SearchPrefix::parse("game").unwrap(),
        page: page(next),
        ..ListGames::default()
    };
    assert!(matches!(
        uses.list(&admin, filtered).await,
        Err(ListError::Page(crate::pagination::PageError::StateMismatch))
    ));
}

#[tokio::test]
async fn an_unavailable_database_is_reported_as_such() {
    let db = FakeDb::default();
    let (studio, game) = seeded_game(&db, "quest").await;
    db.set_down(true);
    let uses = games(&db);
    assert!(matches!(
        uses.get(&admin_of(studio.id), game.id).await,
        Err(LookupError::Store(StoreError::Unavailable(_)))
    ));
    assert!(matches!(
        uses.create(&admin_of(studio.id), new_game(studio.id, "Other", None))
            .await,
        Err(CreateGameError::Store(StoreError::Unavailable(_)))
    ));
}

#[tokio::test]
async fn a_replaced_secret_is_recorded_as_replaced_and_never_shown() {
    use roster_domain::audit::AuditAction;
    use roster_domain::sign_in::CustomAuthSecret;

    let db = FakeDb::default();
    let (_, game) = seeded_game(&db, "quest").await;
    let uses = games(&db);
    let set = |secret: &str| UpdateGame {
        custom_auth_secret: Some(Some(CustomAuthSecret::parse(secret).unwrap())),
        ..UpdateGame::default()
    };
    let first = "first-secret-0123456789abcdef-0123";
    let second = "second-secret-0123456789abcdef-012";
    uses.update(&superadmin(), game.id, set(first), IfMatch::anything())
        .await
        .unwrap();
    uses.update(&superadmin(), game.id, set(second), IfMatch::anything())
        .await
        .unwrap();
    let events = db.tables().events;
    let updates: Vec<_> = events
        .iter()
        .filter(|event| event.action == AuditAction::GameUpdated)
        .map(|event| event.changes.to_json())
        .collect();
    assert_eq!(updates.len(), 2);
    assert_eq!(
        updates[0]["custom_auth_secret_set"],
        serde_json::json!({"before": false, "after": true})
    );
    assert!(updates[0].get("custom_auth_secret_replaced").is_none());
    assert_eq!(
        updates[1]["custom_auth_secret_replaced"]["after"],
        serde_json::json!(true)
    );
    for changes in &updates {
        let text = changes.to_string();
        assert!(!text.contains(first) && !text.contains(second), "{text}");
    }
}
