//! The API-key use cases, and authentication by key, on the in-memory fakes.

use roster_domain::api_key::{ApiKeyName, ApiKeyStatus};
use roster_domain::etag::IfMatch;
use roster_domain::pagination::Limit;
use roster_domain::user::User;

use super::*;
use crate::auth::{AuthError, Authenticate, Authenticator};
use crate::fakes::{
    FakeDb, FakeRandom, FixedClock, ManualClock, RecordedUses, admin_of, credential_cache, cursors,
    now, superadmin,
};
use crate::lookup::{ChangeError, LookupError};
use crate::pagination::PageParams;
use crate::ports::{Revocation, StoreError};

type Keys = ApiKeys<FakeDb, FixedClock, FakeRandom>;

fn keys(db: &FakeDb, credentials: &Arc<CredentialCache>) -> Keys {
    ApiKeys::new(
        db.clone(),
        FixedClock,
        FakeRandom::default(),
        cursors(),
        Arc::clone(credentials),
    )
}

fn authenticator(db: &FakeDb, credentials: &Arc<CredentialCache>) -> impl Authenticate {
    Authenticator::new(
        db.clone(),
        FixedClock,
        RecordedUses::default(),
        Arc::clone(credentials),
    )
}

fn for_user(user: &User, expires_at: Option<Timestamp>) -> CreateApiKey {
    CreateApiKey {
        account_id: user.account_id,
        user_id: user.id,
        name: ApiKeyName::parse("deploy").unwrap(),
        expires_at,
    }
}

fn seconds_from_now(seconds: i64) -> Timestamp {
    Timestamp::from_unix_micros(now().unix_micros() + seconds * 1_000_000).unwrap()
}

#[tokio::test]
async fn a_created_key_authenticates_as_its_user_and_only_its_digest_is_stored() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let credentials = credential_cache();
    let created = keys(&db, &credentials)
        .create(&admin_of(home.id), for_user(&member, None))
        .await
        .unwrap();
    let secret = created.secret.expose();
    assert!(secret.starts_with("ldr_"));
    assert_eq!(created.view.key.prefix, created.secret.prefix());
    assert!(!created.view.expired);
    let tables = db.tables();
    assert_eq!(tables.api_keys[&created.view.key.id], created.view.key);
    assert_eq!(
        tables.key_digests,
        [(created.secret.digest(), created.view.key.id)]
    );
    let principal = authenticator(&db, &credentials)
        .authenticate(Some(secret))
        .await
        .unwrap();
    assert_eq!(
        (
            principal.api_key_id,
            principal.user_id,
            principal.account_id
        ),
        (created.view.key.id, member.id, home.id)
    );
    assert!(!principal.super_admin);
}

#[tokio::test]
async fn a_key_is_only_for_a_live_user_of_the_named_account() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let outsider = db.user(other.id, "outsider@example.com", false);
    let uses = keys(&db, &credential_cache());
    let misplaced = CreateApiKey {
        account_id: home.id,
        ..for_user(&outsider, None)
    };
    assert!(matches!(
        uses.create(&superadmin(), misplaced).await,
        Err(CreateApiKeyError::UserNotFound)
    ));
    let gone = db.user(home.id, "gone@example.com", false);
    db.seed(|tables| {
        if let Some(user) = tables.users.get_mut(&gone.id) {
            user.deleted_at = Some(now());
        }
    });
    assert!(matches!(
        uses.create(&superadmin(), for_user(&gone, None)).await,
        Err(CreateApiKeyError::UserNotFound)
    ));
    assert!(db.tables().api_keys.is_empty());
}

#[tokio::test]
async fn an_admin_may_not_mint_a_key_for_a_superadmin_or_for_another_account() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let root = db.user(home.id, "root@example.com", true);
    let other = db.account("Other");
    let outsider = db.user(other.id, "outsider@example.com", false);
    let uses = keys(&db, &credential_cache());
    for input in [for_user(&root, None), for_user(&outsider, None)] {
        assert!(matches!(
            uses.create(&admin_of(home.id), input).await,
            Err(CreateApiKeyError::Forbidden(_))
        ));
    }
    assert!(db.tables().api_keys.is_empty());
}

#[tokio::test]
async fn an_expiry_must_lie_in_the_future() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let uses = keys(&db, &credential_cache());
    for past in [now(), seconds_from_now(-60)] {
        assert!(matches!(
            uses.create(&admin_of(home.id), for_user(&member, Some(past)))
                .await,
            Err(CreateApiKeyError::ExpiryNotInFuture(_))
        ));
    }
    let later = uses
        .create(
            &admin_of(home.id),
            for_user(&member, Some(seconds_from_now(60))),
        )
        .await
        .unwrap();
    assert_eq!(later.view.key.expires_at, Some(seconds_from_now(60)));
}

#[tokio::test]
async fn revocation_is_final_and_stops_the_key_at_once_even_when_cached() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (key, secret) = db.key(&member, 5);
    let credentials = credential_cache();
    let auth = authenticator(&db, &credentials);
    auth.authenticate(Some(secret.expose())).await.unwrap();
    let uses = keys(&db, &credentials);
    let status = |status| ApiKeyChanges {
        status: Some(status),
        ..ApiKeyChanges::default()
    };
    let revoked = uses
        .update(
            &admin_of(home.id),
            key.id,
            status(ApiKeyStatus::Revoked),
            IfMatch::anything(),
        )
        .await
        .unwrap();
    assert_eq!(revoked.key.status, ApiKeyStatus::Revoked);
    assert!(matches!(
        auth.authenticate(Some(secret.expose())).await,
        Err(AuthError::Invalid)
    ));
    assert!(matches!(
        uses.update(
            &admin_of(home.id),
            key.id,
            status(ApiKeyStatus::Active),
            IfMatch::anything()
        )
        .await,
        Err(UpdateApiKeyError::Reactivation)
    ));
    let tables = db.tables();
    assert_eq!(tables.api_keys[&key.id].status, ApiKeyStatus::Revoked);
    assert_eq!(tables.announced, [Revocation::Key(key.id)]);
}

#[tokio::test]
async fn another_accounts_key_cannot_be_read_changed_or_erased() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let outsider = db.user(other.id, "outsider@example.com", false);
    let (key, _) = db.key(&outsider, 6);
    let uses = keys(&db, &credential_cache());
    let admin = admin_of(home.id);
    assert!(matches!(
        uses.get(&admin, key.id).await,
        Err(LookupError::Forbidden(_))
    ));
    assert!(matches!(
        uses.update(
            &admin,
            key.id,
            ApiKeyChanges::default(),
            IfMatch::anything()
        )
        .await,
        Err(UpdateApiKeyError::Forbidden(_))
    ));
    assert!(matches!(
        uses.delete(&admin, key.id, IfMatch::anything()).await,
        Err(ChangeError::Forbidden(_))
    ));
    assert_eq!(db.tables().api_keys[&key.id], key);
}

#[tokio::test]
async fn a_soft_deleted_key_reads_as_missing_and_stops_while_an_erased_key_is_gone() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (key, secret) = db.key(&member, 7);
    let credentials = credential_cache();
    let auth = authenticator(&db, &credentials);
    let uses = keys(&db, &credentials);
    let admin = admin_of(home.id);
    let deleted = |deleted| ApiKeyChanges {
        deleted: Some(deleted),
        ..ApiKeyChanges::default()
    };
    uses.update(&admin, key.id, deleted(true), IfMatch::anything())
        .await
        .unwrap();
    assert!(matches!(
        uses.get(&admin, key.id).await,
        Err(LookupError::NotFound(_))
    ));
    assert!(matches!(
        auth.authenticate(Some(secret.expose())).await,
        Err(AuthError::Invalid)
    ));
    uses.update(&admin, key.id, deleted(false), IfMatch::anything())
        .await
        .unwrap();
    auth.authenticate(Some(secret.expose())).await.unwrap();
    uses.delete(&admin, key.id, IfMatch::anything())
        .await
        .unwrap();
    assert!(!db.tables().api_keys.contains_key(&key.id));
    assert!(matches!(
        uses.delete(&admin, key.id, IfMatch::anything()).await,
        Err(ChangeError::NotFound(_))
    ));
    assert!(matches!(
        auth.authenticate(Some(secret.expose())).await,
        Err(AuthError::Invalid)
    ));
}

#[tokio::test]
async fn a_list_filters_by_expiry_as_of_the_request() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (lasting, _) = db.key(&member, 8);
    let (lapsed, _) = db.key(&member, 9);
    db.seed(|tables| {
        if let Some(key) = tables.api_keys.get_mut(&lapsed.id) {
            key.expires_at = Some(now());
        }
    });
    let uses = keys(&db, &credential_cache());
    let list = |expired| ListApiKeys {
        expired,
        page: PageParams {
            limit: Limit::new(10).unwrap(),
            sort: roster_domain::pagination::Sort::default_sort(),
            cursor: None,
            include_total: true,
        },
        ..ListApiKeys::default()
    };
    let admin = admin_of(home.id);
    let expired = uses.list(&admin, list(Some(true))).await.unwrap();
    assert_eq!(
        expired
            .page
            .items
            .iter()
            .map(|view| (view.key.id, view.expired))
            .collect::<Vec<_>>(),
        [(lapsed.id, true)]
    );
    let current = uses.list(&admin, list(Some(false))).await.unwrap();
    assert_eq!(current.page.items.len(), 1);
    assert_eq!(current.page.items[0].key.id, lasting.id);
    let all = uses.list(&admin, list(None)).await.unwrap();
    assert_eq!(all.total.map(|total| total.value), Some(2));
}

#[tokio::test]
async fn authentication_refuses_what_is_absent_foreign_or_unknown() {
    let db = FakeDb::default();
    let auth = authenticator(&db, &credential_cache());
    for presented in [None, Some(""), Some("   ")] {
        assert!(matches!(
            auth.authenticate(presented).await,
            Err(AuthError::Missing)
        ));
    }
    let unknown = roster_domain::api_key::ApiKeySecret::from_random_bytes([1; 32]);
    let too_long = format!("ldr_{}", "a".repeat(300));
    for presented in ["Bearer something", unknown.expose(), &too_long] {
        assert!(matches!(
            auth.authenticate(Some(presented)).await,
            Err(AuthError::Invalid)
        ));
    }
    // Refused without a lookup: a key that cannot be ours does not reach the database.
    db.set_down(true);
    assert!(matches!(
        auth.authenticate(Some("Bearer something")).await,
        Err(AuthError::Invalid)
    ));
    assert!(matches!(
        auth.authenticate(Some(unknown.expose())).await,
        Err(AuthError::Store(StoreError::Unavailable(_)))
    ));
}

#[tokio::test]
async fn a_keys_use_is_recorded_at_most_once_a_minute() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (key, secret) = db.key(&member, 10);
    let clock = ManualClock::default();
    let uses = RecordedUses::default();
    let auth = Authenticator::new(db.clone(), clock.clone(), uses.clone(), credential_cache());
    for _ in 0..3 {
        auth.authenticate(Some(secret.expose())).await.unwrap();
        clock.advance(20);
    }
    auth.authenticate(Some(secret.expose())).await.unwrap();
    assert_eq!(
        uses.all(),
        [(key.id, now()), (key.id, seconds_from_now(60))]
    );
}

#[tokio::test]
async fn an_expired_key_stops_authenticating_when_its_expiry_passes() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (key, secret) = db.key(&member, 11);
    db.seed(|tables| {
        if let Some(stored) = tables.api_keys.get_mut(&key.id) {
            stored.expires_at = Some(seconds_from_now(30));
        }
    });
    let clock = ManualClock::default();
    let auth = Authenticator::new(
        db.clone(),
        clock.clone(),
        RecordedUses::default(),
        credential_cache(),
    );
    auth.authenticate(Some(secret.expose())).await.unwrap();
    clock.advance(30);
    assert!(matches!(
        auth.authenticate(Some(secret.expose())).await,
        Err(AuthError::Invalid)
    ));
}
