//! Erasing a game.

use crate::audit::{self, Change};
use crate::lookup::{ChangeError, Resource};
use roster_domain::GameId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, Versioned};
use roster_domain::policy::{self, Action, Target};
use roster_domain::principal::Principal;

use super::{GameDb, Games};
use crate::ports::{Clock, GameRows, Sealer};

impl<D: GameDb, C: Clock, S: Sealer> Games<D, C, S> {
    /// Erases the game with its identities, their sessions and nonces; soft-deleted games too.
    pub(super) async fn delete_game(
        &self,
        principal: &Principal,
        id: GameId,
        if_match: IfMatch,
    ) -> Result<(), ChangeError> {
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let game = tx
                    .lock_game(id)
                    .await?
                    .ok_or(ChangeError::NotFound(Resource::Game))?;
                policy::authorize(
                    principal,
                    Action::DeleteGame,
                    Target::Account(game.account_id),
                )?;
                if_match.check(&game.entity_tag())?;
                tx.delete_game(id).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::GameDeleted,
                        target: AuditTarget::new(TargetKind::Game, id),
                        account_id: game.account_id,
                        changes: Changes::erased(&game),
                        at: self.clock.now(),
                    },
                )
                .await?;
                Ok(())
            })
            .await
    }
}
