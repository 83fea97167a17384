//! Every proof check sign-in makes, behind one value: the app's `Proofs` is the sum of the
//! checks' ports, and this answers each from the adapter that makes it.

use roster_app::ports::{
    CustomTokenVerifier, InvalidToken, SteamCheckError, SteamTickets, TicketCheck,
};
use roster_domain::custom_token::CustomClaims;
use roster_domain::steam::SteamVerdict;

use super::custom_tokens::JwtCustomTokens;
use super::steam_tickets::SteamWebApi;

/// The proof checks of `roster serve`.
#[derive(Debug, Clone)]
pub struct ProofCheckers {
    /// Custom tokens' signatures.
    pub custom_tokens: JwtCustomTokens,
    /// Steam's Web API.
    pub steam: SteamWebApi,
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
