//! Changing an account.

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::Accounts;
use crate::ports::{AccountStore, AccountUpdateError, Clock, StoreError};

/// Why an account was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateAccountError {
    /// The account is another account than the principal's, or a field needs a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such account, or it is deleted and the change does not restore it.
    #[error("Account not found")]
    NotFound,
    /// The new slug, or the slug of the account being restored, belongs to another account.
    #[error("An account with this slug already exists")]
    SlugTaken,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: AccountStore, C: Clock> Accounts<S, C> {
    pub(super) async fn update_account(
        &self,
        principal: &Principal,
        id: AccountId,
        changes: AccountChanges,
    ) -> Result<Account, UpdateAccountError> {
        let target = Target::Account(id);
        policy::authorize(principal, Action::RenameAccount, target)?;
        if changes.touches_status() {
            policy::authorize(principal, Action::ChangeAccountStatus, target)?;
        }
        if changes.touches_deletion() {
            policy::authorize(principal, Action::SoftDeleteAccount, target)?;
        }
        let now = self.clock.now();
        self.store
            .update(id, move |account| account.apply(&changes, now))
            .await
            .map_err(|error| match error {
                AccountUpdateError::NotFound | AccountUpdateError::Rejected(_) => {
                    UpdateAccountError::NotFound
                }
                AccountUpdateError::SlugTaken => UpdateAccountError::SlugTaken,
                AccountUpdateError::Store(error) => UpdateAccountError::Store(error),
            })
    }
}
