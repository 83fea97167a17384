//! Reading one game.

use crate::lookup::{LookupError, Resource};
use roster_domain::GameId;
use roster_domain::game::Game;
use roster_domain::policy::{self, Action, Target};
use roster_domain::principal::Principal;

use super::{GameDb, Games};
use crate::ports::{Clock, GameRows, Sealer};

impl<D: GameDb, C: Clock, S: Sealer> Games<D, C, S> {
    pub(super) async fn get_game(
        &self,
        principal: &Principal,
        id: GameId,
    ) -> Result<Game, LookupError> {
        let game = self
            .db
            .read(async |conn: &mut D::Conn| conn.game(id).await)
            .await?
            .ok_or(LookupError::NotFound(Resource::Game))?;
        policy::authorize(
            principal,
            Action::ReadGame,
            Target::Account(game.account_id),
        )?;
        if game.is_deleted() {
            return Err(LookupError::NotFound(Resource::Game));
        }
        Ok(game)
    }
}
