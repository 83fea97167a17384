//! The identity use cases of the admin API.

mod create;
mod delete;
mod get;
mod list;
mod mint;
mod update;

use roster_domain::IdentityId;
use roster_domain::identity::{Identity, IdentityChanges, IdentitySortField};
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;

use crate::BoxFuture;
use crate::client::StartedSession;
use crate::pagination::Listing;
use crate::ports::{
    AccountRows, Clock, Database, GameRows, IdentityFilter, IdentityRows, ListRows, Revocations,
    SessionRows, TokenCodec,
};

pub use create::{CreateIdentity, CreateIdentityError};
pub use delete::DeleteIdentityError;
pub use get::GetIdentityError;
pub use list::{ListIdentities, ListIdentitiesError};
pub use mint::{MintSession, MintSessionError};
pub use update::UpdateIdentityError;

/// What the identity use cases need of a connection.
pub trait IdentityConn:
    IdentityRows
    + GameRows
    + AccountRows
    + SessionRows
    + Revocations
    + ListRows<Identity, IdentitySortField, IdentityFilter>
{
}

impl<T> IdentityConn for T where
    T: IdentityRows
        + GameRows
        + AccountRows
        + SessionRows
        + Revocations
        + ListRows<Identity, IdentitySortField, IdentityFilter>
{
}

/// The identity use cases.
#[derive(Debug)]
pub struct Identities<D, C, T> {
    db: D,
    clock: C,
    cursors: CursorCodec,
    tokens: T,
}

impl<D, C, T> Identities<D, C, T>
where
    D: Database,
    D::Conn: IdentityConn,
    C: Clock,
    T: TokenCodec,
{
    /// The use cases over `db`, with `clock`, cursors signed with `cursors`, session tokens
    /// by `tokens`.
    pub fn new(db: D, clock: C, cursors: CursorCodec, tokens: T) -> Self {
        Self {
            db,
            clock,
            cursors,
            tokens,
        }
    }
}

/// The identity use cases as the HTTP adapter drives them.
pub trait IdentityUseCases: Send + Sync + 'static {
    /// Creates or imports an identity of any kind.
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateIdentity,
    ) -> BoxFuture<'a, Result<Identity, CreateIdentityError>>;

    /// Lists the identities the principal may see.
    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListIdentities,
    ) -> BoxFuture<'a, Result<Listing<Identity>, ListIdentitiesError>>;

    /// Reads one identity.
    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
    ) -> BoxFuture<'a, Result<Identity, GetIdentityError>>;

    /// Renames, soft-deletes (revoking its sessions) or restores an identity.
    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
        changes: IdentityChanges,
    ) -> BoxFuture<'a, Result<Identity, UpdateIdentityError>>;

    /// Erases an identity and its sessions.
    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
    ) -> BoxFuture<'a, Result<(), DeleteIdentityError>>;

    /// Starts a client session for an identity the game's own server vouches for.
    fn mint_session<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
        input: MintSession,
    ) -> BoxFuture<'a, Result<StartedSession, MintSessionError>>;
}

impl<D, C, T> IdentityUseCases for Identities<D, C, T>
where
    D: Database,
    D::Conn: IdentityConn,
    C: Clock,
    T: TokenCodec,
{
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateIdentity,
    ) -> BoxFuture<'a, Result<Identity, CreateIdentityError>> {
        Box::pin(self.create_identity(principal, input))
    }

    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListIdentities,
    ) -> BoxFuture<'a, Result<Listing<Identity>, ListIdentitiesError>> {
        Box::pin(self.list_identities(principal, query))
    }

    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
    ) -> BoxFuture<'a, Result<Identity, GetIdentityError>> {
        Box::pin(self.get_identity(principal, id))
    }

    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
        changes: IdentityChanges,
    ) -> BoxFuture<'a, Result<Identity, UpdateIdentityError>> {
        Box::pin(self.update_identity(principal, id, changes))
    }

    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
    ) -> BoxFuture<'a, Result<(), DeleteIdentityError>> {
        Box::pin(self.delete_identity(principal, id))
    }

    fn mint_session<'a>(
        &'a self,
        principal: &'a Principal,
        id: IdentityId,
        input: MintSession,
    ) -> BoxFuture<'a, Result<StartedSession, MintSessionError>> {
        Box::pin(self.mint(principal, id, input))
    }
}

#[cfg(test)]
mod tests;
