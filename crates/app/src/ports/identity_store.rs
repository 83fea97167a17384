//! Identities in storage.

use std::future::Future;

use roster_domain::client_session::ClientSession;
use roster_domain::identity::{Identity, IdentityDisplayName, IdentityKind, IdentitySortField};
use roster_domain::pagination::{Scan, Total};
use roster_domain::search::SearchPrefix;
use roster_domain::{AccountId, GameId, IdentityId};

use super::{ChangeError, StoreError};

/// Which non-deleted identities a list or a count covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityFilter {
    /// Only identities of this account.
    pub account: Option<AccountId>,
    /// Only identities of this game.
    pub game: Option<GameId>,
    /// Only identities of this kind.
    pub kind: Option<IdentityKind>,
    /// Only identities whose display name or external key starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
}

/// Why an identity could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum IdentityInsertError {
    /// A live identity of the game has the same kind and external key.
    #[error("the identity exists")]
    Duplicate,
    /// The game does not exist (in the identity's account).
    #[error("the game does not exist")]
    GameMissing,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores identities.
pub trait IdentityStore: Send + Sync + 'static {
    /// Inserts a new identity.
    ///
    /// MUST return `Duplicate` when a live identity of the game has its kind and external key
    /// (a unique constraint decides) and `GameMissing` when its game does not exist in its
    /// account, inserting nothing.
    fn insert(
        &self,
        identity: &Identity,
    ) -> impl Future<Output = Result<(), IdentityInsertError>> + Send;

    /// The identity with `id`, deleted or not.
    fn get(
        &self,
        id: IdentityId,
    ) -> impl Future<Output = Result<Option<Identity>, StoreError>> + Send;

    /// In one transaction: locks the identity with `id`, passes it to `change`, writes back what
    /// `change` returns, and revokes every session of the identity when the change deletes it.
    ///
    /// MUST return `NotFound` when there is no such identity and `Rejected` with `change`'s
    /// error, writing nothing; `Conflict` when a restored identity collides with a live one.
    fn update<E, F>(
        &self,
        id: IdentityId,
        change: F,
    ) -> impl Future<Output = Result<Identity, ChangeError<E>>> + Send
    where
        F: FnOnce(Identity) -> Result<Identity, E> + Send + 'static,
        E: Send + 'static;

    /// Erases the identity with `id` with its sessions and nonces; returns whether there was one.
    fn delete(&self, id: IdentityId) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The live identities that match `filter`, as `scan` asks.
    fn list(
        &self,
        filter: &IdentityFilter,
        scan: Scan<'_, IdentitySortField>,
    ) -> impl Future<Output = Result<Vec<Identity>, StoreError>> + Send;

    /// How many live identities match `filter`: exact up to the domain's limit, an estimate above.
    fn count(
        &self,
        filter: &IdentityFilter,
    ) -> impl Future<Output = Result<Total, StoreError>> + Send;

    /// In one transaction: finds the live identity of `candidate`'s game, kind and external key
    /// (creating `candidate` when there is none, also when a concurrent call races to create
    /// it), sets its display name to `display_name` when one is given, and inserts the session
    /// `session` builds for it.
    ///
    /// MUST create at most one identity however many calls race for the same key.
    fn start_session<F>(
        &self,
        candidate: &Identity,
        display_name: Option<&IdentityDisplayName>,
        session: F,
    ) -> impl Future<Output = Result<(Identity, ClientSession), StoreError>> + Send
    where
        F: FnOnce(&Identity) -> ClientSession + Send + 'static;
}
