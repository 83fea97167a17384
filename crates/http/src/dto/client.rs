//! Client API bodies: LEADR's field names, so its SDKs work unchanged.

use roster_app::client::{IssuedNonce, Me, SessionTokens, StartSession, StartedSession};
use roster_domain::client_session::{ClientInfo, MetadataError, Platform, SessionMetadata};
use roster_domain::identity::{DeviceFingerprint, FingerprintError, IdentityDisplayName};
use roster_domain::{AccountId, GameId, IdentityId, PlayerId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::identity::{IdentityKindDto, IdentityResponse, absent_or_nullable};
use super::schema::{
    AccountIdSchema, DeviceFingerprintSchema, ExternalKeySchema, GameIdSchema, IdentityIdSchema,
    PlatformSchema, PlayerDisplayNameSchema, PlayerIdSchema, SessionMetadataSchema,
    TimestampSchema,
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

/// Declares a sign-in request: the proof's own fields, then what every client says of itself
/// (`platform`, `metadata`, `test_mode`, read by [`client_info`]), documented once.
macro_rules! sign_in_request {
    ($(#[$meta:meta])* pub struct $name:ident { $($fields:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($fields)*
            /// The device platform (e.g. `ios`, `android`, `pc`, `console`).
            #[serde(default)]
            #[schema(value_type = Option<$crate::dto::schema::PlatformSchema>)]
            pub platform: Option<String>,
            /// Device metadata, kept with the session.
            #[serde(default)]
            #[schema(value_type = Option<$crate::dto::schema::SessionMetadataSchema>)]
            pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
            /// Whether the session is in test mode (a token claim too).
            #[serde(default)]
            #[schema(example = false)]
            pub test_mode: Option<bool>,
        }
    };
}

pub(crate) use sign_in_request;

sign_in_request! {
    /// A start-session request: the device fingerprint is the proof.
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
    }
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
        let client = client_info(&mut errors, self.platform, self.metadata, self.test_mode);
        errors.finish(|| {
            Some(StartSession {
                game_id: game_id?,
                fingerprint: fingerprint?,
                display_name: display_name?,
                client: client?,
            })
        })
    }
}

/// What a client says of itself, checked; `None` when a part is invalid, the error recorded.
/// Test mode is off when not asked for.
pub(crate) fn client_info(
    errors: &mut Collector,
    platform: Option<String>,
    metadata: Option<serde_json::Map<String, serde_json::Value>>,
    test_mode: Option<bool>,
) -> Option<ClientInfo> {
    let platform = errors.optional(&["body", "platform"], platform.as_deref(), Platform::parse);
    let metadata = match metadata {
        None => Some(None),
        Some(object) => errors
            .check(
                &["body", "metadata"],
                SessionMetadata::from_json_object(serde_json::Value::Object(object).to_string()),
            )
            .map(Some),
    };
    Some(ClientInfo {
        platform: platform?,
        metadata: metadata?,
        test_mode: test_mode.unwrap_or(false),
    })
}

/// What a game's server says of the client it starts a session for; every field optional, and
/// the body may be left out altogether.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MintSessionRequest {
    /// The client's platform (e.g. `ios`, `android`, `pc`, `console`).
    #[serde(default)]
    #[schema(value_type = Option<PlatformSchema>)]
    pub platform: Option<String>,
    /// The client's metadata, kept with the session.
    #[serde(default)]
    #[schema(value_type = Option<SessionMetadataSchema>)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Whether the session is in test mode (a token claim too); false when omitted.
    #[serde(default)]
    #[schema(example = false)]
    pub test_mode: Option<bool>,
}

impl MintSessionRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<ClientInfo, ApiError> {
        let mut errors = Collector::new();
        let client = client_info(&mut errors, self.platform, self.metadata, self.test_mode);
        errors.finish(|| client)
    }
}

/// LEADR's device status. Roster starts sessions only for identities in good standing, so a
/// started session answers `active`; the other values are LEADR's, kept so that the enum is
/// the one its clients decode.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = DeviceStatus)]
pub enum DeviceStatusDto {
    /// May sign in.
    Active,
    /// Banned.
    Banned,
    /// Suspended.
    Suspended,
}

/// A started session: LEADR's `StartSessionResponse` fields, then Roster's own (`identity_id`,
/// `kind`, `display_name`, which LEADR's SDKs read too).
#[derive(Debug, Serialize, ToSchema)]
pub struct StartSessionResponse {
    /// The identity signed in (LEADR's device id): the same as `identity_id`.
    #[schema(value_type = IdentityIdSchema)]
    pub id: IdentityId,
    /// Its game.
    #[schema(value_type = GameIdSchema)]
    pub game_id: GameId,
    /// The identity's key within the game and kind: for a DEVICE identity the device
    /// fingerprint (lowercase); for STEAM the SteamID, for CUSTOM the game's own key.
    #[schema(
        value_type = ExternalKeySchema,
        example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    )]
    pub client_fingerprint: String,
    /// The game's account.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// The platform the client reported for this session, or null.
    #[schema(value_type = Option<PlatformSchema>, required = true)]
    pub platform: Option<String>,
    /// Whether the identity may sign in: `active` for every session started.
    pub status: DeviceStatusDto,
    /// The metadata the client reported for this session (`{}` when none).
    #[schema(value_type = SessionMetadataSchema)]
    pub metadata: serde_json::Value,
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
    /// When the identity was first seen: its creation (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub first_seen_at: Timestamp,
    /// When it was last seen: this sign-in (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub last_seen_at: Timestamp,
    /// Whether the session is in test mode, as the request asked.
    #[schema(example = false)]
    pub test_mode: bool,
    /// The identity (Roster's name for `id`, which LEADR's SDKs read).
    #[schema(value_type = IdentityIdSchema)]
    pub identity_id: IdentityId,
    /// The identity's kind.
    pub kind: IdentityKindDto,
    /// The player's display name, or null.
    #[schema(value_type = Option<PlayerDisplayNameSchema>, required = true)]
    pub display_name: Option<String>,
    /// The player the identity belongs to (also the token's `player_id` claim).
    #[schema(value_type = PlayerIdSchema)]
    pub player_id: PlayerId,
}

impl From<StartedSession> for StartSessionResponse {
    fn from(started: StartedSession) -> Self {
        let StartedSession {
            identity,
            session,
            tokens,
        } = started;
        // The metadata was checked to be a JSON object when it was given.
        let metadata = session
            .metadata
            .as_ref()
            .and_then(|metadata| serde_json::from_str(metadata.as_json()).ok())
            .unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new()));
        Self {
            id: identity.id,
            game_id: identity.game_id,
            client_fingerprint: identity.external_key.as_str().to_owned(),
            account_id: identity.account_id,
            platform: session
                .platform
                .map(|platform| platform.as_str().to_owned()),
            status: DeviceStatusDto::Active,
            metadata,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            expires_in: tokens.expires_in,
            first_seen_at: identity.created_at,
            last_seen_at: session.created_at,
            test_mode: session.test_mode,
            identity_id: identity.id,
            kind: identity.kind.into(),
            display_name: identity.display_name.map(|name| name.as_str().to_owned()),
            player_id: identity.player_id,
        }
    }
}

/// The client's identity as the admin API shows it, with every live identity of its player.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    /// The identity the client signed in as.
    #[serde(flatten)]
    pub identity: IdentityResponse,
    /// Every live identity of the player, oldest first (this one among them).
    pub identities: Vec<IdentityResponse>,
}

impl From<Me> for MeResponse {
    fn from(me: Me) -> Self {
        Self {
            identity: me.identity.into(),
            identities: me.identities.into_iter().map(Into::into).collect(),
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
        let display_name = errors.nullable(
            &["body", "display_name"],
            self.display_name.as_ref().map(Option::as_deref),
            IdentityDisplayName::parse,
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
