//! Erasing an identity: player data erasure.

use roster_domain::IdentityId;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{Identities, IdentityDb};
use crate::ports::{Clock, IdentityRows, Revocation, Revocations, StoreError, TokenCodec};

/// Why an identity was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteIdentityError {
    /// The identity belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such identity.
    #[error("Identity not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    /// Erases the row with its sessions and nonces; soft-deleted identities too.
    pub(super) async fn delete_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
    ) -> Result<(), DeleteIdentityError> {
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let identity = tx
                    .lock_identity(id)
                    .await?
                    .ok_or(DeleteIdentityError::NotFound)?;
                policy::authorize(
                    principal,
                    Action::DeleteIdentity,
                    Target::Account(identity.account_id),
                )?;
                tx.delete_identity(id).await?;
                tx.announce(Revocation::Identity(id)).await?;
                Ok(())
            })
            .await
    }
}
