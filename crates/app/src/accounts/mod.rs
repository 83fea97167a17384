//! The account use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use std::sync::Arc;

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountChanges, AccountSortField};
use roster_domain::etag::IfMatch;
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;

use crate::auth::CredentialCache;
use crate::boxed::use_case_trait;
use crate::lookup::LookupError;
use crate::pagination::Listing;
use crate::ports::{
    AccountFilter, AccountRows, AuditTrail, Clock, Database, ListRows, Revocations, SuperadminRows,
};

pub use create::{CreateAccount, CreateAccountError};
pub use delete::DeleteAccountError;
pub use list::{ListAccounts, ListAccountsError};
pub use update::UpdateAccountError;

/// What the account use cases need of a connection.
pub trait AccountConn:
    AccountRows
    + SuperadminRows
    + Revocations
    + AuditTrail
    + ListRows<Account, AccountSortField, AccountFilter>
{
}

impl<T> AccountConn for T where
    T: AccountRows
        + SuperadminRows
        + Revocations
        + AuditTrail
        + ListRows<Account, AccountSortField, AccountFilter>
{
}

/// A database whose connections offer what the accounts use cases need: the one bound
/// their impls and the use-case trait state.
pub trait AccountDb: Database<Conn: AccountConn> {}

impl<D: Database<Conn: AccountConn>> AccountDb for D {}

/// The account use cases over a database and a clock.
#[derive(Debug)]
pub struct Accounts<D, C> {
    db: D,
    clock: C,
    cursors: CursorCodec,
    credentials: Arc<CredentialCache>,
}

impl<D: AccountDb, C: Clock> Accounts<D, C> {
    /// The use cases over `db`, telling time by `clock`, signing cursors with `cursors`, and
    /// invalidating `credentials` when an account's keys may stop (or start) working.
    pub fn new(db: D, clock: C, cursors: CursorCodec, credentials: Arc<CredentialCache>) -> Self {
        Self {
            db,
            clock,
            cursors,
            credentials,
        }
    }
}

use_case_trait! {
    /// The account use cases as the HTTP adapter drives them.
    pub trait AccountUseCases for Accounts<D, C>
    where { D: AccountDb, C: Clock } {
        /// Creates an account (superadmins only).
        fn create(principal: &'a Principal, input: CreateAccount)
            -> Result<Account, CreateAccountError> = create_account;
        /// Lists the accounts the principal may see.
        fn list(principal: &'a Principal, query: ListAccounts)
            -> Result<Listing<Account>, ListAccountsError> = list_accounts;
        /// Reads one account.
        fn get(principal: &'a Principal, id: AccountId) -> Result<Account, LookupError>
            = get_account;
        /// Changes an account, if it still has a tag `if_match` names.
        fn update(principal: &'a Principal, id: AccountId, changes: AccountChanges, if_match: IfMatch)
            -> Result<Account, UpdateAccountError> = update_account;
        /// Erases an account and everything in it (superadmins only), if it still has a tag
        /// `if_match` names.
        fn delete(principal: &'a Principal, id: AccountId, if_match: IfMatch)
            -> Result<(), DeleteAccountError> = delete_account;
    }
}

#[cfg(test)]
mod tests;
