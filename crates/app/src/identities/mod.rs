//! The identity use cases of the admin API.

mod create;
mod delete;
mod get;
mod list;
mod mint;
mod update;

use roster_domain::IdentityId;
use roster_domain::client_session::ClientInfo;
use roster_domain::etag::IfMatch;
use roster_domain::identity::{Identity, IdentityChanges, IdentitySortField};
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;

use crate::boxed::use_case_trait;
use crate::client::StartedSession;
use crate::lookup::{ChangeError, LookupError};
use crate::pagination::{ListError, Listing};
use crate::ports::{
    AccountRows, AuditTrail, Clock, Database, GameRows, IdentityFilter, IdentityRows, ListRows,
    PlayerRows, Revocations, SessionRows, TokenCodec,
};

pub use create::{CreateIdentity, CreateIdentityError};
pub use list::ListIdentities;
pub use mint::MintSessionError;
pub use update::UpdateIdentityError;

/// What the identity use cases need of a connection.
pub trait IdentityConn:
    IdentityRows
    + PlayerRows
    + GameRows
    + AccountRows
    + SessionRows
    + Revocations
    + AuditTrail
    + ListRows<Identity, IdentitySortField, IdentityFilter>
{
}

impl<T> IdentityConn for T where
    T: IdentityRows
        + PlayerRows
        + GameRows
        + AccountRows
        + SessionRows
        + Revocations
        + AuditTrail
        + ListRows<Identity, IdentitySortField, IdentityFilter>
{
}

/// A database whose connections offer what the identities use cases need: the one bound
/// their impls and the use-case trait state.
pub trait IdentityDb: Database<Conn: IdentityConn> {}

impl<D: Database<Conn: IdentityConn>> IdentityDb for D {}

/// The identity use cases.
#[derive(Debug)]
pub struct Identities<D, C, T> {
    db: D,
    clock: C,
    cursors: CursorCodec,
    tokens: T,
}

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
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

use_case_trait! {
    /// The identity use cases as the HTTP adapter drives them.
    pub trait IdentityUseCases for Identities<D, C, T>
    where { D: IdentityDb, C: Clock, T: TokenCodec } {
        /// Creates or imports an identity of any kind.
        fn create(principal: &'a Principal, input: CreateIdentity)
            -> Result<Identity, CreateIdentityError> = create_identity;
        /// Lists the identities the principal may see.
        fn list(principal: &'a Principal, query: ListIdentities)
            -> Result<Listing<Identity>, ListError> = list_identities;
        /// Reads one identity.
        fn get(principal: &'a Principal, id: IdentityId) -> Result<Identity, LookupError>
            = get_identity;
        /// Renames, soft-deletes (revoking its sessions) or restores an identity, if it still
        /// has a tag `if_match` names.
        fn update(principal: &'a Principal, id: IdentityId, changes: IdentityChanges,
            if_match: IfMatch) -> Result<Identity, UpdateIdentityError> = update_identity;
        /// Erases an identity and its sessions, if it still has a tag `if_match` names.
        fn delete(principal: &'a Principal, id: IdentityId, if_match: IfMatch)
            -> Result<(), ChangeError> = delete_identity;
        /// Starts a client session for an identity the game's own server vouches for.
        fn mint_session(principal: &'a Principal, id: IdentityId, client: ClientInfo)
            -> Result<StartedSession, MintSessionError> = mint;
    }
}

#[cfg(test)]
mod tests;
