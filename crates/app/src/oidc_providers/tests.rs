//! The provider use cases on the in-memory fakes: who may configure them, presets, replacing
//! keeps the creation time, the cap per game, and removal.

use roster_domain::AccountId;
use roster_domain::oidc::{
    Audiences, Issuer, JwksUri, PROVIDERS_PER_GAME_MAX, ProviderError, ProviderSettings,
};
use roster_domain::slug::Slug;

use super::*;
use crate::fakes::{FakeDb, ManualClock, admin_of, now};

fn settings(audience: &str) -> ProviderSettings {
    ProviderSettings {
        issuer: Some(Issuer::parse("https://id.example.com").unwrap()),
        audiences: Audiences::parse(&[audience]).unwrap(),
        jwks_uri: Some(JwksUri::parse("https://id.example.com/jwks").unwrap()),
    }
}

fn name(name: &str) -> Slug {
    Slug::parse(name).unwrap()
}

fn uses(db: &FakeDb, clock: &ManualClock) -> OidcProviders<FakeDb, ManualClock> {
    OidcProviders::new(db.clone(), clock.clone())
}

#[tokio::test]
async fn a_put_creates_then_replaces_keeping_the_creation_time() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let game = db.game(db.account("Studio").id);
    let admin = admin_of(game.account_id);
    let uses = uses(&db, &clock);
    let first = uses
        .put(&admin, game.id, name("acme-id"), settings("a"))
        .await
        .unwrap();
    assert!(first.created);
    clock.advance(60);
    let second = uses
        .put(&admin, game.id, name("acme-id"), settings("b"))
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(second.provider.created_at, first.provider.created_at);
    assert!(second.provider.updated_at > first.provider.updated_at);
    let listed = uses.list(&admin, game.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].audiences.contains("b"));
}

#[tokio::test]
async fn a_preset_needs_only_its_audiences_and_others_need_everything() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let game = db.game(db.account("Studio").id);
    let admin = admin_of(game.account_id);
    let uses = uses(&db, &clock);
    let bare = ProviderSettings {
        issuer: None,
        audiences: Audiences::parse(&["com.example.game"]).unwrap(),
        jwks_uri: None,
    };
    let apple = uses
        .put(&admin, game.id, name("apple"), bare.clone())
        .await
        .unwrap();
    assert_eq!(apple.provider.issuer.as_str(), "https://appleid.apple.com");
    assert!(matches!(
        uses.put(&admin, game.id, name("acme-id"), bare).await,
        Err(ProviderUseError::Invalid(ProviderError::IssuerRequired))
    ));
}

#[tokio::test]
async fn only_the_games_account_configures_its_providers() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let game = db.game(db.account("Studio").id);
    let stranger = admin_of(AccountId::new());
    let uses = uses(&db, &clock);
    assert!(matches!(
        uses.put(&stranger, game.id, name("acme-id"), settings("a"))
            .await,
        Err(ProviderUseError::Forbidden(_))
    ));
    assert!(matches!(
        uses.list(&stranger, game.id).await,
        Err(ProviderUseError::Forbidden(_))
    ));
    assert!(db.tables().oidc_providers.is_empty());
}

#[tokio::test]
async fn a_game_holds_a_bounded_number_of_providers_but_may_replace_them() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let game = db.game(db.account("Studio").id);
    let admin = admin_of(game.account_id);
    let uses = uses(&db, &clock);
    for n in 0..PROVIDERS_PER_GAME_MAX {
        uses.put(&admin, game.id, name(&format!("id-{n}")), settings("a"))
            .await
            .unwrap();
    }
    assert!(matches!(
        uses.put(&admin, game.id, name("one-more"), settings("a"))
            .await,
        Err(ProviderUseError::TooMany)
    ));
    assert!(
        uses.put(&admin, game.id, name("id-0"), settings("b"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn removing_a_provider_erases_it_and_a_missing_one_is_not_found() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let game = db.game(db.account("Studio").id);
    let admin = admin_of(game.account_id);
    let uses = uses(&db, &clock);
    uses.put(&admin, game.id, name("acme-id"), settings("a"))
        .await
        .unwrap();
    uses.delete(&admin, game.id, name("acme-id")).await.unwrap();
    assert!(db.tables().oidc_providers.is_empty());
    assert!(matches!(
        uses.delete(&admin, game.id, name("acme-id")).await,
        Err(ProviderUseError::NotFound)
    ));
}

#[tokio::test]
async fn a_deleted_or_missing_game_has_no_providers() {
    let (db, clock) = (FakeDb::default(), ManualClock::default());
    let game = db.game(db.account("Studio").id);
    let admin = admin_of(game.account_id);
    db.seed(|tables| {
        if let Some(stored) = tables.games.get_mut(&game.id) {
            stored.deleted_at = Some(now());
        }
    });
    let uses = uses(&db, &clock);
    assert!(matches!(
        uses.put(&admin, game.id, name("acme-id"), settings("a"))
            .await,
        Err(ProviderUseError::GameNotFound)
    ));
    assert!(matches!(
        uses.list(&admin, GameId::new()).await,
        Err(ProviderUseError::GameNotFound)
    ));
}
