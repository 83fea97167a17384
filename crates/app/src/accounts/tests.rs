//! The account use cases on the in-memory fakes: policy, the superadmin census, error
//! contracts, what they write and what they revoke.

use roster_domain::account::{AccountName, AccountStatus};
use roster_domain::etag::{IfMatch, Versioned};
use roster_domain::pagination::Limit;
use roster_domain::slug::Slug;

use super::*;
use crate::auth::{AuthError, Authenticate, Authenticator};
use crate::fakes::{
    FakeDb, FixedClock, RecordedUses, admin_of, credential_cache, cursors, superadmin,
};
use crate::lookup::LookupError;
use crate::pagination::PageParams;
use crate::ports::{Revocation, StoreError};

fn accounts(db: &FakeDb, credentials: &Arc<CredentialCache>) -> Accounts<FakeDb, FixedClock> {
    Accounts::new(db.clone(), FixedClock, cursors(), Arc::clone(credentials))
}

fn named(name: &str, slug: Option<&str>) -> CreateAccount {
    CreateAccount {
        name: AccountName::parse(name).unwrap(),
        slug: slug.map(|slug| Slug::parse(slug).unwrap()),
    }
}

fn suspend() -> AccountChanges {
    AccountChanges {
        status: Some(AccountStatus::Suspended),
        ..AccountChanges::default()
    }
}

fn soft_delete(deleted: bool) -> AccountChanges {
    AccountChanges {
        deleted: Some(deleted),
        ..AccountChanges::default()
    }
}

#[tokio::test]
async fn only_a_superadmin_creates_accounts_and_generated_slugs_do_not_collide() {
    let db = FakeDb::default();
    let uses = accounts(&db, &credential_cache());
    let home = db.account("Home");
    assert!(matches!(
        uses.create(&admin_of(home.id), named("Studio", None)).await,
        Err(CreateAccountError::Forbidden(_))
    ));
    let mut slugs = Vec::new();
    for _ in 0..3 {
        let account = uses
            .create(&superadmin(), named("Big Studio", None))
            .await
            .unwrap();
        assert_eq!(db.tables().accounts.get(&account.id), Some(&account));
        slugs.push(account.slug.into_string());
    }
    assert_eq!(slugs, ["big-studio", "big-studio-2", "big-studio-3"]);
}

#[tokio::test]
async fn a_taken_explicit_slug_is_refused_and_nothing_is_created() {
    let db = FakeDb::default();
    db.account("Studio");
    let uses = accounts(&db, &credential_cache());
    let before = db.tables().accounts.len();
    assert!(matches!(
        uses.create(&superadmin(), named("Other", Some("studio"))).await,
        Err(CreateAccountError::SlugTaken(slug)) if slug.as_str() == "studio"
    ));
    assert_eq!(db.tables().accounts.len(), before);
}

#[tokio::test]
async fn an_admin_reads_their_own_account_only_and_a_deleted_account_reads_as_missing() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let uses = accounts(&db, &credential_cache());
    assert_eq!(uses.get(&admin_of(home.id), home.id).await.unwrap(), home);
    assert!(matches!(
        uses.get(&admin_of(home.id), other.id).await,
        Err(LookupError::Forbidden(_))
    ));
    uses.update(
        &superadmin(),
        other.id,
        soft_delete(true),
        IfMatch::anything(),
    )
    .await
    .unwrap();
    assert!(matches!(
        uses.get(&superadmin(), other.id).await,
        Err(LookupError::NotFound(_))
    ));
}

#[tokio::test]
async fn an_admin_renames_their_account_but_may_not_suspend_it() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let uses = accounts(&db, &credential_cache());
    let admin = admin_of(home.id);
    let renamed = uses
        .update(
            &admin,
            home.id,
            AccountChanges {
                name: Some(AccountName::parse("New Home").unwrap()),
                // The current status, sent back: no change, no superadmin needed.
                status: Some(AccountStatus::Active),
                ..AccountChanges::default()
            },
            IfMatch::anything(),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name.as_str(), "New Home");
    assert!(matches!(
        uses.update(&admin, home.id, suspend(), IfMatch::anything())
            .await,
        Err(UpdateAccountError::Forbidden(_))
    ));
    assert_eq!(db.tables().accounts[&home.id], renamed);
}

#[tokio::test]
async fn suspending_the_account_of_the_last_superadmin_is_refused_until_another_exists() {
    let db = FakeDb::default();
    let root = db.account("Root");
    db.user(root.id, "root@example.com", true);
    let uses = accounts(&db, &credential_cache());
    assert!(matches!(
        uses.update(&superadmin(), root.id, suspend(), IfMatch::anything())
            .await,
        Err(UpdateAccountError::LastSuperadmin(_))
    ));
    assert!(matches!(
        uses.update(
            &superadmin(),
            root.id,
            soft_delete(true),
            IfMatch::anything()
        )
        .await,
        Err(UpdateAccountError::LastSuperadmin(_))
    ));
    assert!(matches!(
        uses.delete(&superadmin(), root.id, IfMatch::anything())
            .await,
        Err(DeleteAccountError::LastSuperadmin(_))
    ));
    let tables = db.tables();
    assert_eq!(tables.accounts[&root.id], root);
    assert!(tables.announced.is_empty());

    // A superadmin in a suspended account does not count; one in a usable account does.
    let spare = db.account("Spare");
    db.user(spare.id, "spare@example.com", true);
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&spare.id) {
            account.status = AccountStatus::Suspended;
        }
    });
    assert!(matches!(
        uses.update(&superadmin(), root.id, suspend(), IfMatch::anything())
            .await,
        Err(UpdateAccountError::LastSuperadmin(_))
    ));
    let backup = db.account("Backup");
    db.user(backup.id, "backup@example.com", true);
    let suspended = uses
        .update(&superadmin(), root.id, suspend(), IfMatch::anything())
        .await
        .unwrap();
    assert_eq!(suspended.status, AccountStatus::Suspended);
    assert_eq!(db.tables().announced, [Revocation::Account(root.id)]);
}

#[tokio::test]
async fn a_change_to_a_taken_slug_is_a_conflict_and_so_is_restoring_onto_one() {
    let db = FakeDb::default();
    let first = db.account("First");
    let second = db.account("Second");
    let uses = accounts(&db, &credential_cache());
    let to_first = AccountChanges {
        slug: Some(first.slug.clone()),
        ..AccountChanges::default()
    };
    assert!(matches!(
        uses.update(
            &superadmin(),
            second.id,
            to_first.clone(),
            IfMatch::anything()
        )
        .await,
        Err(UpdateAccountError::SlugTaken)
    ));
    // Once `first` is soft-deleted its slug is free; restoring it onto the taken slug is not.
    uses.update(
        &superadmin(),
        first.id,
        soft_delete(true),
        IfMatch::anything(),
    )
    .await
    .unwrap();
    uses.update(&superadmin(), second.id, to_first, IfMatch::anything())
        .await
        .unwrap();
    assert!(matches!(
        uses.update(
            &superadmin(),
            first.id,
            soft_delete(false),
            IfMatch::anything()
        )
        .await,
        Err(UpdateAccountError::SlugTaken)
    ));
    assert!(db.tables().accounts[&first.id].is_deleted());
}

#[tokio::test]
async fn a_soft_deleted_account_takes_no_change_but_its_restoration() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let uses = accounts(&db, &credential_cache());
    uses.update(
        &superadmin(),
        home.id,
        soft_delete(true),
        IfMatch::anything(),
    )
    .await
    .unwrap();
    let rename = AccountChanges {
        name: Some(AccountName::parse("Ghost").unwrap()),
        ..AccountChanges::default()
    };
    assert!(matches!(
        uses.update(&superadmin(), home.id, rename, IfMatch::anything())
            .await,
        Err(UpdateAccountError::NotFound)
    ));
    let restored = uses
        .update(
            &superadmin(),
            home.id,
            soft_delete(false),
            IfMatch::anything(),
        )
        .await
        .unwrap();
    assert!(!restored.is_deleted());
    assert_eq!(restored.name, home.name);
}

#[tokio::test]
async fn erasing_an_account_takes_everything_in_it_and_revokes_its_keys() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let member = db.user(home.id, "member@example.com", false);
    let (key, _) = db.key(&member, 1);
    let outsider = db.user(other.id, "outsider@example.com", false);
    let uses = accounts(&db, &credential_cache());
    assert!(matches!(
        uses.delete(&admin_of(home.id), home.id, IfMatch::anything())
            .await,
        Err(DeleteAccountError::Forbidden(_))
    ));
    uses.delete(&superadmin(), home.id, IfMatch::anything())
        .await
        .unwrap();
    let tables = db.tables();
    assert!(!tables.accounts.contains_key(&home.id));
    assert!(!tables.users.contains_key(&member.id));
    assert!(!tables.api_keys.contains_key(&key.id));
    assert!(tables.users.contains_key(&outsider.id));
    assert_eq!(tables.announced, [Revocation::Account(home.id)]);
    assert!(matches!(
        uses.delete(&superadmin(), home.id, IfMatch::anything())
            .await,
        Err(DeleteAccountError::NotFound)
    ));
}

#[tokio::test]
async fn suspending_an_account_stops_its_keys_at_once_even_when_their_credential_is_cached() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (_, secret) = db.key(&member, 1);
    let credentials = credential_cache();
    let auth = Authenticator::new(
        db.clone(),
        FixedClock,
        RecordedUses::default(),
        Arc::clone(&credentials),
    );
    let principal = auth.authenticate(Some(secret.expose())).await.unwrap();
    assert_eq!(principal.account_id, home.id);
    accounts(&db, &credentials)
        .update(&superadmin(), home.id, suspend(), IfMatch::anything())
        .await
        .unwrap();
    assert!(matches!(
        auth.authenticate(Some(secret.expose())).await,
        Err(AuthError::Invalid)
    ));
}

#[tokio::test]
async fn an_admin_lists_a_page_of_their_own_account_and_a_superadmin_filters_all() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let quiet = db.account("Quiet");
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&quiet.id) {
            account.status = AccountStatus::Suspended;
        }
    });
    let uses = accounts(&db, &credential_cache());
    let own = uses
        .list(&admin_of(home.id), ListAccounts::default())
        .await
        .unwrap();
    assert_eq!(own.page.items, std::slice::from_ref(&home));
    assert!(matches!(
        uses.list(
            &admin_of(home.id),
            ListAccounts {
                account_id: Some(other.id),
                ..ListAccounts::default()
            }
        )
        .await,
        Err(ListAccountsError::Forbidden(_))
    ));
    let active = uses
        .list(
            &superadmin(),
            ListAccounts {
                status: Some(AccountStatus::Active),
                page: PageParams {
                    limit: Limit::new(10).unwrap(),
                    sort: roster_domain::pagination::Sort::parse("slug:asc").unwrap(),
                    cursor: None,
                    include_total: true,
                },
                ..ListAccounts::default()
            },
        )
        .await
        .unwrap();
    let slugs: Vec<&str> = active.page.items.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["home", "other"]);
    assert_eq!(active.total.map(|total| total.value), Some(2));
}

#[tokio::test]
async fn a_slug_lookup_finds_one_live_account_or_none() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let uses = accounts(&db, &credential_cache());
    let by_slug = |slug: &str| ListAccounts {
        slug: Some(slug.to_owned()),
        ..ListAccounts::default()
    };
    let found = uses.list(&superadmin(), by_slug("home")).await.unwrap();
    assert_eq!(found.page.items, std::slice::from_ref(&home));
    assert!(!found.page.has_next);
    for missing in ["nowhere", "Not A Slug!"] {
        assert!(matches!(
            uses.list(&superadmin(), by_slug(missing)).await,
            Err(ListAccountsError::NotFound)
        ));
    }
    uses.update(
        &superadmin(),
        home.id,
        soft_delete(true),
        IfMatch::anything(),
    )
    .await
    .unwrap();
    assert!(matches!(
        uses.list(&superadmin(), by_slug("home")).await,
        Err(ListAccountsError::NotFound)
    ));
}

#[tokio::test]
async fn an_unavailable_database_fails_every_account_use_case_as_unavailable() {
    let db = FakeDb::default();
    let home = db.account("Home");
    db.set_down(true);
    let uses = accounts(&db, &credential_cache());
    assert!(matches!(
        uses.get(&superadmin(), home.id).await,
        Err(LookupError::Store(StoreError::Unavailable(_)))
    ));
    assert!(matches!(
        uses.update(&superadmin(), home.id, suspend(), IfMatch::anything())
            .await,
        Err(UpdateAccountError::Store(StoreError::Unavailable(_)))
    ));
    assert!(matches!(
        uses.create(&superadmin(), named("New", None)).await,
        Err(CreateAccountError::Store(StoreError::Unavailable(_)))
    ));
}

#[tokio::test]
async fn a_change_naming_a_stale_tag_writes_nothing_and_one_naming_the_current_tag_applies() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let uses = accounts(&db, &credential_cache());
    let admin = admin_of(home.id);
    let rename = |name: &str| AccountChanges {
        name: Some(AccountName::parse(name).unwrap()),
        ..AccountChanges::default()
    };
    let first = IfMatch::parse(&home.entity_tag().to_header()).unwrap();
    let renamed = uses
        .update(&admin, home.id, rename("Second"), first.clone())
        .await
        .unwrap();
    assert_eq!(renamed.version, home.version.next());
    assert_eq!(db.tables().accounts[&home.id], renamed);
    let events = db.tables().events.len();

    assert!(matches!(
        uses.update(&admin, home.id, rename("Third"), first.clone())
            .await,
        Err(UpdateAccountError::PreconditionFailed(_))
    ));
    assert!(matches!(
        uses.delete(&superadmin(), home.id, first).await,
        Err(DeleteAccountError::PreconditionFailed(_))
    ));
    assert_eq!(db.tables().accounts[&home.id], renamed, "nothing written");
    assert_eq!(db.tables().events.len(), events, "and nothing recorded");

    let unchanged = uses
        .update(&admin, home.id, rename("Second"), IfMatch::anything())
        .await
        .unwrap();
    assert_eq!(
        unchanged.version, renamed.version,
        "no change, no new version"
    );
    let current = IfMatch::parse(&format!("\"0\", {}", renamed.entity_tag().to_header())).unwrap();
    uses.delete(&superadmin(), home.id, current).await.unwrap();
    assert!(!db.tables().accounts.contains_key(&home.id));
}
