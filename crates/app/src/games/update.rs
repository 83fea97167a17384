//! Changing a game.

use roster_domain::GameId;
use roster_domain::game::{Game, GameChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::Games;
use crate::ports::{AccountStore, ChangeError, Clock, GameStore, StoreError};

/// Why a game was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateGameError {
    /// The game belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such game, or it is deleted and the change does not restore it.
    #[error("Game not found")]
    NotFound,
    /// The new slug (or the restored game's) belongs to another live game of the account.
    #[error("A game with this slug already exists in this account")]
    SlugTaken,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: GameStore + AccountStore, C: Clock> Games<S, C> {
    pub(super) async fn update_game(
        &self,
        principal: &Principal,
        id: GameId,
        changes: GameChanges,
    ) -> Result<Game, UpdateGameError> {
        let principal = *principal;
        let now = self.clock.now();
        GameStore::update(&self.store, id, move |before: Game| {
            policy::authorize(
                &principal,
                Action::UpdateGame,
                Target::Account(before.account_id),
            )?;
            before
                .apply(&changes, now)
                .map_err(|_| UpdateGameError::NotFound)
        })
        .await
        .map_err(|error| match error {
            ChangeError::NotFound => UpdateGameError::NotFound,
            ChangeError::Rejected(error) => error,
            ChangeError::Conflict => UpdateGameError::SlugTaken,
            ChangeError::Store(error) => UpdateGameError::Store(error),
        })
    }
}
