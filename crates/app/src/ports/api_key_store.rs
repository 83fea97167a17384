//! API keys in storage: the store primitives a connection offers for them.

use std::future::Future;

use roster_domain::api_key::{ApiKey, ApiKeyDigest, ApiKeyStatus, KeyCredential, NewApiKey};
use roster_domain::etag::Version;
use roster_domain::{AccountId, ApiKeyId, Timestamp, UserId};

use super::StoreError;

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

/// The API-key primitives of a connection (digests, never secrets).
pub trait ApiKeyRows: Send {
    /// Inserts a new key.
    ///
    /// MUST return `UserMissing`, inserting nothing, when no user of `key.account_id` has
    /// `key.user_id` (a foreign key over both decides).
    fn insert_key(
        &mut self,
        key: &NewApiKey,
    ) -> impl Future<Output = Result<(), ApiKeyInsertError>> + Send;

    /// The key with `id`, deleted or not.
    fn key(
        &mut self,
        id: ApiKeyId,
    ) -> impl Future<Output = Result<Option<ApiKey>, StoreError>> + Send;

    /// The key with `id`, deleted or not, locked until the transaction ends.
    fn lock_key(
        &mut self,
        id: ApiKeyId,
    ) -> impl Future<Output = Result<Option<ApiKey>, StoreError>> + Send;

    /// Writes `key` over the stored key with its id.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_key(
        &mut self,
        key: &ApiKey,
    ) -> impl Future<Output = Result<Version, StoreError>> + Send;

    /// Erases the key with `id`; whether there was one.
    fn delete_key(&mut self, id: ApiKeyId)
    -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The credential of the key whose digest is `digest`, whatever its state (revoked,
    /// expired, deleted: the domain decides), or `None` when no key has that digest.
    ///
    /// MUST read the key, its user and its account in one consistent query.
    fn key_credential(
        &mut self,
        digest: &ApiKeyDigest,
    ) -> impl Future<Output = Result<Option<KeyCredential>, StoreError>> + Send;
}
