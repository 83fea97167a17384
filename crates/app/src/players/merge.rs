//! Merging one player into another: the same person ended up with two.

use roster_domain::PlayerId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::player::{self, Merge, MergeRefusal};
use roster_domain::policy::{Action, Forbidden};
use roster_domain::principal::Principal;
use serde_json::json;

use super::read::{authorized_player, with_bans};
use super::{PlayerDb, PlayerView, Players};
use crate::audit::{self, Change};
use crate::lookup::{LookupError, Resource};
use crate::ports::{Clock, PlayerRows, Revocation, Revocations, SessionRows, StoreError};

/// Why no merge happened.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A player belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// One of the players does not exist.
    #[error("Player not found")]
    NotFound,
    /// The domain refuses the merge.
    #[error(transparent)]
    Refused(#[from] MergeRefusal),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<LookupError> for MergeError {
    fn from(error: LookupError) -> Self {
        match error {
            LookupError::Forbidden(forbidden) => Self::Forbidden(forbidden),
            LookupError::NotFound(_) => Self::NotFound,
            LookupError::Store(error) => Self::Store(error),
        }
    }
}

impl<D: PlayerDb, C: Clock> Players<D, C> {
    /// In one transaction, both players locked (in id order, so two merges of the same pair
    /// never deadlock): every identity and ban of `from` moves to `into`, `from`'s sessions
    /// end, and `from` is soft-deleted pointing at `into`. The same merge again changes
    /// nothing and answers the same.
    pub(super) async fn merge_players(
        &self,
        principal: &Principal,
        into: PlayerId,
        from: PlayerId,
    ) -> Result<PlayerView, MergeError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let (first, second) = if into <= from {
                    (into, from)
                } else {
                    (from, into)
                };
                let a = authorized_player(tx, principal, Action::MergePlayers, first, true).await?;
                let b =
                    authorized_player(tx, principal, Action::MergePlayers, second, true).await?;
                let (target, source) = if a.id == into { (a, b) } else { (b, a) };
                let proceed = player::merge(&target, &source)? == Merge::Proceed;
                let changes = if proceed {
                    Changes::none().with("merged_from", json!(source.id.to_string()))
                } else {
                    Changes::none()
                };
                if proceed {
                    tx.move_identities(source.id, target.id, now).await?;
                    tx.move_bans(source.id, target.id).await?;
                    tx.revoke_sessions_of_player(source.id, now).await?;
                    tx.update_player(&source.merged_into(target.id, now))
                        .await?;
                    tx.announce(Revocation::Player(source.id)).await?;
                    tx.announce(Revocation::Player(target.id)).await?;
                }
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::PlayerMerged,
                        target: AuditTarget::new(TargetKind::Player, target.id),
                        account_id: target.account_id,
                        changes,
                        at: now,
                    },
                )
                .await?;
                let mut views = with_bans(tx, vec![target], now).await?;
                views
                    .pop()
                    .ok_or(MergeError::from(LookupError::NotFound(Resource::Player)))
            })
            .await
    }
}
