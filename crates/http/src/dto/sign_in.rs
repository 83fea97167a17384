//! Verified sign-in bodies (DESIGN §9): the proof, the game, and what the client says of
//! itself; the answer is `POST /v1/client/sessions`'s.

use roster_app::sign_in::{CustomSignIn, OidcSignIn, SteamSignIn};
use roster_domain::GameId;
use roster_domain::oidc::TokenNonce;
use roster_domain::slug::Slug;
use roster_domain::steam::{SteamTicket, TicketIdentity};

use super::client::{client_info, sign_in_request};
use super::schema::{
    GameIdSchema, SlugSchema, SteamTicketSchema, TicketIdentitySchema, TokenNonceSchema,
};
use crate::error::ApiError;
use crate::validation::Collector;

sign_in_request! {
    /// A custom-token sign-in: a JWT the studio's backend signed (HS256) with the game's
    /// custom-auth secret, its `sub` the player's id in the studio's system.
    pub struct CustomSignInRequest {
        /// The game.
        #[schema(value_type = GameIdSchema)]
        pub game_id: String,
        /// The custom token: `sub` the player, `exp` at most an hour ahead, `iat` not in the future.
        #[schema(example = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGF5ZXItNDIiLCJleHAiOjE4MDAwMDAwMDB9.…")]
        pub token: String,
    }
}

impl CustomSignInRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CustomSignIn, ApiError> {
        let mut errors = Collector::new();
        let game_id = errors.check(&["body", "game_id"], GameId::parse(&self.game_id));
        let client = client_info(&mut errors, self.platform, self.metadata, self.test_mode);
        errors.finish(|| {
            Some(CustomSignIn {
                game_id: game_id?,
                token: self.token,
                client: client?,
            })
        })
    }
}

sign_in_request! {
    /// A Steam sign-in: the ticket `GetAuthTicketForWebApi` gave the client, which Steam's Web API
    /// checks with the game's app id and publisher key.
    pub struct SteamSignInRequest {
        /// The game.
        #[schema(value_type = GameIdSchema)]
        pub game_id: String,
        /// The ticket, as hexadecimal digits.
        #[schema(value_type = SteamTicketSchema)]
        pub ticket: String,
        /// The identity string the ticket was made with, when it was made with one.
        #[serde(default)]
        #[schema(value_type = Option<TicketIdentitySchema>)]
        pub identity: Option<String>,
    }
}

impl SteamSignInRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<SteamSignIn, ApiError> {
        let mut errors = Collector::new();
        let game_id = errors.check(&["body", "game_id"], GameId::parse(&self.game_id));
        let ticket = errors.check(&["body", "ticket"], SteamTicket::parse(&self.ticket));
        let identity = errors.optional(
            &["body", "identity"],
            self.identity.as_deref(),
            TicketIdentity::parse,
        );
        let client = client_info(&mut errors, self.platform, self.metadata, self.test_mode);
        errors.finish(|| {
            Some(SteamSignIn {
                game_id: game_id?,
                ticket: ticket?,
                identity: identity?,
                client: client?,
            })
        })
    }
}

sign_in_request! {
    /// An OpenID Connect sign-in: an `id_token` from one of the game's providers (Sign in with
    /// Apple, Google, or any issuer the game configured).
    pub struct OidcSignInRequest {
        /// The game.
        #[schema(value_type = GameIdSchema)]
        pub game_id: String,
        /// The game's provider that issued the token (`apple`, `google`, or a name the game gave).
        #[schema(value_type = SlugSchema, example = "apple")]
        pub provider: String,
        /// The `id_token`, a signed JWT.
        #[schema(
            example = "eyJraWQiOiJXNldjT0tCIiwiYWxnIjoiUlMyNTYifQ.eyJpc3MiOiJodHRwczovL2FwcGxlaWQuYXBwbGUuY29tIn0.…"
        )]
        pub id_token: String,
        /// The nonce the client asked the provider to put in the token; when given, the token must
        /// carry exactly it.
        #[serde(default)]
        #[schema(value_type = Option<TokenNonceSchema>)]
        pub nonce: Option<String>,
    }
}

impl OidcSignInRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<OidcSignIn, ApiError> {
        let mut errors = Collector::new();
        let game_id = errors.check(&["body", "game_id"], GameId::parse(&self.game_id));
        let provider = errors.check(&["body", "provider"], Slug::parse(&self.provider));
        let nonce = errors.optional(&["body", "nonce"], self.nonce.as_deref(), TokenNonce::parse);
        let client = client_info(&mut errors, self.platform, self.metadata, self.test_mode);
        errors.finish(|| {
            Some(OidcSignIn {
                game_id: game_id?,
                provider: provider?,
                id_token: self.id_token,
                nonce: nonce?,
                client: client?,
            })
        })
    }
}
