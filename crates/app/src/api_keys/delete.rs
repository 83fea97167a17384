//! Erasing an API key.

use roster_domain::ApiKeyId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;

use super::{ApiKeyDb, ApiKeys, target};
use crate::ports::{ApiKeyRows, Clock, Random, Revocation, Revocations, StoreError};

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

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(super) async fn delete_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
    ) -> Result<(), DeleteApiKeyError> {
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, DeleteApiKeyError> {
                let key = tx.lock_key(id).await?.ok_or(DeleteApiKeyError::NotFound)?;
                policy::authorize(principal, Action::DeleteApiKey, target(tx, &key).await?)?;
                tx.delete_key(id).await?;
                tx.announce(Revocation::Key(id)).await?;
                Ok(())
            })
            .await?;
        self.credentials.forget_key(id);
        Ok(())
    }
}
