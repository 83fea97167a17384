//! Reading one account.

use crate::lookup::{LookupError, Resource};
use roster_domain::AccountId;
use roster_domain::account::Account;
use roster_domain::policy::{self, Action, Target};
use roster_domain::principal::Principal;

use super::{AccountDb, Accounts};
use crate::ports::{AccountRows, Clock};

impl<D: AccountDb, C: Clock> Accounts<D, C> {
    pub(super) async fn get_account(
        &self,
        principal: &Principal,
        id: AccountId,
    ) -> Result<Account, LookupError> {
        policy::authorize(principal, Action::ReadAccount, Target::Account(id))?;
        match self
            .db
            .read(async |conn: &mut D::Conn| conn.account(id).await)
            .await?
        {
            Some(account) if !account.is_deleted() => Ok(account),
            _ => Err(LookupError::NotFound(Resource::Account)),
        }
    }
}
