//! Every proof check sign-in makes, behind one value: the app's `Proofs` is the sum of the
//! checks' ports, and this answers each from the adapter that makes it.

use roster_app::ports::{
    CustomTokenVerifier, InvalidToken, OidcCheckError, OidcVerifier, SteamCheckError, SteamTickets,
    TicketCheck,
};
use roster_domain::custom_token::CustomClaims;
use roster_domain::oidc::{JwksUri, OidcClaims};
use roster_domain::steam::SteamVerdict;

use super::custom_tokens::JwtCustomTokens;
use super::oidc_keys::JwksVerifier;
use super::steam_tickets::SteamWebApi;

/// The proof checks of `roster serve`.
#[derive(Debug, Clone)]
pub struct ProofCheckers {
    /// Custom tokens' signatures.
    pub custom_tokens: JwtCustomTokens,
    /// Steam's Web API.
    pub steam: SteamWebApi,
    /// OpenID issuers' keys.
    pub oidc: JwksVerifier,
}

impl CustomTokenVerifier for ProofCheckers {
    fn verify(&self, token: &str, secrets: &[Vec<u8>]) -> Result<CustomClaims, InvalidToken> {
        self.custom_tokens.verify(token, secrets)
    }
}

impl SteamTickets for ProofCheckers {
    async fn authenticate(&self, check: TicketCheck<'_>) -> Result<SteamVerdict, SteamCheckError> {
        self.steam.authenticate(check).await
    }
}

impl OidcVerifier for ProofCheckers {
    async fn verify_id_token(
        &self,
        id_token: &str,
        jwks_uri: &JwksUri,
    ) -> Result<OidcClaims, OidcCheckError> {
        self.oidc.verify_id_token(id_token, jwks_uri).await
    }
}
