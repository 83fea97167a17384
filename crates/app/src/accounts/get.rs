//! Reading one account.

use roster_domain::AccountId;
use roster_domain::account::Account;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{AccountDb, Accounts};
use crate::ports::{AccountRows, Clock, StoreError};

/// Why an account was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetAccountError {
    /// The account is another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such account, or it is deleted.
    #[error("Account not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: AccountDb, C: Clock> Accounts<D, C> {
    pub(super) async fn get_account(
        &self,
        principal: &Principal,
        id: AccountId,
    ) -> Result<Account, GetAccountError> {
        policy::authorize(principal, Action::ReadAccount, Target::Account(id))?;
        match self
            .db
            .read(async |conn: &mut D::Conn| conn.account(id).await)
            .await?
        {
            Some(account) if !account.is_deleted() => Ok(account),
            _ => Err(GetAccountError::NotFound),
        }
    }
}
