//! Client API bodies: LEADR's field names, so its SDKs work unchanged.

use roster_app::client::{IssuedNonce, SessionTokens, StartSession, StartedSession};
use roster_domain::client_session::{MetadataError, Platform, SessionMetadata};
use roster_domain::identity::{DeviceFingerprint, FingerprintError, IdentityDisplayName};
use roster_domain::{AccountId, GameId, IdentityId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::identity::{IdentityKindDto, absent_or_nullable, nullable_display_name};
use super::schema::{
    AccountIdSchema, DeviceFingerprintSchema, GameIdSchema, IdentityIdSchema, PlatformSchema,
    PlayerDisplayNameSchema, SessionMetadataSchema, TimestampSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, Violation};

impl Violation for FingerprintError {
    fn describe(&self) -> (&'static str, String) {
        ("string_pattern_mismatch", self.to_string())
    }
}

impl Violation for MetadataError {
    fn describe(&self) -> (&'static str, String) {
        let kind = match self {
            Self::TooLarge => "value_error",
            Self::Nul => "string_pattern_mismatch",
        };
        (kind, self.to_string())
    }
}

/// A start-session request: the device fingerprint is the proof.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartSessionRequest {
    /// The game.
    #[schema(value_type = GameIdSchema)]
    pub game_id: String,
    /// The client-generated SHA-256 device fingerprint: the DEVICE identity's key, and its proof.
    #[schema(value_type = DeviceFingerprintSchema)]
    pub client_fingerprint: String,
    /// The player's display name; when given, it is set on the identity.
    #[serde(default)]
    #[schema(value_type = Option<PlayerDisplayNameSchema>)]
    pub display_name: Option<String>,
    /// The device platform (e.g. `ios`, `android`, `pc`, `console`).
    #[serde(default)]
    #[schema(value_type = Option<PlatformSchema>)]
    pub platform: Option<String>,
    /// Device metadata, kept with the session.
    #[serde(default)]
    #[schema(value_type = Option<SessionMetadataSchema>)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Whether the session is in test mode (a token claim too).
    #[serde(default)]
    #[schema(example = false)]
    pub test_mode: Option<bool>,
}

impl StartSessionRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<StartSession, ApiError> {
        let mut errors = Collector::new();
        let game_id = errors.check(&["body", "game_id"], GameId::parse(&self.game_id));
        let fingerprint = errors.check(
            &["body", "client_fingerprint"],
            DeviceFingerprint::parse(&self.client_fingerprint),
        );
        let display_name = errors.optional(
            &["body", "display_name"],
            self.display_name.as_deref(),
            IdentityDisplayName::parse,
        );
        let platform = errors.optional(
            &["body", "platform"],
            self.platform.as_deref(),
            Platform::parse,
        );
        let metadata = match self.metadata {
            None => Some(None),
            Some(object) => errors
                .check(
                    &["body", "metadata"],
                    SessionMetadata::from_json_object(
                        serde_json::Value::Object(object).to_string(),
                    ),
                )
                .map(Some),
        };
        errors.finish(|| {
            Some(StartSession {
                game_id: game_id?,
                fingerprint: fingerprint?,
                display_name: display_name?,
                platform: platform?,
                metadata: metadata?,
                test_mode: self.test_mode.unwrap_or(false),
            })
        })
    }
}

/// A started session: the identity it signs in and its first tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct StartSessionResponse {
    /// The identity.
    #[schema(value_type = IdentityIdSchema)]
    pub identity_id: IdentityId,
    /// Its game.
    #[schema(value_type = GameIdSchema)]
    pub game_id: GameId,
    /// The game's account.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// The identity's kind.
    pub kind: IdentityKindDto,
    /// The player's display name, or null.
    #[schema(value_type = Option<PlayerDisplayNameSchema>, required = true)]
    pub display_name: Option<String>,
    /// The JWT access token (15 minutes), sent as `Authorization: Bearer`.
    #[schema(
        pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
        example = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpZG5fMDEifQ.c2lnbmF0dXJl"
    )]
    pub access_token: String,
    /// The JWT refresh token (single use; the session lasts 30 days from its start).
    #[schema(
        pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
        example = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpZG5fMDEifQ.c2lnbmF0dXJl"
    )]
    pub refresh_token: String,
    /// Seconds the access token lives.
    #[schema(example = 900)]
    pub expires_in: i64,
}

impl From<StartedSession> for StartSessionResponse {
    fn from(started: StartedSession) -> Self {
        let identity = started.identity;
        Self {
            identity_id: identity.id,
            game_id: identity.game_id,
            account_id: identity.account_id,
            kind: identity.kind.into(),
            display_name: identity.display_name.map(|name| name.as_str().to_owned()),
            access_token: started.tokens.access_token,
            refresh_token: started.tokens.refresh_token,
            expires_in: started.tokens.expires_in,
        }
    }
}

/// A refresh request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshTokenRequest {
    /// The session's current refresh token (a JWT; anything else is a 401).
    #[schema(example = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpZG5fMDEifQ.c2lnbmF0dXJl")]
    pub refresh_token: String,
}

/// A new pair; the refresh token presented is spent.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefreshTokenResponse {
    /// The new access token.
    #[schema(
        pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
        example = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpZG5fMDEifQ.c2lnbmF0dXJl"
    )]
    pub access_token: String,
    /// The new refresh token.
    #[schema(
        pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
        example = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpZG5fMDEifQ.c2lnbmF0dXJl"
    )]
    pub refresh_token: String,
    /// Seconds the access token lives.
    #[schema(example = 900)]
    pub expires_in: i64,
}

impl From<SessionTokens> for RefreshTokenResponse {
    fn from(tokens: SessionTokens) -> Self {
        Self {
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            expires_in: tokens.expires_in,
        }
    }
}

/// A nonce for one mutating request.
#[derive(Debug, Serialize, ToSchema)]
pub struct NonceResponse {
    /// The value to send as `leadr-client-nonce` (a UUID).
    #[schema(
        pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        example = "4f9c2b1e-8d7a-4c3b-9e2f-1a2b3c4d5e6f"
    )]
    pub nonce_value: String,
    /// When it stops being usable (60 seconds after issue).
    #[schema(value_type = TimestampSchema)]
    pub expires_at: Timestamp,
}

impl From<IssuedNonce> for NonceResponse {
    fn from(nonce: IssuedNonce) -> Self {
        Self {
            nonce_value: nonce.value.to_string(),
            expires_at: nonce.expires_at,
        }
    }
}

/// Changes to the client's own identity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeUpdateRequest {
    /// New display name; `null` clears it. Required: a request that changes nothing would
    /// still spend a nonce.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<PlayerDisplayNameSchema>, required = true)]
    pub display_name: Option<Option<String>>,
}

impl MeUpdateRequest {
    /// The new display name (`None` clears it), or a 422. An absent field changes nothing, which
    /// here means setting what there is: the request must name the field.
    pub fn try_into_domain(self) -> Result<Option<IdentityDisplayName>, ApiError> {
        let mut errors = Collector::new();
        if self.display_name.is_none() {
            errors.push(&["body", "display_name"], &Required);
        }
        let display_name = nullable_display_name(
            &mut errors,
            &["body", "display_name"],
            self.display_name.as_ref().map(Option::as_deref),
        );
        errors.finish(|| display_name.flatten())
    }
}

/// A field that must be present (possibly null).
#[derive(Debug, Clone, Copy)]
struct Required;

impl Violation for Required {
    fn describe(&self) -> (&'static str, String) {
        ("missing", "Field required".to_owned())
    }
}
