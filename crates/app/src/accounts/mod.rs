//! The account use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use std::sync::Arc;

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountChanges};
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;

use crate::BoxFuture;
use crate::auth::CredentialCache;
use crate::pagination::Listing;
use crate::ports::{AccountStore, Clock};

pub use create::{CreateAccount, CreateAccountError};
pub use delete::DeleteAccountError;
pub use get::GetAccountError;
pub use list::{ListAccounts, ListAccountsError};
pub use update::UpdateAccountError;

/// The account use cases over a store and a clock.
#[derive(Debug)]
pub struct Accounts<S, C> {
    store: S,
    clock: C,
    cursors: CursorCodec,
    credentials: Arc<CredentialCache>,
}

impl<S: AccountStore, C: Clock> Accounts<S, C> {
    /// The use cases over `store`, telling time by `clock`, signing cursors with `cursors`, and
    /// invalidating `credentials` when an account's keys may stop (or start) working.
    pub fn new(
        store: S,
        clock: C,
        cursors: CursorCodec,
        credentials: Arc<CredentialCache>,
    ) -> Self {
        Self {
            store,
            clock,
            cursors,
            credentials,
        }
    }
}

/// The account use cases as the HTTP adapter drives them.
pub trait AccountUseCases: Send + Sync + 'static {
    /// Creates an account (superadmins only).
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateAccount,
    ) -> BoxFuture<'a, Result<Account, CreateAccountError>>;

    /// Lists the accounts the principal may see.
    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListAccounts,
    ) -> BoxFuture<'a, Result<Listing<Account>, ListAccountsError>>;

    /// Reads one account.
    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: AccountId,
    ) -> BoxFuture<'a, Result<Account, GetAccountError>>;

    /// Changes an account, all changes in one transaction.
    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: AccountId,
        changes: AccountChanges,
    ) -> BoxFuture<'a, Result<Account, UpdateAccountError>>;

    /// Erases an account and everything in it (superadmins only).
    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: AccountId,
    ) -> BoxFuture<'a, Result<(), DeleteAccountError>>;
}

impl<S: AccountStore, C: Clock> AccountUseCases for Accounts<S, C> {
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateAccount,
    ) -> BoxFuture<'a, Result<Account, CreateAccountError>> {
        Box::pin(self.create_account(principal, input))
    }

    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListAccounts,
    ) -> BoxFuture<'a, Result<Listing<Account>, ListAccountsError>> {
        Box::pin(self.list_accounts(principal, query))
    }

    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: AccountId,
    ) -> BoxFuture<'a, Result<Account, GetAccountError>> {
        Box::pin(self.get_account(principal, id))
    }

    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: AccountId,
        changes: AccountChanges,
    ) -> BoxFuture<'a, Result<Account, UpdateAccountError>> {
        Box::pin(self.update_account(principal, id, changes))
    }

    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: AccountId,
    ) -> BoxFuture<'a, Result<(), DeleteAccountError>> {
        Box::pin(self.delete_account(principal, id))
    }
}
