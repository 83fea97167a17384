//! Rotating a session's tokens.

use roster_domain::audit::{Actor, AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::ban::Ban;
use roster_domain::client_session::{Refresh, RefreshRefusal, TokenType};

use super::{ClientDb, ClientSessions, SessionTokens, issue};
use crate::audit::{self, Change};
use crate::ports::{
    Clock, Random, Revocation, Revocations, SessionRows, SigningError, StoreError, TokenCodec,
};

/// Why no new pair was issued.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// The refresh token is invalid or expired, was reused (which revoked its session), or its
    /// session, identity, game or account is gone.
    #[error("Invalid or expired refresh token")]
    Invalid,
    /// The session's player is banned.
    #[error("The player is banned")]
    Banned(Box<Ban>),
    /// Tokens could not be signed.
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    /// Rotates under the session's row lock, so two refreshes racing with one token are
    /// serialized: the second finds the rotation and, within the grace window, gets the same
    /// pair. Reuse outside it revokes the session (and that write is kept).
    pub(super) async fn refresh_session(
        &self,
        refresh_token: &str,
    ) -> Result<SessionTokens, RefreshError> {
        let claims = self
            .tokens
            .verify(refresh_token, TokenType::Refresh)
            .map_err(|_| RefreshError::Invalid)?;
        let now = self.clock.now();
        let session = self
            .db
            .transaction(async |tx: &mut D::Conn| {
                let credential = tx
                    .session_credential(claims.session_id, now)
                    .await?
                    .ok_or(RefreshError::Invalid)?;
                // The session's identity, game and account must still be usable; the
                // session's own state is judged below, under its lock.
                if !credential.surroundings_usable() {
                    return Err(RefreshError::Invalid);
                }
                if let Some(ban) = credential.ban {
                    return Err(RefreshError::Banned(Box::new(ban)));
                }
                let session = tx
                    .lock_session(claims.session_id)
                    .await?
                    .ok_or(RefreshError::Invalid)?;
                let next = match session.refresh(&claims, now) {
                    Ok(Refresh::Rotated(next)) => *next,
                    Ok(Refresh::Replayed) => return Ok(session),
                    // A stolen token: the session ends, and that is written (the refresh is
                    // still refused, below).
                    Err(RefreshRefusal::Reuse) => session.revoked(now),
                    Err(_) => return Err(RefreshError::Invalid),
                };
                tx.update_session(&next).await?;
                if next.is_revoked() {
                    tx.announce(Revocation::Session(next.id)).await?;
                }
                let action = if next.is_revoked() {
                    AuditAction::SessionRevoked
                } else {
                    AuditAction::SessionRefreshed
                };
                let actor = Actor::Identity {
                    identity_id: next.identity_id,
                    player_id: next.player_id,
                };
                let change = Change {
                    action,
                    target: AuditTarget::new(TargetKind::Session, next.id),
                    account_id: next.account_id,
                    changes: Changes::updated(&session, &next),
                    at: now,
                };
                audit::by_actor(tx, actor, change).await?;
                Ok(next)
            })
            .await?;
        if session.is_revoked() {
            return Err(RefreshError::Invalid);
        }
        Ok(issue(&self.tokens, &session)?)
    }
}
