//! Checking the signature of a custom token (a JWT a studio's backend signed).

use roster_domain::custom_token::CustomClaims;

/// A custom token whose signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Invalid custom token")]
pub struct InvalidToken;

/// Verifies custom tokens (HS256 JWTs).
pub trait CustomTokenVerifier: Send + Sync + 'static {
    /// The claims of `token` when it is an HS256 JWT signed with one of `secrets`.
    ///
    /// MUST refuse, with `InvalidToken`, a token that is malformed, names any algorithm but
    /// HS256 (`none` and the asymmetric ones included), or whose signature matches none of
    /// `secrets`. MUST NOT judge the claims' times or subject: the domain does.
    fn verify(&self, token: &str, secrets: &[Vec<u8>]) -> Result<CustomClaims, InvalidToken>;
}
