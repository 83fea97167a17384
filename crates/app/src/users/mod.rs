//! The user use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use std::sync::Arc;

use roster_domain::UserId;
use roster_domain::pagination::CursorCodec;
use roster_domain::policy::Target;
use roster_domain::principal::Principal;
use roster_domain::user::{User, UserChanges};

use crate::BoxFuture;
use crate::auth::CredentialCache;
use crate::pagination::Listing;
use crate::ports::{AccountStore, Clock, UserStore};

pub use create::{CreateUser, CreateUserError};
pub use delete::DeleteUserError;
pub use get::GetUserError;
pub use list::{ListUsers, ListUsersError};
pub use update::UpdateUserError;

/// The user use cases over a store and a clock.
#[derive(Debug)]
pub struct Users<S, C> {
    store: S,
    clock: C,
    cursors: CursorCodec,
    credentials: Arc<CredentialCache>,
}

impl<S: UserStore + AccountStore, C: Clock> Users<S, C> {
    /// The use cases over `store`, telling time by `clock`, signing cursors with `cursors`, and
    /// invalidating `credentials` when a user's keys may stop (or start) working.
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

/// The policy target a user is.
pub(crate) fn target(user: &User) -> Target {
    Target::User {
        account: user.account_id,
        user: user.id,
        super_admin: user.super_admin,
    }
}

/// The user use cases as the HTTP adapter drives them.
pub trait UserUseCases: Send + Sync + 'static {
    /// Creates a user in an account.
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateUser,
    ) -> BoxFuture<'a, Result<User, CreateUserError>>;

    /// Lists the users the principal may see.
    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListUsers,
    ) -> BoxFuture<'a, Result<Listing<User>, ListUsersError>>;

    /// Reads one user.
    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: UserId,
    ) -> BoxFuture<'a, Result<User, GetUserError>>;

    /// Changes a user, all changes in one transaction.
    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: UserId,
        changes: UserChanges,
    ) -> BoxFuture<'a, Result<User, UpdateUserError>>;

    /// Erases a user and its keys.
    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: UserId,
    ) -> BoxFuture<'a, Result<(), DeleteUserError>>;
}

impl<S: UserStore + AccountStore, C: Clock> UserUseCases for Users<S, C> {
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateUser,
    ) -> BoxFuture<'a, Result<User, CreateUserError>> {
        Box::pin(self.create_user(principal, input))
    }

    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListUsers,
    ) -> BoxFuture<'a, Result<Listing<User>, ListUsersError>> {
        Box::pin(self.list_users(principal, query))
    }

    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: UserId,
    ) -> BoxFuture<'a, Result<User, GetUserError>> {
        Box::pin(self.get_user(principal, id))
    }

    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: UserId,
        changes: UserChanges,
    ) -> BoxFuture<'a, Result<User, UpdateUserError>> {
        Box::pin(self.update_user(principal, id, changes))
    }

    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: UserId,
    ) -> BoxFuture<'a, Result<(), DeleteUserError>> {
        Box::pin(self.delete_user(principal, id))
    }
}
