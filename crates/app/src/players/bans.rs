//! Banning a player, its ban history, and lifting a ban.

use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::ban::{Ban, BanError, BanSortField};
use roster_domain::pagination::FingerprintBuilder;
use roster_domain::policy::{Action, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::{BanId, PlayerId};

use super::read::authorized_player;
use super::{NewBan, PlayerDb, Players};
use crate::audit::{self, Change};
use crate::lookup::{LookupError, Resource};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{BanFilter, Clock, PlayerRows, Revocation, Revocations, StoreError};

/// Why no ban was made.
#[derive(Debug, thiserror::Error)]
pub enum BanPlayerError {
    /// The player belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such player, or it was merged away.
    #[error("Player not found")]
    NotFound,
    /// The ban would never apply.
    #[error(transparent)]
    Invalid(#[from] BanError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<LookupError> for BanPlayerError {
    fn from(error: LookupError) -> Self {
        match error {
            LookupError::Forbidden(forbidden) => Self::Forbidden(forbidden),
            LookupError::NotFound(_) => Self::NotFound,
            LookupError::Store(error) => Self::Store(error),
        }
    }
}

impl Fingerprinted for BanFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder.filter("player_id", Some(&self.player.to_string()))
    }
}

impl<D: PlayerDb, C: Clock> Players<D, C> {
    /// Bans from now, under the player's lock; every replica refuses the player's next
    /// request (the check reads the ban table; the notification tells caches).
    pub(super) async fn ban_player(
        &self,
        principal: &Principal,
        id: PlayerId,
        ban: NewBan,
    ) -> Result<Ban, BanPlayerError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let player = authorized_player(tx, principal, Action::BanPlayer, id, true).await?;
                if player.is_deleted() {
                    return Err(BanPlayerError::NotFound);
                }
                let ban = Ban::new(
                    &player,
                    ban.reason.clone(),
                    ban.expires_at,
                    Some(principal.user_id),
                    now,
                )?;
                tx.insert_ban(&ban).await?;
                tx.announce(Revocation::Player(id)).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::PlayerBanned,
                        target: AuditTarget::new(TargetKind::Player, id),
                        account_id: player.account_id,
                        changes: Changes::created(&ban),
                        at: now,
                    },
                )
                .await?;
                Ok(ban)
            })
            .await
    }

    /// The player's bans, lifted and lapsed ones included.
    pub(super) async fn list_bans(
        &self,
        principal: &Principal,
        id: PlayerId,
        page: PageParams<BanSortField>,
    ) -> Result<Listing<Ban>, ListError> {
        self.db
            .read(async |conn: &mut D::Conn| {
                authorized_player(conn, principal, Action::ReadPlayer, id, false)
                    .await
                    .map_err(ListError::from)
            })
            .await?;
        let endpoint = "GET /v1/players/{player_id}/bans";
        pagination::list(
            &self.db,
            &self.cursors,
            endpoint,
            &BanFilter { player: id },
            &page,
        )
        .await
    }

    /// Lifts the ban (recording who and when); lifting one already lifted changes nothing.
    pub(super) async fn lift_ban(
        &self,
        principal: &Principal,
        id: PlayerId,
        ban: BanId,
    ) -> Result<Ban, LookupError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let player = authorized_player(tx, principal, Action::BanPlayer, id, true).await?;
                let stored = tx
                    .lock_ban(ban)
                    .await?
                    .filter(|stored| stored.player_id == id)
                    .ok_or(LookupError::NotFound(Resource::Ban))?;
                let lifted = stored.lifted(Some(principal.user_id), now);
                if lifted != stored {
                    tx.update_ban(&lifted).await?;
                    tx.announce(Revocation::Player(id)).await?;
                }
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::PlayerUnbanned,
                        target: AuditTarget::new(TargetKind::Player, id),
                        account_id: player.account_id,
                        changes: Changes::updated(&stored, &lifted)
                            .with("ban_id", serde_json::json!(ban.to_string())),
                        at: now,
                    },
                )
                .await?;
                Ok(lifted)
            })
            .await
    }
}
