//! Rotating a session's tokens.

use roster_domain::client_session::{ClientSession, Refresh, RefreshRefusal, TokenType};

use super::{ClientSessions, SessionTokens, issue};
use crate::ports::{
    AccountStore, ChangeError, Clock, GameStore, IdentityStore, Random, SessionStore, SigningError,
    StoreError, TokenCodec,
};

/// Why no new pair was issued.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// The refresh token is invalid or expired, was reused (which revoked its session), or its
    /// session, identity, game or account is gone.
    #[error("Invalid or expired refresh token")]
    Invalid,
    /// Tokens could not be signed.
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S, C, R, T> ClientSessions<S, C, R, T>
where
    S: GameStore + AccountStore + IdentityStore + SessionStore,
    C: Clock,
    R: Random,
    T: TokenCodec,
{
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
        let credential = self
            .store
            .credential(claims.session_id)
            .await?
            .ok_or(RefreshError::Invalid)?;
        // The session's identity, game and account must still be usable; the session's own
        // state is judged below, under its lock.
        if !credential.surroundings_usable() {
            return Err(RefreshError::Invalid);
        }
        let now = self.clock.now();
        let session = self
            .store
            .update_session(
                claims.session_id,
                move |session: ClientSession| match session.refresh(&claims, now) {
                    Ok(Refresh::Rotated(next)) => Ok(*next),
                    Ok(Refresh::Replayed) => Ok(session),
                    Err(RefreshRefusal::Reuse) => Ok(session.revoked(now)),
                    Err(refusal) => Err(refusal),
                },
            )
            .await
            .map_err(|error| match error {
                ChangeError::Store(error) => RefreshError::Store(error),
                ChangeError::NotFound | ChangeError::Rejected(_) | ChangeError::Conflict => {
                    RefreshError::Invalid
                }
            })?;
        if session.is_revoked() {
            return Err(RefreshError::Invalid);
        }
        Ok(issue(&self.tokens, &session)?)
    }
}
