//! Games in storage.

use std::future::Future;

use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::{Scan, Total};
use roster_domain::search::SearchPrefix;
use roster_domain::slug::{Slug, SlugBase};
use roster_domain::{AccountId, GameId};

use super::{ChangeError, StoreError};

/// Which non-deleted games a list or a count covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GameFilter {
    /// Only games of this account.
    pub account: Option<AccountId>,
    /// Only games with this slug.
    pub slug: Option<Slug>,
    /// Only games whose name or slug starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
}

/// Why a game could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum GameInsertError {
    /// A live game of the same account has the slug.
    #[error("the slug is taken")]
    SlugTaken,
    /// The account does not exist.
    #[error("the account does not exist")]
    AccountMissing,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores games.
pub trait GameStore: Send + Sync + 'static {
    /// Inserts a new game.
    ///
    /// MUST return `SlugTaken` when a live game of the account has the slug (a unique constraint
    /// decides) and `AccountMissing` when the account does not exist, inserting nothing.
    fn insert(&self, game: &Game) -> impl Future<Output = Result<(), GameInsertError>> + Send;

    /// The slugs of live games of `account` that are `base` or start with `base-`, at most `limit`.
    fn game_slugs_like(
        &self,
        account: AccountId,
        base: &SlugBase,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Slug>, StoreError>> + Send;

    /// The game with `id`, deleted or not.
    fn get(&self, id: GameId) -> impl Future<Output = Result<Option<Game>, StoreError>> + Send;

    /// In one transaction: locks the game with `id`, passes it to `change`, writes back what
    /// `change` returns.
    ///
    /// MUST return `NotFound` when there is no such game, `Rejected` with `change`'s error, and
    /// `Conflict` when the written slug collides with a live game of the account; in every error
    /// case nothing is written.
    fn update<E, F>(
        &self,
        id: GameId,
        change: F,
    ) -> impl Future<Output = Result<Game, ChangeError<E>>> + Send
    where
        F: FnOnce(Game) -> Result<Game, E> + Send + 'static,
        E: Send + 'static;

    /// Erases the game with `id` and its identities, their sessions and nonces; returns whether
    /// there was one.
    fn delete(&self, id: GameId) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The live games that match `filter`, as `scan` asks.
    fn list(
        &self,
        filter: &GameFilter,
        scan: Scan<'_, GameSortField>,
    ) -> impl Future<Output = Result<Vec<Game>, StoreError>> + Send;

    /// How many live games match `filter`: exact up to the domain's limit, an estimate above.
    fn count(&self, filter: &GameFilter) -> impl Future<Output = Result<Total, StoreError>> + Send;
}
