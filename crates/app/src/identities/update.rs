//! Changing an identity.

use roster_domain::IdentityId;
use roster_domain::identity::{Identity, IdentityChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::Identities;
use crate::ports::{
    AccountStore, ChangeError, Clock, GameStore, IdentityStore, SessionStore, StoreError,
    TokenCodec,
};

/// Why an identity was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateIdentityError {
    /// The identity belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such identity, or it is deleted and the change does not restore it.
    #[error("Identity not found")]
    NotFound,
    /// Restoring it would collide with a live identity of the same kind and key.
    #[error("An identity with this kind and external key already exists in this game")]
    Duplicate,
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
    /// A soft delete revokes the identity's sessions in the same transaction.
    pub(super) async fn update_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
        changes: IdentityChanges,
    ) -> Result<Identity, UpdateIdentityError> {
        let principal = *principal;
        let now = self.clock.now();
        IdentityStore::update(&self.store, id, move |before: Identity| {
            policy::authorize(
                &principal,
                Action::UpdateIdentity,
                Target::Account(before.account_id),
            )?;
            before
                .apply(&changes, now)
                .map_err(|_| UpdateIdentityError::NotFound)
        })
        .await
        .map_err(|error| match error {
            ChangeError::NotFound => UpdateIdentityError::NotFound,
            ChangeError::Rejected(error) => error,
            ChangeError::Conflict => UpdateIdentityError::Duplicate,
            ChangeError::Store(error) => UpdateIdentityError::Store(error),
        })
    }
}
