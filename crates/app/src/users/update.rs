//! Changing a user.

use roster_domain::UserId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::soft_delete::Gone;
use roster_domain::superadmin::LastSuperadmin;
use roster_domain::user::{User, UserChanges};

use super::{UserDb, Users, keep_a_superadmin};
use crate::audit::{self, Change};
use crate::ports::{Clock, Revocation, Revocations, StoreError, UserRows, WriteError};

/// Why a user was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateUserError {
    /// The user is not the principal's to change, or a change needs a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user, or it is deleted and the change does not restore it.
    #[error("User not found")]
    NotFound,
    /// Another live user of the account has the email (ignoring case).
    #[error("A user with this email already exists in this account")]
    EmailTaken,
    /// The change would leave no usable superadmin.
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
    /// In one transaction: the user locked, `if_match` checked, the change decided (who may make it, whether a
    /// superadmin remains), written, and its keys' revocation announced.
    pub(super) async fn update_user(
        &self,
        principal: &Principal,
        id: UserId,
        changes: UserChanges,
        if_match: IfMatch,
    ) -> Result<User, UpdateUserError> {
        let now = self.clock.now();
        let updated = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, UpdateUserError> {
                let before = tx.lock_user(id).await?.ok_or(UpdateUserError::NotFound)?;
                policy::authorize(principal, Action::UpdateUser, policy::user_target(&before))?;
                if_match.check(&before.entity_tag())?;
                let after = before
                    .apply(&changes, now)
                    .map_err(|Gone| UpdateUserError::NotFound)?;
                policy::authorize_user_change(principal, &before, &after)?;
                keep_a_superadmin::<_, UpdateUserError>(tx, &before, Some(&after)).await?;
                let version = tx.update_user(&after).await.map_err(|error| match error {
                    WriteError::Conflict => UpdateUserError::EmailTaken,
                    WriteError::Store(error) => error.into(),
                })?;
                tx.announce(Revocation::User(id)).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::UserUpdated,
                        target: AuditTarget::new(TargetKind::User, id),
                        account_id: after.account_id,
                        changes: Changes::updated(&before, &after),
                        at: now,
                    },
                )
                .await?;
                Ok(after.at_version(version))
            })
            .await?;
        self.credentials.forget_user(id);
        Ok(updated)
    }
}
