//! A game's OpenID Connect providers (DESIGN §9).

use roster_domain::oidc::{Audiences, Issuer, JwksUri, OidcProvider, ProviderSettings};
use roster_domain::{GameId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::pagination::page_schema;
use super::schema::{
    AudiencesSchema, GameIdSchema, IssuerSchema, JwksUriSchema, SlugSchema, TimestampSchema,
};
use crate::error::ApiError;
use crate::validation::Collector;

/// A provider's settings. For the presets `apple` and `google` only `audiences` is needed: the
/// issuer and keys are theirs unless given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OidcProviderRequest {
    /// The issuer, exactly as its id_tokens write `iss` (an https URL).
    #[serde(default)]
    #[schema(value_type = Option<IssuerSchema>)]
    pub issuer: Option<String>,
    /// The client ids (`aud`) its id_tokens may be for: 1–10, each 1–255 visible ASCII
    /// characters. An id_token for any one of them is accepted.
    #[schema(value_type = AudiencesSchema)]
    pub audiences: Vec<String>,
    /// Where the issuer publishes its signing keys (a JWK Set): https, or http on a loopback
    /// host.
    #[serde(default)]
    #[schema(value_type = Option<JwksUriSchema>)]
    pub jwks_uri: Option<String>,
}

impl OidcProviderRequest {
    /// The domain settings, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<ProviderSettings, ApiError> {
        let mut errors = Collector::new();
        let issuer = errors.optional(&["body", "issuer"], self.issuer.as_deref(), Issuer::parse);
        let audiences = errors.check(&["body", "audiences"], Audiences::parse(&self.audiences));
        let jwks_uri = errors.optional(
            &["body", "jwks_uri"],
            self.jwks_uri.as_deref(),
            JwksUri::parse,
        );
        errors.finish(|| {
            Some(ProviderSettings {
                issuer: issuer?,
                audiences: audiences?,
                jwks_uri: jwks_uri?,
            })
        })
    }
}

/// A game's OpenID Connect provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct OidcProviderResponse {
    /// The game.
    #[schema(value_type = GameIdSchema)]
    pub game_id: GameId,
    /// Its name within the game: what sign-ins name as `provider`, and identities keep.
    #[schema(value_type = SlugSchema)]
    pub provider: String,
    /// The issuer its id_tokens must name as `iss`.
    #[schema(example = "https://appleid.apple.com")]
    pub issuer: String,
    /// The client ids its id_tokens may be for.
    #[schema(example = json!(["com.example.game"]))]
    pub audiences: Vec<String>,
    /// Where its signing keys are.
    #[schema(example = "https://appleid.apple.com/auth/keys")]
    pub jwks_uri: String,
    /// When it was first configured (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When it was last configured (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<OidcProvider> for OidcProviderResponse {
    fn from(provider: OidcProvider) -> Self {
        Self {
            game_id: provider.game_id,
            provider: provider.name.as_str().to_owned(),
            issuer: provider.issuer.as_str().to_owned(),
            audiences: provider.audiences.as_slice().to_vec(),
            jwks_uri: provider.jwks_uri.as_str().to_owned(),
            created_at: provider.created_at,
            updated_at: provider.updated_at,
        }
    }
}

page_schema!(
    /// A game's OpenID Connect providers: at most 16, so always one page.
    OidcProviderPage,
    OidcProviderResponse
);
