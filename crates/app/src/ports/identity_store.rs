//! Identities in storage.

use std::future::Future;

use roster_domain::etag::Version;
use roster_domain::identity::{Identity, IdentityKind};
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;
use roster_domain::{AccountId, GameId, IdentityId, PlayerId};

use super::{StoreError, WriteError};

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
    /// Only the identities with exactly this external key (an index lookup at any depth).
    pub external_key: Option<String>,
    /// Only identities an OpenID provider of this name vouched for.
    pub provider: Option<Slug>,
    /// Only identities of this player.
    pub player: Option<PlayerId>,
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

/// The identity primitives of a connection.
pub trait IdentityRows: Send {
    /// Inserts a new identity.
    ///
    /// MUST return `Duplicate` when a live identity of the game has its kind, provider and
    /// external key (a unique constraint decides, a null provider equal to another) and `GameMissing` when its game does not exist in its
    /// account, inserting nothing.
    fn insert_identity(
        &mut self,
        identity: &Identity,
    ) -> impl Future<Output = Result<(), IdentityInsertError>> + Send;

    /// Inserts `candidate` unless a live identity of its game, kind, provider and external key
    /// exists;
    /// the inserted identity, or `None`. A concurrent insert of the same key is waited for, so
    /// that of racing calls exactly one inserts and the others see its identity.
    fn insert_identity_unless_live(
        &mut self,
        candidate: &Identity,
    ) -> impl Future<Output = Result<Option<Identity>, StoreError>> + Send;

    /// The live identity with the game, kind, provider and external key of `like`, as last
    /// committed (not locked).
    fn live_identity(
        &mut self,
        like: &Identity,
    ) -> impl Future<Output = Result<Option<Identity>, StoreError>> + Send;

    /// The live identity with the game, kind, provider and external key of `like`, locked
    /// until the transaction ends.
    fn lock_live_identity(
        &mut self,
        like: &Identity,
    ) -> impl Future<Output = Result<Option<Identity>, StoreError>> + Send;

    /// The identity with `id`, deleted or not.
    fn identity(
        &mut self,
        id: IdentityId,
    ) -> impl Future<Output = Result<Option<Identity>, StoreError>> + Send;

    /// The identity with `id`, deleted or not, locked until the transaction ends.
    fn lock_identity(
        &mut self,
        id: IdentityId,
    ) -> impl Future<Output = Result<Option<Identity>, StoreError>> + Send;

    /// Writes `identity` over the stored identity with its id.
    ///
    /// MUST return `Conflict` when a restored identity collides with a live one of the same
    /// game, kind and external key.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_identity(
        &mut self,
        identity: &Identity,
    ) -> impl Future<Output = Result<Version, WriteError>> + Send;

    /// Erases the identity with `id` with its sessions and nonces; whether there was one.
    fn delete_identity(
        &mut self,
        id: IdentityId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
