//! Renaming and erasing players.

use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, Versioned};
use roster_domain::player::{Player, PlayerChanges};
use roster_domain::policy::Action;
use roster_domain::principal::Principal;
use roster_domain::{PlayerId, Timestamp};

use super::read::{authorized_player, with_bans};
use super::{PlayerConn, PlayerDb, PlayerView, Players};
use crate::audit::{self, Change};
use crate::lookup::{ChangeError, Resource};
use crate::ports::{Clock, PlayerRows, Revocation, Revocations};

impl<D: PlayerDb, C: Clock> Players<D, C> {
    /// Renames under the player's lock, where `if_match` is checked; a merged-away player
    /// takes no change.
    pub(super) async fn update_player(
        &self,
        principal: &Principal,
        id: PlayerId,
        changes: PlayerChanges,
        if_match: IfMatch,
    ) -> Result<PlayerView, ChangeError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let before =
                    authorized_player(tx, principal, Action::UpdatePlayer, id, true).await?;
                if before.is_deleted() {
                    return Err(ChangeError::NotFound(Resource::Player));
                }
                check_tag(tx, &before, &if_match, now).await?;
                let mut after = before.apply(&changes, now);
                if after != before {
                    let version = tx.update_player(&after).await?;
                    after = after.at_version(version);
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
                views.pop().ok_or(ChangeError::NotFound(Resource::Player))
            })
            .await
    }

    /// Erases the player with its identities, sessions, nonces and bans (player data
    /// erasure); its sessions stop at once on every replica.
    pub(super) async fn delete_player(
        &self,
        principal: &Principal,
        id: PlayerId,
        if_match: IfMatch,
    ) -> Result<(), ChangeError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let player =
                    authorized_player(tx, principal, Action::DeletePlayer, id, true).await?;
                check_tag(tx, &player, &if_match, now).await?;
                tx.delete_player(id).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::PlayerDeleted,
                        target: AuditTarget::new(TargetKind::Player, id),
                        account_id: player.account_id,
                        changes: Changes::erased(&player),
                        at: now,
                    },
                )
                .await?;
                tx.announce(Revocation::Player(id)).await?;
                Ok(())
            })
            .await
    }
}

/// `Ok` when `if_match` permits a change of `player` as shown now (with the ban that prevails
/// on it); the ban is read only when `if_match` names tags.
async fn check_tag<C: PlayerConn>(
    conn: &mut C,
    player: &Player,
    if_match: &IfMatch,
    now: Timestamp,
) -> Result<(), ChangeError> {
    if !if_match.names_tags() {
        return Ok(());
    }
    let views = with_bans(conn, vec![player.clone()], now).await?;
    let view = views
        .first()
        .ok_or(ChangeError::NotFound(Resource::Player))?;
    Ok(if_match.check(&view.entity_tag())?)
}
