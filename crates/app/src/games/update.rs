//! Changing a game.

use roster_domain::GameId;
use roster_domain::game::{Game, GameChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::soft_delete::Gone;

use super::{GameDb, Games};
use crate::ports::{Clock, GameRows, StoreError, WriteError};

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

impl<D: GameDb, C: Clock> Games<D, C> {
    pub(super) async fn update_game(
        &self,
        principal: &Principal,
        id: GameId,
        changes: GameChanges,
    ) -> Result<Game, UpdateGameError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let before = tx.lock_game(id).await?.ok_or(UpdateGameError::NotFound)?;
                policy::authorize(
                    principal,
                    Action::UpdateGame,
                    Target::Account(before.account_id),
                )?;
                let after = before
                    .apply(&changes, now)
                    .map_err(|Gone| UpdateGameError::NotFound)?;
                tx.update_game(&after).await.map_err(|error| match error {
                    WriteError::Conflict => UpdateGameError::SlugTaken,
                    WriteError::Store(error) => error.into(),
                })?;
                Ok(after)
            })
            .await
    }
}
