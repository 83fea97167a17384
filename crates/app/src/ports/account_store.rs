//! Accounts in storage.

use std::future::Future;

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField, AccountStatus};
use roster_domain::pagination::{Scan, Total};
use roster_domain::search::SearchPrefix;
use roster_domain::slug::{Slug, SlugBase};

use super::{AccountCensus, ChangeError, StoreError};

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
    /// The account with `id`, deleted or not.
    fn account(
        &mut self,
        id: AccountId,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;
}

/// Stores accounts.
pub trait AccountStore: Send + Sync + 'static {
    /// Inserts a new account.
    ///
    /// MUST return `SlugTaken`, and insert nothing, when an account that is not deleted has the
    /// same slug, as decided by a unique constraint (never by a prior read).
    fn insert(
        &self,
        account: &Account,
    ) -> impl Future<Output = Result<(), AccountInsertError>> + Send;

    /// The slugs of accounts not deleted that are `base` or start with `base-`, at most `limit`.
    fn slugs_like(
        &self,
        base: &SlugBase,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Slug>, StoreError>> + Send;

    /// The account with `id`, deleted or not.
    fn get(
        &self,
        id: AccountId,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// The account not deleted whose slug is `slug`.
    fn find_by_slug(
        &self,
        slug: &Slug,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// In one transaction, serialized against every change that could remove a superadmin:
    /// locks the account with `id`, passes it and its superadmin census to `change`, and writes
    /// back the account `change` returns.
    ///
    /// MUST return `NotFound` when there is no such account, `Rejected` with `change`'s error,
    /// and `Conflict` when the written slug collides; in every error case nothing is written.
    fn update<E, F>(
        &self,
        id: AccountId,
        change: F,
    ) -> impl Future<Output = Result<Account, ChangeError<E>>> + Send
    where
        F: FnOnce(Account, AccountCensus) -> Result<Account, E> + Send + 'static,
        E: Send + 'static;

    /// In one transaction, serialized like [`AccountStore::update`]: passes the account with
    /// `id` (deleted or not) and its census to `allow`, then erases it and everything that
    /// belongs to it.
    ///
    /// MUST return `NotFound` when there is no such account and `Rejected` with `allow`'s error,
    /// erasing nothing.
    fn delete<E, F>(
        &self,
        id: AccountId,
        allow: F,
    ) -> impl Future<Output = Result<(), ChangeError<E>>> + Send
    where
        F: FnOnce(&Account, AccountCensus) -> Result<(), E> + Send + 'static,
        E: Send + 'static;

    /// The accounts not deleted that match `filter`, as `scan` asks: beyond its position in
    /// scan order, ordered by its keys, at most `scan.fetch` of them.
    fn list(
        &self,
        filter: &AccountFilter,
        scan: Scan<'_, AccountSortField>,
    ) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;

    /// How many accounts not deleted match `filter`: exact up to the domain's limit, an estimate
    /// above it, never an unbounded count.
    fn count(
        &self,
        filter: &AccountFilter,
    ) -> impl Future<Output = Result<Total, StoreError>> + Send;
}
