//! Erasing an account.

use roster_domain::AccountId;
use roster_domain::audit::{Actor, AuditAction, AuditEvent, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::superadmin::{self, LastSuperadmin};

use super::{AccountDb, Accounts};
use crate::audit;
use crate::ports::{
    AccountRows, Clock, Excluding, Revocation, Revocations, StoreError, SuperadminRows,
};

/// Why an account was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteAccountError {
    /// The principal is not a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such account.
    #[error("Account not found")]
    NotFound,
    /// Erasing the account would leave no usable superadmin.
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
    /// Erases soft-deleted accounts too: this is how their data is removed for good. `if_match`
    /// is checked under the account's lock. The
    /// superadmins are counted, under their lock, only when the account is usable.
    pub(super) async fn delete_account(
        &self,
        principal: &Principal,
        id: AccountId,
        if_match: IfMatch,
    ) -> Result<(), DeleteAccountError> {
        policy::authorize(principal, Action::DeleteAccount, Target::Account(id))?;
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, DeleteAccountError> {
                let account = tx
                    .lock_account(id)
                    .await?
                    .ok_or(DeleteAccountError::NotFound)?;
                if_match.check(&account.entity_tag())?;
                if superadmin::may_remove_account(&account, None) {
                    tx.lock_superadmins().await?;
                    let here = tx.active_superadmins_of(id).await?;
                    let elsewhere = tx.usable_superadmins(Excluding::Account(id)).await?;
                    superadmin::ensure_one_remains(here, 0, elsewhere)?;
                }
                tx.delete_account(id).await?;
                tx.announce(Revocation::Account(id)).await?;
                let event = AuditEvent::new(
                    Actor::admin(principal),
                    AuditAction::AccountDeleted,
                    AuditTarget::new(TargetKind::Account, id),
                    Some(id),
                    Changes::erased(&account),
                    now,
                );
                audit::record(tx, event).await?;
                Ok(())
            })
            .await?;
        self.credentials.forget_account(id);
        Ok(())
    }
}
