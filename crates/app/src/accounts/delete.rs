//! Erasing an account.

use roster_domain::AccountId;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::Accounts;
use crate::ports::{AccountStore, Clock, StoreError};

/// Why an account was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteAccountError {
    /// The principal is not a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such account.
    #[error("Account not found")]
    NotFound,
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
        if self.store.delete(id).await? {
            Ok(())
        } else {
            Err(DeleteAccountError::NotFound)
        }
    }
}
