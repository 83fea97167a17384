//! Authenticating game clients by their access token.

use roster_domain::ban::Ban;
use roster_domain::client_session::{ClientPrincipal, CredentialRefusal, TokenType};

use super::{ClientDb, ClientSessions};
use crate::ports::{Clock, Random, SessionRows, StoreError, TokenCodec};

/// Why a client was not authenticated.
#[derive(Debug, thiserror::Error)]
pub enum ClientAuthError {
    /// No bearer token.
    #[error("Bearer access token required")]
    Missing,
    /// The token is invalid or expired, or its session, identity, game or account is gone.
    #[error("Invalid or expired token")]
    Invalid,
    /// The token works, but its player is banned.
    #[error("The player is banned")]
    Banned(Box<Ban>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    /// Verifies the token, then reads its session's state: a revoked session, a deleted
    /// identity or game, a suspended or deleted account stop an unexpired token at once, and a
    /// ban of its player refuses it for as long as the ban applies.
    pub(super) async fn authenticate_client(
        &self,
        bearer: Option<&str>,
    ) -> Result<ClientPrincipal, ClientAuthError> {
        let token = bearer
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(ClientAuthError::Missing)?;
        let claims = self
            .tokens
            .verify(token, TokenType::Access)
            .map_err(|_| ClientAuthError::Invalid)?;
        let now = self.clock.now();
        let credential = self
            .db
            .read(async |conn: &mut D::Conn| conn.session_credential(claims.session_id, now).await)
            .await?
            .ok_or(ClientAuthError::Invalid)?;
        credential
            .authenticate(&claims, now)
            .map_err(|refusal| match refusal {
                CredentialRefusal::Invalid => ClientAuthError::Invalid,
                CredentialRefusal::Banned(ban) => ClientAuthError::Banned(ban),
            })
    }
}
