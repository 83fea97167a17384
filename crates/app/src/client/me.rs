//! The client's own identity.

use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::client_session::ClientPrincipal;
use roster_domain::identity::{Identity, IdentityChanges, IdentityDisplayName};
use roster_domain::nonce::{NonceRefusal, presented, refusal};
use roster_domain::soft_delete::Gone;

use super::{ClientDb, ClientSessions, rename_player};
use crate::audit::{self, Change};
use crate::ports::{
    Clock, IdentityRows, PlayerRows, Random, SessionRows, StoreError, TokenCodec, WriteError,
};

/// The client's identity and the live identities of its player (that one among them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// The identity the client signed in as.
    pub identity: Identity,
    /// Every live identity of its player, oldest first.
    pub identities: Vec<Identity>,
}

/// Why the identity was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetMeError {
    /// The identity is gone (between authentication and now).
    #[error("Identity not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why the identity was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateMeError {
    /// The nonce does not make the request acceptable.
    #[error(transparent)]
    Nonce(#[from] NonceRefusal),
    /// The identity is gone (between authentication and now).
    #[error("Identity not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    pub(super) async fn get_me(&self, client: &ClientPrincipal) -> Result<Me, GetMeError> {
        self.db
            .read(async |conn: &mut D::Conn| {
                let identity = conn
                    .identity(client.identity_id)
                    .await?
                    .filter(|identity| !identity.is_deleted())
                    .ok_or(GetMeError::NotFound)?;
                let identities = conn.player_identities(identity.player_id).await?;
                Ok(Me {
                    identity,
                    identities,
                })
            })
            .await
    }

    /// Spends the nonce and changes the display name in one transaction: of many requests
    /// with one nonce, one goes on (the nonce is used by one conditional update).
    pub(super) async fn change_me(
        &self,
        client: &ClientPrincipal,
        nonce: Option<&str>,
        display_name: Option<IdentityDisplayName>,
    ) -> Result<Me, UpdateMeError> {
        let value = presented(nonce)?;
        let now = self.clock.now();
        let identity_id = client.identity_id;
        self.db
            .transaction(async |tx: &mut D::Conn| {
                if let Err(stored) = tx.use_nonce(value, identity_id, now).await? {
                    return Err(refusal(stored.as_ref(), identity_id, now).into());
                }
                let before = tx
                    .lock_identity(identity_id)
                    .await?
                    .ok_or(UpdateMeError::NotFound)?;
                let changes = IdentityChanges {
                    display_name: Some(display_name.clone()),
                    deleted: None,
                };
                let after = before
                    .apply(&changes, now)
                    .map_err(|Gone| UpdateMeError::NotFound)?;
                tx.update_identity(&after)
                    .await
                    .map_err(|error| match error {
                        WriteError::Conflict => UpdateMeError::NotFound,
                        WriteError::Store(error) => error.into(),
                    })?;
                rename_player(tx, after.player_id, display_name.clone(), now).await?;
                let change = Change {
                    action: AuditAction::IdentityUpdated,
                    target: AuditTarget::new(TargetKind::Identity, identity_id),
                    account_id: after.account_id,
                    changes: Changes::updated(&before, &after),
                    at: now,
                };
                audit::by_client(tx, client, change).await?;
                let identities = tx.player_identities(after.player_id).await?;
                Ok(Me {
                    identity: after,
                    identities,
                })
            })
            .await
    }
}
