//! Unlinking an identity from the client's player.

use roster_domain::IdentityId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::client_session::ClientPrincipal;
use roster_domain::identity::IdentityChanges;
use roster_domain::nonce::{NonceRefusal, presented, refusal};
use roster_domain::player::{self, UnlinkRefusal};

use super::{ClientDb, ClientSessions};
use crate::audit::{self, Change};
use crate::ports::{
    Clock, IdentityRows, PlayerRows, Random, Revocation, Revocations, SessionRows, StoreError,
    TokenCodec, WriteError,
};

/// Why the identity stayed.
#[derive(Debug, thiserror::Error)]
pub enum UnlinkError {
    /// The nonce does not make the request acceptable.
    #[error(transparent)]
    Nonce(#[from] NonceRefusal),
    /// The domain refuses: not the player's, or its last identity.
    #[error(transparent)]
    Refused(#[from] UnlinkRefusal),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    /// In one transaction, under the player's lock (so two unlinks cannot leave it with
    /// none): spends the nonce, soft-deletes the identity (its key is free for a new sign-in,
    /// which makes a new player; an admin may restore it to this one) and ends its sessions.
    pub(super) async fn unlink_identity(
        &self,
        client: &ClientPrincipal,
        nonce: Option<&str>,
        identity_id: IdentityId,
    ) -> Result<(), UnlinkError> {
        let value = presented(nonce)?;
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<(), UnlinkError> {
                if let Err(stored) = tx.use_nonce(value, client.identity_id, now).await? {
                    return Err(refusal(stored.as_ref(), client.identity_id, now).into());
                }
                tx.lock_player(client.player_id)
                    .await?
                    .ok_or(UnlinkRefusal::NotLinked)?;
                let identity = tx
                    .lock_identity(identity_id)
                    .await?
                    .ok_or(UnlinkRefusal::NotLinked)?;
                let live = tx.player_identities(client.player_id).await?;
                player::unlink(client.player_id, &identity, &live)?;
                let changes = IdentityChanges {
                    display_name: None,
                    deleted: Some(true),
                };
                let unlinked = identity
                    .apply(&changes, now)
                    .map_err(|_| UnlinkRefusal::NotLinked)?;
                tx.update_identity(&unlinked)
                    .await
                    .map_err(|error| match error {
                        WriteError::Conflict => {
                            StoreError::Internal("a soft delete collided".into())
                        }
                        WriteError::Store(error) => error,
                    })?;
                tx.revoke_sessions_of_identity(identity_id, now).await?;
                tx.announce(Revocation::Identity(identity_id)).await?;
                let change = Change {
                    action: AuditAction::IdentityUnlinked,
                    target: AuditTarget::new(TargetKind::Identity, identity_id),
                    account_id: unlinked.account_id,
                    changes: Changes::updated(&identity, &unlinked),
                    at: now,
                };
                audit::by_client(tx, client, change).await?;
                Ok(())
            })
            .await
    }
}
