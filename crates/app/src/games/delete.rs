//! Erasing a game.

use roster_domain::GameId;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{GameDb, Games};
use crate::ports::{Clock, GameRows, StoreError};

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

impl<D: GameDb, C: Clock> Games<D, C> {
    /// Erases the game with its identities, their sessions and nonces; soft-deleted games too.
    pub(super) async fn delete_game(
        &self,
        principal: &Principal,
        id: GameId,
    ) -> Result<(), DeleteGameError> {
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let game = tx.lock_game(id).await?.ok_or(DeleteGameError::NotFound)?;
                policy::authorize(
                    principal,
                    Action::DeleteGame,
                    Target::Account(game.account_id),
                )?;
                tx.delete_game(id).await?;
                Ok(())
            })
            .await
    }
}
