//! Games in memory.

use roster_domain::etag::Version;
use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::{Scan, Total};
use roster_domain::slug::{Slug, SlugBase};
use roster_domain::{AccountId, GameId};

use super::{FakeConn, versioned};
use crate::ports::{GameFilter, GameInsertError, GameRows, ListRows, StoreError, WriteError};

impl FakeConn {
    /// Whether another live game of `game`'s account has its slug (the unique index).
    fn game_slug_taken(&self, game: &Game) -> bool {
        !game.is_deleted()
            && self.tables.games.values().any(|other| {
                other.id != game.id
                    && other.account_id == game.account_id
                    && !other.is_deleted()
                    && other.slug == game.slug
            })
    }

    fn live_games<'a>(&'a self, filter: &'a GameFilter) -> impl Iterator<Item = &'a Game> {
        self.tables.games.values().filter(move |game| {
            !game.is_deleted()
                && filter
                    .account
                    .is_none_or(|account| game.account_id == account)
                && filter.slug.as_ref().is_none_or(|slug| &game.slug == slug)
                && filter.q.as_ref().is_none_or(|q| {
                    let prefix = q.as_str().to_lowercase();
                    game.name.as_str().to_lowercase().starts_with(&prefix)
                        || game.slug.as_str().starts_with(&prefix)
                })
        })
    }
}

impl GameRows for FakeConn {
    async fn insert_game(&mut self, game: &Game) -> Result<(), GameInsertError> {
        if !self.tables.accounts.contains_key(&game.account_id) {
            return Err(GameInsertError::AccountMissing);
        }
        if self.game_slug_taken(game) {
            return Err(GameInsertError::SlugTaken);
        }
        self.tables.games.insert(game.id, game.clone());
        Ok(())
    }

    async fn game_slugs_like(
        &mut self,
        account: AccountId,
        base: &SlugBase,
        limit: usize,
    ) -> Result<Vec<Slug>, StoreError> {
        let dashed = format!("{}-", base.as_str());
        Ok(self
            .tables
            .games
            .values()
            .filter(|game| game.account_id == account && !game.is_deleted())
            .filter(|game| {
                game.slug.as_str() == base.as_str() || game.slug.as_str().starts_with(&dashed)
            })
            .map(|game| game.slug.clone())
            .take(limit)
            .collect())
    }

    async fn game(&mut self, id: GameId) -> Result<Option<Game>, StoreError> {
        Ok(self.tables.games.get(&id).cloned())
    }

    async fn lock_game(&mut self, id: GameId) -> Result<Option<Game>, StoreError> {
        Ok(self.tables.games.get(&id).cloned())
    }

    async fn update_game(&mut self, game: &Game) -> Result<Version, WriteError> {
        if self.game_slug_taken(game) {
            return Err(WriteError::Conflict);
        }
        let written = versioned(self.tables.games.get(&game.id), game);
        let version = written.version;
        self.tables.games.insert(game.id, written);
        Ok(version)
    }

    async fn delete_game(&mut self, id: GameId) -> Result<bool, StoreError> {
        Ok(self.tables.games.remove(&id).is_some())
    }
}

impl ListRows<Game, GameSortField, GameFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &GameFilter,
        scan: Scan<'_, GameSortField>,
    ) -> Result<Vec<Game>, StoreError> {
        Ok(scan.select(self.live_games(filter).cloned()))
    }

    async fn total(&mut self, filter: &GameFilter) -> Result<Total, StoreError> {
        let count = u64::try_from(self.live_games(filter).count()).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}
