//! The API-key use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use std::sync::Arc;

use roster_domain::api_key::{ApiKey, ApiKeyChanges, ApiKeySecret};
use roster_domain::pagination::CursorCodec;
use roster_domain::policy::Target;
use roster_domain::principal::Principal;
use roster_domain::{ApiKeyId, Timestamp};

use crate::BoxFuture;
use crate::auth::CredentialCache;
use crate::pagination::Listing;
use crate::ports::{ApiKeyStore, Clock, Random, StoreError, UserStore};

pub use create::{CreateApiKey, CreateApiKeyError, generate_api_key_secret};
pub use delete::DeleteApiKeyError;
pub use get::GetApiKeyError;
pub use list::{ListApiKeys, ListApiKeysError};
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
}

/// A key just created, with its secret: shown once, never stored.
#[derive(Debug)]
pub struct CreatedApiKey {
    /// The key.
    pub view: ApiKeyView,
    /// The secret.
    pub secret: ApiKeySecret,
}

/// The API-key use cases.
#[derive(Debug)]
pub struct ApiKeys<S, C, R> {
    store: S,
    clock: C,
    random: R,
    cursors: CursorCodec,
    credentials: Arc<CredentialCache>,
}

impl<S: ApiKeyStore + UserStore, C: Clock, R: Random> ApiKeys<S, C, R> {
    /// The use cases over `store`, with `clock`, secrets from `random`, cursors signed with
    /// `cursors`, and `credentials` invalidated when a key changes.
    pub fn new(
        store: S,
        clock: C,
        random: R,
        cursors: CursorCodec,
        credentials: Arc<CredentialCache>,
    ) -> Self {
        Self {
            store,
            clock,
            random,
            cursors,
            credentials,
        }
    }

    /// The policy target of `key`: its owner (a superadmin's keys are superadmin business).
    async fn target(&self, key: &ApiKey) -> Result<Target, StoreError> {
        let owner_is_superadmin = UserStore::get(&self.store, key.user_id)
            .await?
            .is_some_and(|owner| owner.super_admin);
        Ok(Target::User {
            account: key.account_id,
            user: key.user_id,
            super_admin: owner_is_superadmin,
        })
    }
}

/// The API-key use cases as the HTTP adapter drives them.
pub trait ApiKeyUseCases: Send + Sync + 'static {
    /// Creates a key for a user; the secret is in the result, and nowhere else, ever.
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateApiKey,
    ) -> BoxFuture<'a, Result<CreatedApiKey, CreateApiKeyError>>;

    /// Lists the keys the principal may see.
    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListApiKeys,
    ) -> BoxFuture<'a, Result<Listing<ApiKeyView>, ListApiKeysError>>;

    /// Reads one key.
    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: ApiKeyId,
    ) -> BoxFuture<'a, Result<ApiKeyView, GetApiKeyError>>;

    /// Renames, revokes, soft-deletes or restores a key.
    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: ApiKeyId,
        changes: ApiKeyChanges,
    ) -> BoxFuture<'a, Result<ApiKeyView, UpdateApiKeyError>>;

    /// Erases a key.
    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: ApiKeyId,
    ) -> BoxFuture<'a, Result<(), DeleteApiKeyError>>;
}

impl<S: ApiKeyStore + UserStore, C: Clock, R: Random> ApiKeyUseCases for ApiKeys<S, C, R> {
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateApiKey,
    ) -> BoxFuture<'a, Result<CreatedApiKey, CreateApiKeyError>> {
        Box::pin(self.create_key(principal, input))
    }

    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListApiKeys,
    ) -> BoxFuture<'a, Result<Listing<ApiKeyView>, ListApiKeysError>> {
        Box::pin(self.list_keys(principal, query))
    }

    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: ApiKeyId,
    ) -> BoxFuture<'a, Result<ApiKeyView, GetApiKeyError>> {
        Box::pin(self.get_key(principal, id))
    }

    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: ApiKeyId,
        changes: ApiKeyChanges,
    ) -> BoxFuture<'a, Result<ApiKeyView, UpdateApiKeyError>> {
        Box::pin(self.update_key(principal, id, changes))
    }

    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: ApiKeyId,
    ) -> BoxFuture<'a, Result<(), DeleteApiKeyError>> {
        Box::pin(self.delete_key(principal, id))
    }
}
