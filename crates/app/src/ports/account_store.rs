//! Accounts in storage: the store primitives a connection offers for them.

use std::future::Future;

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountStatus};
use roster_domain::etag::Version;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::{Slug, SlugBase};

use super::{StoreError, WriteError};

/// Which non-deleted accounts a list or a count covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// Only this account.
    pub only: Option<AccountId>,
    /// Only accounts with this status.
    pub status: Option<AccountStatus>,
    /// Only accounts whose name or slug starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
}

/// Why an account could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum AccountInsertError {
    /// Another account that is not deleted has the slug.
    #[error("the slug is taken")]
    SlugTaken,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The account primitives of a connection.
pub trait AccountRows: Send {
    /// Inserts a new account.
    ///
    /// MUST return `SlugTaken`, and insert nothing, when an account that is not deleted has the
    /// same slug, as decided by a unique constraint (never by a prior read).
    fn insert_account(
        &mut self,
        account: &Account,
    ) -> impl Future<Output = Result<(), AccountInsertError>> + Send;

    /// The slugs of accounts not deleted that are `base` or start with `base-`, at most `limit`.
    fn account_slugs_like(
        &mut self,
        base: &SlugBase,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Slug>, StoreError>> + Send;

    /// The account with `id`, deleted or not.
    fn account(
        &mut self,
        id: AccountId,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// The account not deleted whose slug is `slug`.
    fn account_by_slug(
        &mut self,
        slug: &Slug,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// The account with `id`, deleted or not, locked until the transaction ends.
    fn lock_account(
        &mut self,
        id: AccountId,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Writes `account` over the stored account with its id.
    ///
    /// MUST return `Conflict` when its slug collides with another account that is not deleted.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_account(
        &mut self,
        account: &Account,
    ) -> impl Future<Output = Result<Version, WriteError>> + Send;

    /// Erases the account with `id` and everything that belongs to it; whether there was one.
    fn delete_account(
        &mut self,
        id: AccountId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
