//! Reading one API key.

use roster_domain::ApiKeyId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;

use super::{ApiKeyDb, ApiKeyView, ApiKeys, target};
use crate::ports::{ApiKeyRows, Clock, Random, StoreError};

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

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(super) async fn get_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
    ) -> Result<ApiKeyView, GetApiKeyError> {
        let (key, target) = self
            .db
            .read(async |conn: &mut D::Conn| -> Result<_, GetApiKeyError> {
                let key = conn.key(id).await?.ok_or(GetApiKeyError::NotFound)?;
                let target = target(conn, &key).await?;
                Ok((key, target))
            })
            .await?;
        policy::authorize(principal, Action::ReadApiKey, target)?;
        if key.is_deleted() {
            return Err(GetApiKeyError::NotFound);
        }
        Ok(ApiKeyView::at(key, self.clock.now()))
    }
}
