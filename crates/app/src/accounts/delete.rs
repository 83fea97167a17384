//! Erasing an account.

use roster_domain::AccountId;
use roster_domain::account::Account;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::superadmin::{self, LastSuperadmin};

use super::Accounts;
use crate::ports::{AccountCensus, AccountStore, ChangeError, Clock, StoreError};

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
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: AccountStore, C: Clock> Accounts<S, C> {
    /// Erases soft-deleted accounts too: this is how their data is removed for good.
    pub(super) async fn delete_account(
        &self,
        principal: &Principal,
        id: AccountId,
    ) -> Result<(), DeleteAccountError> {
        policy::authorize(principal, Action::DeleteAccount, Target::Account(id))?;
        self.store
            .delete(id, |account: &Account, census: AccountCensus| {
                let here = if account.is_usable() {
                    census.superadmins_here
                } else {
                    0
                };
                superadmin::ensure_one_remains(here, 0, census.superadmins_elsewhere)
                    .map_err(DeleteAccountError::from)
            })
            .await
            .map_err(|error| match error {
                ChangeError::NotFound | ChangeError::Conflict => DeleteAccountError::NotFound,
                ChangeError::Rejected(error) => error,
                ChangeError::Store(error) => DeleteAccountError::Store(error),
            })?;
        self.credentials.forget_account(id);
        Ok(())
    }
}
