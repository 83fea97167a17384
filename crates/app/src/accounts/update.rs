//! Changing an account.

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountChanges};
use roster_domain::audit::{Actor, AuditAction, AuditEvent, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::soft_delete::Gone;
use roster_domain::superadmin::{self, LastSuperadmin};

use super::{AccountDb, Accounts};
use crate::audit;
use crate::ports::{
    AccountRows, Clock, Excluding, Revocation, Revocations, StoreError, SuperadminRows, WriteError,
};

/// Why an account was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateAccountError {
    /// The account is another account than the principal's, or a change needs a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such account, or it is deleted and the change does not restore it.
    #[error("Account not found")]
    NotFound,
    /// The new slug, or the slug of the account being restored, belongs to another account.
    #[error("An account with this slug already exists")]
    SlugTaken,
    /// Suspending or deleting the account would leave no usable superadmin.
    #[error(transparent)]
    LastSuperadmin(#[from] LastSuperadmin),
    /// The account changed since the version the request's `If-Match` named.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: AccountDb, C: Clock> Accounts<D, C> {
    /// Name and slug need access to the account; a change of status or deletion (not merely
    /// sending the current value) needs a superadmin. All in one transaction; `if_match` is
    /// checked under the account's lock; the superadmins are counted, under their lock, only
    /// when the account stops being usable.
    pub(super) async fn update_account(
        &self,
        principal: &Principal,
        id: AccountId,
        changes: AccountChanges,
        if_match: IfMatch,
    ) -> Result<Account, UpdateAccountError> {
        policy::authorize(principal, Action::RenameAccount, Target::Account(id))?;
        let now = self.clock.now();
        let updated = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, UpdateAccountError> {
                let before = tx
                    .lock_account(id)
                    .await?
                    .ok_or(UpdateAccountError::NotFound)?;
                if_match.check(&before.entity_tag())?;
                let after = before
                    .apply(&changes, now)
                    .map_err(|Gone| UpdateAccountError::NotFound)?;
                policy::authorize_account_change(principal, &before, &after)?;
                if superadmin::may_remove_account(&before, Some(&after)) {
                    tx.lock_superadmins().await?;
                    let here = tx.active_superadmins_of(id).await?;
                    let elsewhere = tx.usable_superadmins(Excluding::Account(id)).await?;
                    superadmin::ensure_one_remains(here, 0, elsewhere)?;
                }
                let version = tx
                    .update_account(&after)
                    .await
                    .map_err(|error| match error {
                        WriteError::Conflict => UpdateAccountError::SlugTaken,
                        WriteError::Store(error) => error.into(),
                    })?;
                tx.announce(Revocation::Account(id)).await?;
                let event = AuditEvent::new(
                    Actor::admin(principal),
                    AuditAction::AccountUpdated,
                    AuditTarget::new(TargetKind::Account, id),
                    Some(id),
                    Changes::updated(&before, &after),
                    now,
                );
                audit::record(tx, event).await?;
                Ok(after.at_version(version))
            })
            .await?;
        self.credentials.forget_account(id);
        Ok(updated)
    }
}
