//! Signing and verifying client tokens.

use roster_domain::client_session::{TokenClaims, TokenType};

/// Why a token was refused. Deliberately coarse: a client learns nothing from the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    /// Malformed, forged, signed with another algorithm or key, for another issuer or audience,
    /// of the wrong type, or expired.
    #[error("invalid or expired token")]
    Invalid,
}

/// Signing failed (a bug or a broken key; never the client's fault).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not sign a token: {0}")]
pub struct SigningError(pub String);

/// Issues and verifies tokens with one pinned algorithm, issuer and audience.
pub trait TokenCodec: Send + Sync + 'static {
    /// The signed token for `claims`. The same claims MUST give the same token.
    fn sign(&self, claims: &TokenClaims) -> Result<String, SigningError>;

    /// The claims of `token` if its signature, algorithm, issuer, audience, expiry and type
    /// (`expected`) all check out.
    fn verify(&self, token: &str, expected: TokenType) -> Result<TokenClaims, TokenRejection>;
}
