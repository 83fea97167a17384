//! Erasing a game.

use roster_domain::GameId;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::Games;
use crate::ports::{AccountStore, Clock, GameStore, StoreError};

/// Why a game was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteGameError {
    /// The game belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such game.
    #[error("Game not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: GameStore + AccountStore, C: Clock> Games<S, C> {
    /// Erases the game with its identities, their sessions and nonces; soft-deleted games too.
    pub(super) async fn delete_game(
        &self,
        principal: &Principal,
        id: GameId,
    ) -> Result<(), DeleteGameError> {
        let game = GameStore::get(&self.store, id)
            .await?
            .ok_or(DeleteGameError::NotFound)?;
        policy::authorize(
            principal,
            Action::DeleteGame,
            Target::Account(game.account_id),
        )?;
        if GameStore::delete(&self.store, id).await? {
            Ok(())
        } else {
            Err(DeleteGameError::NotFound)
        }
    }
}
