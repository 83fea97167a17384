//! Erasing a user.

use roster_domain::UserId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::superadmin::LastSuperadmin;

use super::{UserDb, Users, keep_a_superadmin};
use crate::audit::{self, Change};
use crate::ports::{Clock, Revocation, Revocations, StoreError, UserRows};

/// Why a user was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteUserError {
    /// The user is not the principal's to erase.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user.
    #[error("User not found")]
    NotFound,
    /// Erasing the user would leave no usable superadmin.
    #[error(transparent)]
    LastSuperadmin(#[from] LastSuperadmin),
    /// The user changed since the version the request's `If-Match` named.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: UserDb, C: Clock> Users<D, C> {
    pub(super) async fn delete_user(
        &self,
        principal: &Principal,
        id: UserId,
        if_match: IfMatch,
    ) -> Result<(), DeleteUserError> {
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, DeleteUserError> {
                let user = tx.lock_user(id).await?.ok_or(DeleteUserError::NotFound)?;
                policy::authorize(principal, Action::DeleteUser, policy::user_target(&user))?;
                if_match.check(&user.entity_tag())?;
                keep_a_superadmin::<_, DeleteUserError>(tx, &user, None).await?;
                // Its API keys go with it.
                tx.delete_user(id).await?;
                tx.announce(Revocation::User(id)).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::UserDeleted,
                        target: AuditTarget::new(TargetKind::User, id),
                        account_id: user.account_id,
                        changes: Changes::erased(&user),
                        at: self.clock.now(),
                    },
                )
                .await?;
                Ok(())
            })
            .await?;
        self.credentials.forget_user(id);
        Ok(())
    }
}
