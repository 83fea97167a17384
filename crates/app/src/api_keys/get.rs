//! Reading one API key.

use roster_domain::ApiKeyId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;

use super::{ApiKeyView, ApiKeys};
use crate::ports::{ApiKeyStore, Clock, Random, StoreError, UserStore};

/// Why a key was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetApiKeyError {
    /// The key belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such key, or it is deleted.
    #[error("API key not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: ApiKeyStore + UserStore, C: Clock, R: Random> ApiKeys<S, C, R> {
    pub(super) async fn get_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
    ) -> Result<ApiKeyView, GetApiKeyError> {
        let key = ApiKeyStore::get(&self.store, id)
            .await?
            .ok_or(GetApiKeyError::NotFound)?;
        policy::authorize(principal, Action::ReadApiKey, self.target(&key).await?)?;
        if key.is_deleted() {
            return Err(GetApiKeyError::NotFound);
        }
        Ok(ApiKeyView::at(key, self.clock.now()))
    }
}
