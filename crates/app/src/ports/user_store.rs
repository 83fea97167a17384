//! Users in storage.

use std::future::Future;

use roster_domain::pagination::{Scan, Total};
use roster_domain::search::SearchPrefix;
use roster_domain::user::{User, UserSortField, UserStatus};
use roster_domain::{AccountId, UserId};

use super::{ChangeError, StoreError, UserCensus};

/// Which non-deleted users a list or a count covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// Only users of this account.
    pub account: Option<AccountId>,
    /// Only the user with this email, compared case-insensitively (given lowercased).
    pub email: Option<String>,
    /// Only users with this status.
    pub status: Option<UserStatus>,
    /// Only users whose email or display name starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
}

/// Why a user could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum UserInsertError {
    /// A user of the same account that is not deleted has the email (ignoring case).
    #[error("the email is taken")]
    EmailTaken,
    /// The account does not exist.
    #[error("the account does not exist")]
    AccountMissing,
    /// A superadmin exists (only for [`UserStore::insert_first_superadmin`]).
    #[error("a superadmin exists already")]
    SuperadminExists,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores users.
pub trait UserStore: Send + Sync + 'static {
    /// Inserts a new user.
    ///
    /// MUST return `EmailTaken` when a live user of the account has the email (a unique
    /// constraint decides, ignoring case) and `AccountMissing` when the account does not exist,
    /// inserting nothing.
    fn insert(&self, user: &User) -> impl Future<Output = Result<(), UserInsertError>> + Send;

    /// Inserts `user` (a superadmin) only if no live superadmin exists, serialized against
    /// concurrent calls: the bootstrap of an empty system.
    ///
    /// MUST return `SuperadminExists`, inserting nothing, when one exists; otherwise as
    /// [`UserStore::insert`].
    fn insert_first_superadmin(
        &self,
        user: &User,
    ) -> impl Future<Output = Result<(), UserInsertError>> + Send;

    /// Whether a live superadmin exists.
    fn superadmin_exists(&self) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The user with `id`, deleted or not.
    fn get(&self, id: UserId) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// In one transaction, serialized against every change that could remove a superadmin:
    /// locks the user with `id`, passes it and its superadmin census to `change`, and writes
    /// back the user `change` returns.
    ///
    /// MUST return `NotFound` when there is no such user, `Rejected` with `change`'s error, and
    /// `Conflict` when the written email collides (ignoring case) with a live user of the same
    /// account; in every error case nothing is written.
    fn update<E, F>(
        &self,
        id: UserId,
        change: F,
    ) -> impl Future<Output = Result<User, ChangeError<E>>> + Send
    where
        F: FnOnce(User, UserCensus) -> Result<User, E> + Send + 'static,
        E: Send + 'static;

    /// In one transaction, serialized like [`UserStore::update`]: passes the user with `id`
    /// (deleted or not) and its census to `allow`, then erases it with its API keys.
    ///
    /// MUST return `NotFound` when there is no such user and `Rejected` with `allow`'s error,
    /// erasing nothing.
    fn delete<E, F>(
        &self,
        id: UserId,
        allow: F,
    ) -> impl Future<Output = Result<(), ChangeError<E>>> + Send
    where
        F: FnOnce(&User, UserCensus) -> Result<(), E> + Send + 'static,
        E: Send + 'static;

    /// The live users that match `filter`, as `scan` asks.
    fn list(
        &self,
        filter: &UserFilter,
        scan: Scan<'_, UserSortField>,
    ) -> impl Future<Output = Result<Vec<User>, StoreError>> + Send;

    /// How many live users match `filter`: exact up to the domain's limit, an estimate above.
    fn count(&self, filter: &UserFilter) -> impl Future<Output = Result<Total, StoreError>> + Send;
}
