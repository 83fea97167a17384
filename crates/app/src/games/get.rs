//! Reading one game.

use roster_domain::GameId;
use roster_domain::game::Game;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{GameDb, Games};
use crate::ports::{Clock, GameRows, StoreError};

/// Why a game was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetGameError {
    /// The game belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such game, or it is deleted.
    #[error("Game not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: GameDb, C: Clock> Games<D, C> {
    pub(super) async fn get_game(
        &self,
        principal: &Principal,
        id: GameId,
    ) -> Result<Game, GetGameError> {
        let game = self
            .db
            .read(async |conn: &mut D::Conn| conn.game(id).await)
            .await?
            .ok_or(GetGameError::NotFound)?;
        policy::authorize(
            principal,
            Action::ReadGame,
            Target::Account(game.account_id),
        )?;
        if game.is_deleted() {
            return Err(GetGameError::NotFound);
        }
        Ok(game)
    }
}
