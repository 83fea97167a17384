//! Renaming and erasing players.

use roster_domain::PlayerId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::player::PlayerChanges;
use roster_domain::policy::Action;
use roster_domain::principal::Principal;

use super::read::{authorized_player, with_bans};
use super::{PlayerDb, PlayerView, Players};
use crate::audit::{self, Change};
use crate::lookup::{LookupError, Resource};
use crate::ports::{Clock, PlayerRows, Revocation, Revocations};

impl<D: PlayerDb, C: Clock> Players<D, C> {
    /// Renames under the player's lock; a merged-away player takes no change.
    pub(super) async fn update_player(
        &self,
        principal: &Principal,
        id: PlayerId,
        changes: PlayerChanges,
    ) -> Result<PlayerView, LookupError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let before =
                    authorized_player(tx, principal, Action::UpdatePlayer, id, true).await?;
                if before.is_deleted() {
                    return Err(LookupError::NotFound(Resource::Player));
                }
                let after = before.apply(&changes, now);
                if after != before {
                    tx.update_player(&after).await?;
                }
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::PlayerUpdated,
                        target: AuditTarget::new(TargetKind::Player, id),
                        account_id: after.account_id,
                        changes: Changes::updated(&before, &after),
                        at: now,
                    },
                )
                .await?;
                let mut views = with_bans(tx, vec![after], now).await?;
                views.pop().ok_or(LookupError::NotFound(Resource::Player))
            })
            .await
    }

    /// Erases the player with its identities, sessions, nonces and bans (player data
    /// erasure); its sessions stop at once on every replica.
    pub(super) async fn delete_player(
        &self,
        principal: &Principal,
        id: PlayerId,
    ) -> Result<(), LookupError> {
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let player =
                    authorized_player(tx, principal, Action::DeletePlayer, id, true).await?;
                tx.delete_player(id).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::PlayerDeleted,
                        target: AuditTarget::new(TargetKind::Player, id),
                        account_id: player.account_id,
                        changes: Changes::erased(&player),
                        at: self.clock.now(),
                    },
                )
                .await?;
                tx.announce(Revocation::Player(id)).await?;
                Ok(())
            })
            .await
    }
}
