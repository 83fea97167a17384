//! Erasing an API key.

use roster_domain::ApiKeyId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;

use super::ApiKeys;
use crate::ports::{ApiKeyStore, Clock, Random, StoreError, UserStore};

/// Why a key was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteApiKeyError {
    /// The key is not the principal's to erase.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such key.
    #[error("API key not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: ApiKeyStore + UserStore, C: Clock, R: Random> ApiKeys<S, C, R> {
    pub(super) async fn delete_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
    ) -> Result<(), DeleteApiKeyError> {
        let key = ApiKeyStore::get(&self.store, id)
            .await?
            .ok_or(DeleteApiKeyError::NotFound)?;
        policy::authorize(principal, Action::DeleteApiKey, self.target(&key).await?)?;
        if !ApiKeyStore::delete(&self.store, id).await? {
            return Err(DeleteApiKeyError::NotFound);
        }
        self.credentials.forget_key(id);
        Ok(())
    }
}
