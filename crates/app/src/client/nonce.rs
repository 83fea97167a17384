//! Issuing nonces.

use roster_domain::Timestamp;
use roster_domain::client_session::ClientPrincipal;
use roster_domain::nonce::Nonce;
use uuid::Uuid;

use super::{ClientDb, ClientSessions};
use crate::ports::{Clock, Random, RandomError, SessionRows, StoreError, TokenCodec};

/// A nonce as the client receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedNonce {
    /// The value to send as `leadr-client-nonce`.
    pub value: Uuid,
    /// When it stops being usable.
    pub expires_at: Timestamp,
}

/// Why no nonce was issued.
#[derive(Debug, thiserror::Error)]
pub enum NonceError {
    /// No secure randomness.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    pub(super) async fn issue_nonce(
        &self,
        client: &ClientPrincipal,
    ) -> Result<IssuedNonce, NonceError> {
        let mut bytes = [0; 16];
        self.random.fill(&mut bytes)?;
        let nonce = Nonce::issue(bytes, client.identity_id, self.clock.now());
        self.db
            .read(async |conn: &mut D::Conn| conn.insert_nonce(&nonce).await)
            .await?;
        Ok(IssuedNonce {
            value: nonce.value,
            expires_at: nonce.expires_at,
        })
    }
}
