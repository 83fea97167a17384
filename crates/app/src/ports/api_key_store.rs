//! API keys in storage.

use std::future::Future;

use roster_domain::api_key::{ApiKey, ApiKeySortField, ApiKeyStatus, NewApiKey};
use roster_domain::pagination::{Scan, Total};
use roster_domain::{AccountId, ApiKeyId, Timestamp, UserId};

use super::{ChangeError, StoreError};

/// Which non-deleted keys a list or a count covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyFilter {
    /// Only keys of this account.
    pub account: Option<AccountId>,
    /// Only keys of this user.
    pub user: Option<UserId>,
    /// Only keys with this status.
    pub status: Option<ApiKeyStatus>,
    /// Only keys whose expiry has passed at `now` (`true`) or has not (`false`; keys that never
    /// expire among them).
    pub expired: Option<bool>,
    /// The instant `expired` is judged at.
    pub now: Timestamp,
}

/// Why a key could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum ApiKeyInsertError {
    /// The user does not exist in the key's account.
    #[error("the user does not exist in the account")]
    UserMissing,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores API keys (their digests, never their secrets).
pub trait ApiKeyStore: Send + Sync + 'static {
    /// Inserts a new key.
    ///
    /// MUST return `UserMissing`, inserting nothing, when no user of `key.account_id` has
    /// `key.user_id` (a foreign key over both decides).
    fn insert(&self, key: &NewApiKey)
    -> impl Future<Output = Result<(), ApiKeyInsertError>> + Send;

    /// The key with `id`, deleted or not.
    fn get(&self, id: ApiKeyId) -> impl Future<Output = Result<Option<ApiKey>, StoreError>> + Send;

    /// In one transaction: locks the key with `id`, passes it to `change`, and writes back the
    /// key `change` returns.
    ///
    /// MUST return `NotFound` when there is no such key and `Rejected` with `change`'s error,
    /// writing nothing.
    fn update<E, F>(
        &self,
        id: ApiKeyId,
        change: F,
    ) -> impl Future<Output = Result<ApiKey, ChangeError<E>>> + Send
    where
        F: FnOnce(ApiKey) -> Result<ApiKey, E> + Send + 'static,
        E: Send + 'static;

    /// Erases the key with `id`; returns whether there was one.
    fn delete(&self, id: ApiKeyId) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The live keys that match `filter`, as `scan` asks.
    fn list(
        &self,
        filter: &ApiKeyFilter,
        scan: Scan<'_, ApiKeySortField>,
    ) -> impl Future<Output = Result<Vec<ApiKey>, StoreError>> + Send;

    /// How many live keys match `filter`: exact up to the domain's limit, an estimate above.
    fn count(
        &self,
        filter: &ApiKeyFilter,
    ) -> impl Future<Output = Result<Total, StoreError>> + Send;
}
