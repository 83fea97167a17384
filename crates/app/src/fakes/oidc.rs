//! An OpenID issuer's keys in memory: `oidc-<n>` stands for the n-th claims signed, with the
//! JWKS URI of the keys that signed them; verifying finds them and checks that URI is the one
//! asked of. A test can also make the keys unavailable.

use roster_domain::oidc::{JwksUri, OidcClaims};

use super::FakeProofs;
use crate::ports::{OidcCheckError, OidcVerifier, TokenFault};

/// The tokens signed, and whether the keys are reachable.
#[derive(Debug, Default)]
pub(crate) struct OidcIssuers {
    signed: Vec<(String, OidcClaims)>,
    unavailable: bool,
    asked: usize,
}

impl FakeProofs {
    /// A token for `claims`, signed with the keys at `jwks_uri`.
    pub(crate) fn sign_id_token(&self, jwks_uri: &str, claims: OidcClaims) -> String {
        let mut issuers = self.oidc.lock().expect("the issuers");
        issuers.signed.push((jwks_uri.to_owned(), claims));
        format!("oidc-{}", issuers.signed.len() - 1)
    }

    /// Makes every issuer's keys unreachable.
    pub(crate) fn issuers_down(&self) {
        self.oidc.lock().expect("the issuers").unavailable = true;
    }

    /// How many id_tokens were checked.
    pub(crate) fn id_tokens_checked(&self) -> usize {
        self.oidc.lock().expect("the issuers").asked
    }
}

impl OidcVerifier for FakeProofs {
    async fn verify_id_token(
        &self,
        id_token: &str,
        jwks_uri: &JwksUri,
    ) -> Result<OidcClaims, OidcCheckError> {
        let mut issuers = self.oidc.lock().expect("the issuers");
        issuers.asked += 1;
        if issuers.unavailable {
            return Err(OidcCheckError::Unavailable {
                reason: "the fake issuer is down".into(),
                retry_after: std::time::Duration::from_secs(5),
            });
        }
        let index: usize = id_token
            .strip_prefix("oidc-")
            .and_then(|index| index.parse().ok())
            .ok_or(TokenFault::Malformed)?;
        let (uri, claims) = issuers.signed.get(index).ok_or(TokenFault::Malformed)?;
        if uri == jwks_uri.as_str() {
            Ok(claims.clone())
        } else {
            Err(TokenFault::UnknownKey.into())
        }
    }
}
