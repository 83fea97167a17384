//! The tokens of a session's current pair, signed.

use roster_domain::client_session::{ACCESS_TOKEN_LIFETIME, ClientSession};

use crate::ports::{SigningError, TokenCodec};

/// A signed pair, as the client API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTokens {
    /// The access token.
    pub access_token: String,
    /// The refresh token.
    pub refresh_token: String,
    /// Seconds the access token lives: 900.
    pub expires_in: i64,
}

/// Signs the current pair of `session`; the same state gives the same tokens.
pub fn issue<T: TokenCodec>(
    codec: &T,
    session: &ClientSession,
) -> Result<SessionTokens, SigningError> {
    let pair = session.pair();
    Ok(SessionTokens {
        access_token: codec.sign(&pair.access)?,
        refresh_token: codec.sign(&pair.refresh)?,
        expires_in: ACCESS_TOKEN_LIFETIME.whole_seconds(),
    })
}
