//! Renaming, revoking, soft-deleting or restoring an API key.

use roster_domain::ApiKeyId;
use roster_domain::api_key::{ApiKey, ApiKeyChangeError, ApiKeyChanges};
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;

use super::{ApiKeyView, ApiKeys};
use crate::ports::{ApiKeyStore, ChangeError, Clock, Random, StoreError, UserStore};

/// Why a key was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateApiKeyError {
    /// The key is not the principal's to change.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such key, or it is deleted and the change does not restore it.
    #[error("API key not found")]
    NotFound,
    /// A revoked key cannot be made active again.
    #[error("A revoked API key cannot be reactivated; create a new key")]
    Reactivation,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: ApiKeyStore + UserStore, C: Clock, R: Random> ApiKeys<S, C, R> {
    pub(super) async fn update_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
        changes: ApiKeyChanges,
    ) -> Result<ApiKeyView, UpdateApiKeyError> {
        let key = ApiKeyStore::get(&self.store, id)
            .await?
            .ok_or(UpdateApiKeyError::NotFound)?;
        policy::authorize(principal, Action::UpdateApiKey, self.target(&key).await?)?;
        let now = self.clock.now();
        let updated = ApiKeyStore::update(&self.store, id, move |current: ApiKey| {
            current.apply(&changes, now)
        })
        .await
        .map_err(|error| match error {
            ChangeError::NotFound
            | ChangeError::Conflict
            | ChangeError::Rejected(ApiKeyChangeError::Gone) => UpdateApiKeyError::NotFound,
            ChangeError::Rejected(ApiKeyChangeError::Reactivation) => {
                UpdateApiKeyError::Reactivation
            }
            ChangeError::Store(error) => UpdateApiKeyError::Store(error),
        })?;
        self.credentials.forget_key(id);
        Ok(ApiKeyView::at(updated, now))
    }
}
