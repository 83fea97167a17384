//! The user use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use std::sync::Arc;

use roster_domain::UserId;
use roster_domain::etag::IfMatch;
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;
use roster_domain::superadmin::{self, LastSuperadmin};
use roster_domain::user::{User, UserChanges, UserSortField};

use crate::auth::CredentialCache;
use crate::boxed::use_case_trait;
use crate::lookup::LookupError;
use crate::pagination::{ListError, Listing};
use crate::ports::{
    AccountRows, AuditTrail, Clock, Database, Excluding, ListRows, Revocations, StoreError,
    SuperadminRows, UserFilter, UserRows,
};

pub use create::{CreateUser, CreateUserError};
pub use delete::DeleteUserError;
pub use list::ListUsers;
pub use update::UpdateUserError;

/// What the user use cases need of a connection.
pub trait UserConn:
    UserRows
    + AccountRows
    + SuperadminRows
    + Revocations
    + AuditTrail
    + ListRows<User, UserSortField, UserFilter>
{
}

impl<T> UserConn for T where
    T: UserRows
        + AccountRows
        + SuperadminRows
        + Revocations
        + AuditTrail
        + ListRows<User, UserSortField, UserFilter>
{
}

/// A database whose connections offer what the users use cases need: the one bound
/// their impls and the use-case trait state.
pub trait UserDb: Database<Conn: UserConn> {}

impl<D: Database<Conn: UserConn>> UserDb for D {}

/// The user use cases over a database and a clock.
#[derive(Debug)]
pub struct Users<D, C> {
    db: D,
    clock: C,
    cursors: CursorCodec,
    credentials: Arc<CredentialCache>,
}

impl<D: UserDb, C: Clock> Users<D, C> {
    /// The use cases over `db`, telling time by `clock`, signing cursors with `cursors`, and
    /// invalidating `credentials` when a user's keys may stop (or start) working.
    pub fn new(db: D, clock: C, cursors: CursorCodec, credentials: Arc<CredentialCache>) -> Self {
        Self {
            db,
            clock,
            cursors,
            credentials,
        }
    }
}

/// Refuses changing (`after` is `Some`) or erasing (`None`) `before` when that would leave no
/// usable superadmin. Counted, under the census lock, only when the change can remove one.
async fn keep_a_superadmin<C: SuperadminRows + AccountRows, E>(
    tx: &mut C,
    before: &User,
    after: Option<&User>,
) -> Result<(), E>
where
    E: From<StoreError> + From<LastSuperadmin>,
{
    if !superadmin::may_remove_user(before, after) {
        return Ok(());
    }
    tx.lock_superadmins().await?;
    let account_usable = tx
        .account(before.account_id)
        .await?
        .is_some_and(|account| account.is_usable());
    let others = tx.usable_superadmins(Excluding::User(before.id)).await?;
    superadmin::ensure_one_remains(
        u64::from(before.is_usable_superadmin(account_usable)),
        u64::from(after.is_some_and(|after| after.is_usable_superadmin(account_usable))),
        others,
    )?;
    Ok(())
}

use_case_trait! {
    /// The user use cases as the HTTP adapter drives them.
    pub trait UserUseCases for Users<D, C> where { D: UserDb, C: Clock } {
        /// Creates a user in an account.
        fn create(principal: &'a Principal, input: CreateUser) -> Result<User, CreateUserError>
            = create_user;
        /// Lists the users the principal may see.
        fn list(principal: &'a Principal, query: ListUsers)
            -> Result<Listing<User>, ListError> = list_users;
        /// Reads one user.
        fn get(principal: &'a Principal, id: UserId) -> Result<User, LookupError> = get_user;
        /// Changes a user, if it still has a tag `if_match` names.
        fn update(principal: &'a Principal, id: UserId, changes: UserChanges, if_match: IfMatch)
            -> Result<User, UpdateUserError> = update_user;
        /// Erases a user with its API keys, if it still has a tag `if_match` names.
        fn delete(principal: &'a Principal, id: UserId, if_match: IfMatch)
            -> Result<(), DeleteUserError> = delete_user;
    }
}

#[cfg(test)]
mod tests;
