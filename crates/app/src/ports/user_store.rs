//! Users in storage, and the superadmin census: the store primitives a connection offers.

use std::future::Future;

use roster_domain::etag::Version;
use roster_domain::search::SearchPrefix;
use roster_domain::user::{User, UserStatus};
use roster_domain::{AccountId, UserId};

use super::{StoreError, WriteError};

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
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The user primitives of a connection.
pub trait UserRows: Send {
    /// Inserts a new user.
    ///
    /// MUST return `EmailTaken` when a live user of the account has the email (a unique
    /// constraint decides, ignoring case) and `AccountMissing` when the account does not exist,
    /// inserting nothing.
    fn insert_user(
        &mut self,
        user: &User,
    ) -> impl Future<Output = Result<(), UserInsertError>> + Send;

    /// The user with `id`, deleted or not.
    fn user(&mut self, id: UserId)
    -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// The user with `id`, deleted or not, locked until the transaction ends.
    fn lock_user(
        &mut self,
        id: UserId,
    ) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Writes `user` over the stored user with its id.
    ///
    /// MUST return `Conflict` when its email collides (ignoring case) with another live user
    /// of the account.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_user(
        &mut self,
        user: &User,
    ) -> impl Future<Output = Result<Version, WriteError>> + Send;

    /// Erases the user with `id` and its API keys; whether there was one.
    fn delete_user(&mut self, id: UserId) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// Whose superadmins a census leaves out: what a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluding {
    /// This user.
    User(UserId),
    /// Every user of this account.
    Account(AccountId),
}

/// The superadmin census: what keeps the system from being locked out.
pub trait SuperadminRows: Send {
    /// Serializes, until the transaction ends, every change that could remove a usable
    /// superadmin, so that two of them never judge "is another one left?" from the same
    /// snapshot.
    fn lock_superadmins(&mut self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// How many usable superadmins (`User::is_usable_superadmin` in a usable account) there
    /// are besides those `excluding` names.
    fn usable_superadmins(
        &mut self,
        excluding: Excluding,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// How many superadmins of `account` are active and live (usable while the account is).
    fn active_superadmins_of(
        &mut self,
        account: AccountId,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Whether any superadmin that is not deleted exists.
    fn any_superadmin(&mut self) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
