//! The API-key use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use std::sync::Arc;

use roster_domain::api_key::{ApiKey, ApiKeyChanges, ApiKeySecret, ApiKeySortField};
use roster_domain::etag::{EntityTag, IfMatch, Versioned};
use roster_domain::pagination::CursorCodec;
use roster_domain::policy::Target;
use roster_domain::principal::Principal;
use roster_domain::{ApiKeyId, Timestamp};

use crate::auth::CredentialCache;
use crate::boxed::use_case_trait;
use crate::lookup::{ChangeError, LookupError};
use crate::pagination::{ListError, Listing};
use crate::ports::{
    ApiKeyFilter, ApiKeyRows, AuditTrail, Clock, Database, ListRows, Random, Revocations,
    StoreError, UserRows,
};

pub use create::{CreateApiKey, CreateApiKeyError, generate_api_key_secret};
pub use list::ListApiKeys;
pub use update::UpdateApiKeyError;

/// A key with what its expiry means as of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyView {
    /// The key.
    pub key: ApiKey,
    /// Whether its expiry has passed now.
    pub expired: bool,
}

impl ApiKeyView {
    fn at(key: ApiKey, now: Timestamp) -> Self {
        let expired = key.is_expired_at(now);
        Self { key, expired }
    }

    /// The tag of the key as shown: its version, and whether it has expired since, which
    /// changes its status without a write.
    #[must_use]
    pub fn entity_tag(&self) -> EntityTag {
        let tag = self.key.entity_tag();
        if self.expired {
            tag.and("expired")
        } else {
            tag
        }
    }
}

/// A key just created, with its secret: shown once, never stored.
#[derive(Debug)]
pub struct CreatedApiKey {
    /// The key.
    pub view: ApiKeyView,
    /// The secret.
    pub secret: ApiKeySecret,
}

/// What the API-key use cases need of a connection.
pub trait ApiKeyConn:
    ApiKeyRows + UserRows + Revocations + AuditTrail + ListRows<ApiKey, ApiKeySortField, ApiKeyFilter>
{
}

impl<T> ApiKeyConn for T where
    T: ApiKeyRows
        + UserRows
        + Revocations
        + AuditTrail
        + ListRows<ApiKey, ApiKeySortField, ApiKeyFilter>
{
}

/// A database whose connections offer what the api keys use cases need: the one bound
/// their impls and the use-case trait state.
pub trait ApiKeyDb: Database<Conn: ApiKeyConn> {}

impl<D: Database<Conn: ApiKeyConn>> ApiKeyDb for D {}

/// The API-key use cases.
#[derive(Debug)]
pub struct ApiKeys<D, C, R> {
    db: D,
    clock: C,
    random: R,
    cursors: CursorCodec,
    credentials: Arc<CredentialCache>,
}

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    /// The use cases over `db`, with `clock`, secrets from `random`, cursors signed with
    /// `cursors`, and `credentials` invalidated when a key changes.
    pub fn new(
        db: D,
        clock: C,
        random: R,
        cursors: CursorCodec,
        credentials: Arc<CredentialCache>,
    ) -> Self {
        Self {
            db,
            clock,
            random,
            cursors,
            credentials,
        }
    }
}

/// The policy target of `key`: its owner (a superadmin's keys are superadmin business).
async fn target<C: UserRows>(conn: &mut C, key: &ApiKey) -> Result<Target, StoreError> {
    let owner_is_superadmin = conn
        .user(key.user_id)
        .await?
        .is_some_and(|owner| owner.super_admin);
    Ok(Target::User {
        account: key.account_id,
        user: key.user_id,
        super_admin: owner_is_superadmin,
    })
}

use_case_trait! {
    /// The API-key use cases as the HTTP adapter drives them.
    pub trait ApiKeyUseCases for ApiKeys<D, C, R>
    where { D: ApiKeyDb, C: Clock, R: Random } {
        /// Creates a key for a user; the secret is in the result, and nowhere else, ever.
        fn create(principal: &'a Principal, input: CreateApiKey)
            -> Result<CreatedApiKey, CreateApiKeyError> = create_key;
        /// Lists the keys the principal may see.
        fn list(principal: &'a Principal, query: ListApiKeys)
            -> Result<Listing<ApiKeyView>, ListError> = list_keys;
        /// Reads one key.
        fn get(principal: &'a Principal, id: ApiKeyId) -> Result<ApiKeyView, LookupError>
            = get_key;
        /// Renames, revokes, soft-deletes or restores a key, if it still has a tag `if_match`
        /// names.
        fn update(principal: &'a Principal, id: ApiKeyId, changes: ApiKeyChanges, if_match: IfMatch)
            -> Result<ApiKeyView, UpdateApiKeyError> = update_key;
        /// Erases a key, if it still has a tag `if_match` names.
        fn delete(principal: &'a Principal, id: ApiKeyId, if_match: IfMatch)
            -> Result<(), ChangeError> = delete_key;
    }
}

#[cfg(test)]
mod tests;
