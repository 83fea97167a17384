//! The user use cases on the in-memory fakes: policy, the superadmin census, error contracts,
//! what they write and what they revoke.

use roster_domain::account::AccountStatus;
use roster_domain::etag::IfMatch;
use roster_domain::pagination::Limit;
use roster_domain::user::{DisplayName, Email, UserStatus};

use super::*;
use crate::auth::{AuthError, Authenticate, Authenticator};
use crate::fakes::{
    FakeDb, FixedClock, RecordedUses, admin_of, credential_cache, cursors, now, superadmin,
};
use crate::lookup::LookupError;
use crate::pagination::PageParams;
use crate::ports::{Revocation, StoreError};

fn users(db: &FakeDb, credentials: &Arc<CredentialCache>) -> Users<FakeDb, FixedClock> {
    Users::new(db.clone(), FixedClock, cursors(), Arc::clone(credentials))
}

fn new_user(account: roster_domain::AccountId, email: &str, super_admin: bool) -> CreateUser {
    CreateUser {
        account_id: account,
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse("Someone").unwrap(),
        status: None,
        super_admin,
    }
}

fn demote() -> UserChanges {
    UserChanges {
        super_admin: Some(false),
        ..UserChanges::default()
    }
}

/// A superadmin acting as another user than the ones a test changes.
fn operator() -> roster_domain::principal::Principal {
    superadmin()
}

#[tokio::test]
async fn an_admin_creates_users_in_their_account_and_emails_are_unique_ignoring_case() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let uses = users(&db, &credential_cache());
    let admin = admin_of(home.id);
    let ada = uses
        .create(&admin, new_user(home.id, "ada@example.com", false))
        .await
        .unwrap();
    assert_eq!((ada.status, ada.created_at), (UserStatus::Active, now()));
    assert_eq!(db.tables().users.get(&ada.id), Some(&ada));
    assert!(matches!(
        uses.create(&admin, new_user(home.id, "ADA@example.com", false))
            .await,
        Err(CreateUserError::EmailTaken)
    ));
    assert_eq!(db.tables().users.len(), 1);
    // The same email is free in another account.
    let other = db.account("Other");
    uses.create(&operator(), new_user(other.id, "ada@example.com", false))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_admin_may_not_create_a_superadmin_or_a_user_elsewhere() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let uses = users(&db, &credential_cache());
    let admin = admin_of(home.id);
    for input in [
        new_user(home.id, "root@example.com", true),
        new_user(other.id, "someone@example.com", false),
    ] {
        assert!(matches!(
            uses.create(&admin, input).await,
            Err(CreateUserError::Forbidden(_))
        ));
    }
    assert!(db.tables().users.is_empty());
}

#[tokio::test]
async fn a_missing_or_deleted_account_gets_no_user() {
    let db = FakeDb::default();
    let gone = db.account("Gone");
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&gone.id) {
            account.deleted_at = Some(now());
        }
    });
    let uses = users(&db, &credential_cache());
    for account in [gone.id, roster_domain::AccountId::new()] {
        assert!(matches!(
            uses.create(&operator(), new_user(account, "a@example.com", false))
                .await,
            Err(CreateUserError::AccountNotFound)
        ));
    }
}

#[tokio::test]
async fn the_first_superadmin_is_created_once() {
    let db = FakeDb::default();
    let root = db.account("Root");
    let uses = users(&db, &credential_cache());
    assert!(!uses.superadmin_exists().await.unwrap());
    let first = uses
        .create_first_superadmin(&operator(), new_user(root.id, "root@example.com", false))
        .await
        .unwrap();
    assert!(first.super_admin);
    assert!(uses.superadmin_exists().await.unwrap());
    assert!(matches!(
        uses.create_first_superadmin(&operator(), new_user(root.id, "two@example.com", false))
            .await,
        Err(CreateUserError::SuperadminExists)
    ));
    assert_eq!(db.tables().users.len(), 1);
}

#[tokio::test]
async fn an_admin_reads_but_does_not_change_a_superadmin_of_their_account() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let root = db.user(home.id, "root@example.com", true);
    let uses = users(&db, &credential_cache());
    let admin = admin_of(home.id);
    assert_eq!(uses.get(&admin, root.id).await.unwrap(), root);
    let rename = UserChanges {
        display_name: Some(DisplayName::parse("Renamed").unwrap()),
        ..UserChanges::default()
    };
    assert!(matches!(
        uses.update(&admin, root.id, rename, IfMatch::anything())
            .await,
        Err(UpdateUserError::Forbidden(_))
    ));
    assert!(matches!(
        uses.delete(&admin, root.id, IfMatch::anything()).await,
        Err(DeleteUserError::Forbidden(_))
    ));
    assert!(matches!(
        uses.get(&admin_of(db.account("Other").id), root.id).await,
        Err(LookupError::Forbidden(_))
    ));
}

#[tokio::test]
async fn the_last_usable_superadmin_cannot_be_demoted_suspended_or_erased() {
    let db = FakeDb::default();
    let root = db.account("Root");
    let only = db.user(root.id, "root@example.com", true);
    let uses = users(&db, &credential_cache());
    let suspend = UserChanges {
        status: Some(UserStatus::Suspended),
        ..UserChanges::default()
    };
    let delete = UserChanges {
        deleted: Some(true),
        ..UserChanges::default()
    };
    for changes in [demote(), suspend.clone(), delete] {
        assert!(matches!(
            uses.update(&operator(), only.id, changes, IfMatch::anything())
                .await,
            Err(UpdateUserError::LastSuperadmin(_))
        ));
    }
    assert!(matches!(
        uses.delete(&operator(), only.id, IfMatch::anything()).await,
        Err(DeleteUserError::LastSuperadmin(_))
    ));
    // A rename removes nobody, and needs no census.
    let rename = UserChanges {
        display_name: Some(DisplayName::parse("Root").unwrap()),
        ..UserChanges::default()
    };
    uses.update(&operator(), only.id, rename, IfMatch::anything())
        .await
        .unwrap();

    let second = db.user(root.id, "second@example.com", true);
    let suspended = uses
        .update(&operator(), only.id, suspend, IfMatch::anything())
        .await
        .unwrap();
    assert_eq!(suspended.status, UserStatus::Suspended);
    // Now `second` is the last one.
    assert!(matches!(
        uses.delete(&operator(), second.id, IfMatch::anything())
            .await,
        Err(DeleteUserError::LastSuperadmin(_))
    ));
}

#[tokio::test]
async fn a_superadmin_of_a_suspended_account_is_no_spare() {
    let db = FakeDb::default();
    let root = db.account("Root");
    let only = db.user(root.id, "root@example.com", true);
    let parked = db.account("Parked");
    db.user(parked.id, "parked@example.com", true);
    db.seed(|tables| {
        if let Some(account) = tables.accounts.get_mut(&parked.id) {
            account.status = AccountStatus::Suspended;
        }
    });
    let uses = users(&db, &credential_cache());
    assert!(matches!(
        uses.update(&operator(), only.id, demote(), IfMatch::anything())
            .await,
        Err(UpdateUserError::LastSuperadmin(_))
    ));
}

#[tokio::test]
async fn nobody_changes_their_own_status() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let me = db.user(home.id, "me@example.com", false);
    let principal = roster_domain::principal::Principal {
        user_id: me.id,
        ..admin_of(home.id)
    };
    let suspend = UserChanges {
        status: Some(UserStatus::Suspended),
        ..UserChanges::default()
    };
    assert!(matches!(
        users(&db, &credential_cache())
            .update(&principal, me.id, suspend, IfMatch::anything())
            .await,
        Err(UpdateUserError::Forbidden(_))
    ));
}

#[tokio::test]
async fn a_change_to_a_taken_email_is_a_conflict_and_writes_nothing() {
    let db = FakeDb::default();
    let home = db.account("Home");
    db.user(home.id, "ada@example.com", false);
    let bob = db.user(home.id, "bob@example.com", false);
    let uses = users(&db, &credential_cache());
    let to_ada = UserChanges {
        email: Some(Email::parse("Ada@Example.com").unwrap()),
        ..UserChanges::default()
    };
    assert!(matches!(
        uses.update(&admin_of(home.id), bob.id, to_ada, IfMatch::anything())
            .await,
        Err(UpdateUserError::EmailTaken)
    ));
    let tables = db.tables();
    assert_eq!(tables.users[&bob.id], bob);
    assert!(tables.announced.is_empty());
}

#[tokio::test]
async fn suspending_a_user_stops_their_keys_at_once_and_erasing_takes_the_keys_too() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let (key, secret) = db.key(&member, 3);
    let credentials = credential_cache();
    let auth = Authenticator::new(
        db.clone(),
        FixedClock,
        RecordedUses::default(),
        Arc::clone(&credentials),
    );
    auth.authenticate(Some(secret.expose())).await.unwrap();
    let uses = users(&db, &credentials);
    let suspend = UserChanges {
        status: Some(UserStatus::Suspended),
        ..UserChanges::default()
    };
    uses.update(&admin_of(home.id), member.id, suspend, IfMatch::anything())
        .await
        .unwrap();
    assert!(matches!(
        auth.authenticate(Some(secret.expose())).await,
        Err(AuthError::Invalid)
    ));
    uses.delete(&admin_of(home.id), member.id, IfMatch::anything())
        .await
        .unwrap();
    let tables = db.tables();
    assert!(!tables.users.contains_key(&member.id));
    assert!(!tables.api_keys.contains_key(&key.id));
    assert_eq!(
        tables.announced,
        [Revocation::User(member.id), Revocation::User(member.id)]
    );
}

#[tokio::test]
async fn a_soft_deleted_user_reads_as_missing_until_restored() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    let uses = users(&db, &credential_cache());
    let admin = admin_of(home.id);
    let deleted = |deleted: bool| UserChanges {
        deleted: Some(deleted),
        ..UserChanges::default()
    };
    uses.update(&admin, member.id, deleted(true), IfMatch::anything())
        .await
        .unwrap();
    assert!(matches!(
        uses.get(&admin, member.id).await,
        Err(LookupError::NotFound(_))
    ));
    assert!(matches!(
        uses.update(&admin, member.id, demote(), IfMatch::anything())
            .await,
        Err(UpdateUserError::NotFound)
    ));
    let restored = uses
        .update(&admin, member.id, deleted(false), IfMatch::anything())
        .await
        .unwrap();
    assert_eq!(uses.get(&admin, member.id).await.unwrap(), restored);
}

#[tokio::test]
async fn a_list_is_scoped_to_the_admins_account_and_finds_an_email_ignoring_case() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let other = db.account("Other");
    let ada = db.user(home.id, "ada@example.com", false);
    db.user(home.id, "bob@example.com", false);
    db.user(other.id, "carol@example.com", false);
    let uses = users(&db, &credential_cache());
    let admin = admin_of(home.id);
    let page = PageParams {
        limit: Limit::new(10).unwrap(),
        sort: roster_domain::pagination::Sort::parse("email:asc").unwrap(),
        cursor: None,
        include_total: true,
    };
    let own = uses
        .list(
            &admin,
            ListUsers {
                page: page.clone(),
                ..ListUsers::default()
            },
        )
        .await
        .unwrap();
    let emails: Vec<&str> = own.page.items.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["ada@example.com", "bob@example.com"]);
    assert_eq!(own.total.map(|total| total.value), Some(2));
    let found = uses
        .list(
            &admin,
            ListUsers {
                email: Some(" ADA@example.com ".to_owned()),
                ..ListUsers::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.page.items, [ada]);
    assert!(matches!(
        uses.list(
            &admin,
            ListUsers {
                account_id: Some(other.id),
                ..ListUsers::default()
            }
        )
        .await,
        Err(ListError::Forbidden(_))
    ));
    let everyone = uses
        .list(
            &superadmin(),
            ListUsers {
                page,
                ..ListUsers::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(everyone.page.items.len(), 3);
}

#[tokio::test]
async fn an_unavailable_database_fails_every_user_use_case_as_unavailable() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let member = db.user(home.id, "member@example.com", false);
    db.set_down(true);
    let uses = users(&db, &credential_cache());
    assert!(matches!(
        uses.get(&superadmin(), member.id).await,
        Err(LookupError::Store(StoreError::Unavailable(_)))
    ));
    assert!(matches!(
        uses.delete(&superadmin(), member.id, IfMatch::anything())
            .await,
        Err(DeleteUserError::Store(StoreError::Unavailable(_)))
    ));
}

#[tokio::test]
async fn a_change_records_one_event_with_its_actor_and_request_and_a_refused_one_none() {
    use roster_domain::audit::{Actor, AuditAction, RequestId, TargetKind};

    let db = FakeDb::default();
    let home = db.account("Home");
    let uses = users(&db, &credential_cache());
    let admin = admin_of(home.id);
    let request = RequestId::parse("req-7").unwrap();
    let ada = crate::audit::in_request(
        request.clone(),
        uses.create(&admin, new_user(home.id, "ada@example.com", false)),
    )
    .await
    .unwrap();
    let refused = uses
        .create(&admin, new_user(home.id, "ADA@example.com", false))
        .await;
    assert!(matches!(refused, Err(CreateUserError::EmailTaken)));

    let events = db.tables().events;
    assert_eq!(events.len(), 1, "the refused creation left none");
    let event = &events[0];
    assert_eq!(event.action, AuditAction::UserCreated);
    assert_eq!(
        event.actor,
        Actor::User {
            user_id: admin.user_id,
            api_key_id: admin.api_key_id
        }
    );
    assert_eq!(event.target.kind, TargetKind::User);
    assert_eq!(event.target.id, ada.id.to_string());
    assert_eq!(event.account_id, Some(home.id));
    assert_eq!(event.request_id, Some(request));
    assert_eq!(
        event.changes.to_json()["email"],
        serde_json::json!({"before": null, "after": "ada@example.com"})
    );

    // An update records what it changed, and only that.
    let changes = UserChanges {
        display_name: Some(DisplayName::parse("Ada L").unwrap()),
        ..UserChanges::default()
    };
    uses.update(&admin, ada.id, changes, IfMatch::anything())
        .await
        .unwrap();
    let events = db.tables().events;
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].action, AuditAction::UserUpdated);
    assert_eq!(events[1].request_id, None, "outside any request");
    assert_eq!(
        events[1].changes.to_json(),
        serde_json::json!({"display_name": {"before": "Someone", "after": "Ada L"}})
    );
}

#[tokio::test]
async fn a_change_the_census_refuses_records_no_event() {
    let db = FakeDb::default();
    let home = db.account("Home");
    let root = db.user(home.id, "root@example.com", true);
    let uses = users(&db, &credential_cache());
    // Demoting the only superadmin is refused after the user was locked and changed.
    let refused = uses
        .update(&superadmin(), root.id, demote(), IfMatch::anything())
        .await;
    assert!(matches!(refused, Err(UpdateUserError::LastSuperadmin(_))));
    assert!(db.tables().events.is_empty());
}
