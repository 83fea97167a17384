//! Checking the signature of an OpenID Connect `id_token` against its issuer's keys.

use std::future::Future;
use std::time::Duration;

use roster_domain::oidc::{JwksUri, OidcClaims};

/// Why an `id_token`'s signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenFault {
    /// Not a JWT, or no `kid` in its header.
    #[error("The id_token is not a signed JWT with a key id")]
    Malformed,
    /// Its `alg` is not the one its key is for (RS256 for an RSA key, ES256 for a P-256 key):
    /// `none`, HS256 and the rest are refused before any key is tried.
    #[error("The id_token's algorithm is not its key's")]
    Algorithm,
    /// Its `kid` is none of the issuer's keys, even after fetching them again.
    #[error("The id_token was signed with a key the issuer does not publish")]
    UnknownKey,
    /// The signature does not verify.
    #[error("The id_token's signature does not verify")]
    Signature,
}

/// Why an `id_token` was not checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcCheckError {
    /// The signature does not hold.
    #[error(transparent)]
    Invalid(#[from] TokenFault),
    /// The issuer's keys could not be had (and none were cached): try again later.
    #[error("the issuer's keys are unavailable: {reason}")]
    Unavailable {
        /// What went wrong, for the log.
        reason: String,
        /// How long to wait before trying again.
        retry_after: Duration,
    },
}

/// Verifies `id_token`s with the keys an issuer publishes (a JWK Set).
pub trait OidcVerifier: Send + Sync + 'static {
    /// The claims of `id_token` when it is signed by one of the keys at `jwks_uri`.
    ///
    /// MUST take the algorithm from the key (RS256 for RSA, ES256 for P-256), never from the
    /// token alone, and refuse any other. MUST keep the keys as long as their `Cache-Control`
    /// says (bounded), and fetch them again for an unknown `kid` at most once a minute per
    /// JWKS URI. MUST answer within a bounded time. MUST NOT judge the claims: the domain does.
    fn verify_id_token(
        &self,
        id_token: &str,
        jwks_uri: &JwksUri,
    ) -> impl Future<Output = Result<OidcClaims, OidcCheckError>> + Send;
}
