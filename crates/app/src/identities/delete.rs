//! Erasing an identity: player data erasure.

use roster_domain::IdentityId;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::Identities;
use crate::ports::{
    AccountStore, Clock, GameStore, IdentityStore, SessionStore, StoreError, TokenCodec,
};

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

impl<S, C, T> Identities<S, C, T>
where
    S: IdentityStore + GameStore + AccountStore + SessionStore,
    C: Clock,
    T: TokenCodec,
{
    /// Erases the row with its sessions and nonces; soft-deleted identities too.
    pub(super) async fn delete_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
    ) -> Result<(), DeleteIdentityError> {
        let identity = IdentityStore::get(&self.store, id)
            .await?
            .ok_or(DeleteIdentityError::NotFound)?;
        policy::authorize(
            principal,
            Action::DeleteIdentity,
            Target::Account(identity.account_id),
        )?;
        if IdentityStore::delete(&self.store, id).await? {
            Ok(())
        } else {
            Err(DeleteIdentityError::NotFound)
        }
    }
}
