//! Changing an account.

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::superadmin::{self, LastSuperadmin};

use super::Accounts;
use crate::ports::{AccountCensus, AccountStore, ChangeError, Clock, StoreError};

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
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: AccountStore, C: Clock> Accounts<S, C> {
    /// Name and slug need access to the account; a change of status or deletion (not merely
    /// sending the current value) needs a superadmin. All in one transaction.
    pub(super) async fn update_account(
        &self,
        principal: &Principal,
        id: AccountId,
        changes: AccountChanges,
    ) -> Result<Account, UpdateAccountError> {
        let target = Target::Account(id);
        policy::authorize(principal, Action::RenameAccount, target)?;
        let principal = *principal;
        let now = self.clock.now();
        let updated = self
            .store
            .update(id, move |before: Account, census: AccountCensus| {
                let after = before
                    .apply(&changes, now)
                    .map_err(|_| UpdateAccountError::NotFound)?;
                if after.status != before.status {
                    policy::authorize(&principal, Action::ChangeAccountStatus, target)?;
                }
                if after.is_deleted() != before.is_deleted() {
                    policy::authorize(&principal, Action::SoftDeleteAccount, target)?;
                }
                let superadmins = |account: &Account| {
                    if account.is_usable() {
                        census.superadmins_here
                    } else {
                        0
                    }
                };
                superadmin::ensure_one_remains(
                    superadmins(&before),
                    superadmins(&after),
                    census.superadmins_elsewhere,
                )?;
                Ok(after)
            })
            .await
            .map_err(|error| match error {
                ChangeError::NotFound => UpdateAccountError::NotFound,
                ChangeError::Rejected(error) => error,
                ChangeError::Conflict => UpdateAccountError::SlugTaken,
                ChangeError::Store(error) => UpdateAccountError::Store(error),
            })?;
        self.credentials.forget_account(id);
        Ok(updated)
    }
}
