//! Changing an identity.

use roster_domain::IdentityId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::identity::{Identity, IdentityChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::soft_delete::Gone;

use super::{Identities, IdentityDb};
use crate::audit::{self, Change};
use crate::ports::{
    Clock, IdentityRows, Revocation, Revocations, SessionRows, StoreError, TokenCodec, WriteError,
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
    /// The identity changed since the version the request's `If-Match` named.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    /// A soft delete revokes the identity's sessions, in the same transaction; `if_match` is
    /// checked under the identity's lock.
    pub(super) async fn update_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
        changes: IdentityChanges,
        if_match: IfMatch,
    ) -> Result<Identity, UpdateIdentityError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let before = tx
                    .lock_identity(id)
                    .await?
                    .ok_or(UpdateIdentityError::NotFound)?;
                policy::authorize(
                    principal,
                    Action::UpdateIdentity,
                    Target::Account(before.account_id),
                )?;
                if_match.check(&before.entity_tag())?;
                let after = before
                    .apply(&changes, now)
                    .map_err(|Gone| UpdateIdentityError::NotFound)?;
                let version = tx
                    .update_identity(&after)
                    .await
                    .map_err(|error| match error {
                        WriteError::Conflict => UpdateIdentityError::Duplicate,
                        WriteError::Store(error) => error.into(),
                    })?;
                if after.ends_sessions_of(&before) {
                    tx.revoke_sessions_of_identity(id, now).await?;
                    tx.announce(Revocation::Identity(id)).await?;
                }
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::IdentityUpdated,
                        target: AuditTarget::new(TargetKind::Identity, id),
                        account_id: after.account_id,
                        changes: Changes::updated(&before, &after),
                        at: now,
                    },
                )
                .await?;
                Ok(after.at_version(version))
            })
            .await
    }
}
