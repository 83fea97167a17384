//! Games in storage: the store primitives a connection offers for them.

use std::future::Future;

use roster_domain::etag::Version;
use roster_domain::game::Game;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::{Slug, SlugBase};
use roster_domain::{AccountId, GameId};

use super::{StoreError, WriteError};

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

/// The game primitives of a connection.
pub trait GameRows: Send {
    /// Inserts a new game.
    ///
    /// MUST return `SlugTaken` when a live game of the account has the slug (a unique constraint
    /// decides) and `AccountMissing` when the account does not exist, inserting nothing.
    fn insert_game(
        &mut self,
        game: &Game,
    ) -> impl Future<Output = Result<(), GameInsertError>> + Send;

    /// The slugs of live games of `account` that are `base` or start with `base-`, at most `limit`.
    fn game_slugs_like(
        &mut self,
        account: AccountId,
        base: &SlugBase,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Slug>, StoreError>> + Send;

    /// The game with `id`, deleted or not.
    fn game(&mut self, id: GameId)
    -> impl Future<Output = Result<Option<Game>, StoreError>> + Send;

    /// The game with `id`, deleted or not, locked until the transaction ends.
    fn lock_game(
        &mut self,
        id: GameId,
    ) -> impl Future<Output = Result<Option<Game>, StoreError>> + Send;

    /// Writes `game` over the stored game with its id.
    ///
    /// MUST return `Conflict` when its slug collides with another live game of the account.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_game(
        &mut self,
        game: &Game,
    ) -> impl Future<Output = Result<Version, WriteError>> + Send;

    /// Erases the game with `id` and its identities, their sessions and nonces; whether there
    /// was one.
    fn delete_game(&mut self, id: GameId) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
