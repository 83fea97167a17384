//! Identity bodies and parameters.

use roster_app::identities::{CreateIdentity, ListIdentities};
use roster_domain::identity::{
    ExternalKey, ExternalKeyError, Identity, IdentityChanges, IdentityDisplayName, IdentityKind,
};
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;
use roster_domain::{AccountId, GameId, IdentityId, PlayerId, Timestamp};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, ExternalKeySchema, GameIdSchema, IdentityIdSchema, PlayerDisplayNameSchema,
    PlayerIdSchema, SearchTextSchema, SlugSchema, TimestampSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, NotOneOf, Violation, enum_filter};

const KINDS: &[&str] = &["DEVICE", "STEAM", "CUSTOM"];

/// How an identity was established.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
#[schema(as = IdentityKind)]
pub enum IdentityKindDto {
    /// A device, proven by its fingerprint.
    Device,
    /// A Steam account, proven to the game's server.
    Steam,
    /// Another id the game's server vouches for.
    Custom,
}

impl From<IdentityKind> for IdentityKindDto {
    fn from(kind: IdentityKind) -> Self {
        match kind {
            IdentityKind::Device => Self::Device,
            IdentityKind::Steam => Self::Steam,
            IdentityKind::Custom => Self::Custom,
        }
    }
}

/// A player's identity within a game.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityResponse {
    /// Unique identifier for the identity.
    #[schema(value_type = IdentityIdSchema)]
    pub id: IdentityId,
    /// The account of the identity's game.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// The identity's game.
    #[schema(value_type = GameIdSchema)]
    pub game_id: GameId,
    /// The player the identity belongs to.
    #[schema(value_type = PlayerIdSchema)]
    pub player_id: PlayerId,
    /// How the identity was established.
    pub kind: IdentityKindDto,
    /// The OpenID Connect provider (its name in the game) that vouched for a CUSTOM identity;
    /// null for plain CUSTOM identities and the other kinds.
    #[schema(value_type = Option<SlugSchema>, required = true)]
    pub provider: Option<String>,
    /// Its key within the game and kind (a device's lowercased fingerprint, a Steam id, …).
    #[schema(value_type = ExternalKeySchema)]
    pub external_key: String,
    /// The player's display name, or null.
    #[schema(value_type = Option<PlayerDisplayNameSchema>, required = true)]
    pub display_name: Option<String>,
    /// What Steam said of a STEAM identity the last time it signed in with a ticket; null for
    /// the other kinds and for STEAM identities never signed in through Steam.
    #[schema(required = true)]
    pub steam: Option<SteamStandingDto>,
    /// When the identity was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the identity last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

/// What Steam's Web API reported of a player at its last ticket check.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SteamStanding)]
pub struct SteamStandingDto {
    /// The Steam id of the game's owner (`ownersteamid`): the player's own unless the game is
    /// family-shared.
    #[schema(example = "76561198000000001")]
    pub owner_steam_id: String,
    /// Whether the player plays a game someone else owns (family sharing).
    pub family_shared: bool,
    /// Whether Steam reported a VAC ban for the game (`vacbanned`).
    pub vac_banned: bool,
    /// Whether the game's publisher banned the player (`publisherbanned`).
    pub publisher_banned: bool,
    /// When Steam said so (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub checked_at: Timestamp,
}

impl From<Identity> for IdentityResponse {
    fn from(identity: Identity) -> Self {
        let family_shared = identity.family_shared().unwrap_or(false);
        Self {
            id: identity.id,
            account_id: identity.account_id,
            game_id: identity.game_id,
            player_id: identity.player_id,
            kind: identity.kind.into(),
            provider: identity
                .provider
                .as_ref()
                .map(|provider| provider.as_str().to_owned()),
            external_key: identity.external_key.as_str().to_owned(),
            display_name: identity.display_name.map(|name| name.as_str().to_owned()),
            steam: identity.steam.map(|steam| SteamStandingDto {
                owner_steam_id: steam.owner_steam_id.to_string(),
                family_shared,
                vac_banned: steam.vac_banned,
                publisher_banned: steam.publisher_banned,
                checked_at: steam.checked_at,
            }),
            created_at: identity.created_at,
            updated_at: identity.updated_at,
        }
    }
}

impl Violation for ExternalKeyError {
    fn describe(&self) -> (&'static str, String) {
        match self {
            Self::Length(error) => error.describe(),
            Self::NotAFingerprint => ("string_pattern_mismatch", self.to_string()),
        }
    }
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
pub fn absent_or_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A new or imported identity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityCreateRequest {
    /// The identity's game; its account is the game's.
    #[schema(value_type = GameIdSchema)]
    pub game_id: String,
    /// `DEVICE`, `STEAM` or `CUSTOM`.
    #[schema(value_type = IdentityKindDto)]
    pub kind: String,
    /// The key within the game and kind; for `DEVICE`, a `DeviceFingerprint` (stored
    /// lowercased).
    #[schema(value_type = ExternalKeySchema)]
    pub external_key: String,
    /// The player's display name.
    #[serde(default)]
    #[schema(value_type = Option<PlayerDisplayNameSchema>)]
    pub display_name: Option<String>,
}

impl IdentityCreateRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateIdentity, ApiError> {
        let mut errors = Collector::new();
        let game_id = errors.check(&["body", "game_id"], GameId::parse(&self.game_id));
        let kind = errors.check(
            &["body", "kind"],
            IdentityKind::parse(&self.kind).ok_or(NotOneOf(KINDS)),
        );
        let external_key = match kind {
            Some(kind) => errors.check(
                &["body", "external_key"],
                ExternalKey::parse(kind, &self.external_key),
            ),
            None => None,
        };
        let display_name = errors.optional(
            &["body", "display_name"],
            self.display_name.as_deref(),
            IdentityDisplayName::parse,
        );
        errors.finish(|| {
            Some(CreateIdentity {
                game_id: game_id?,
                kind: kind?,
                external_key: external_key?,
                display_name: display_name?,
            })
        })
    }
}

/// Changes to an identity; an absent field stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityUpdateRequest {
    /// New display name; `null` clears it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<PlayerDisplayNameSchema>)]
    pub display_name: Option<Option<String>>,
    /// `true` soft-deletes the identity and revokes its sessions; `false` restores it.
    #[serde(default)]
    #[schema(example = false)]
    pub deleted: Option<bool>,
}

impl IdentityUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<IdentityChanges, ApiError> {
        let mut errors = Collector::new();
        let display_name = errors.nullable(
            &["body", "display_name"],
            self.display_name.as_ref().map(Option::as_deref),
            IdentityDisplayName::parse,
        );
        errors.finish(|| {
            Some(IdentityChanges {
                display_name: display_name?,
                deleted: self.deleted,
            })
        })
    }
}

/// The filters of the identity list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdentityListFilters {
    /// Only this account's identities. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only this game's identities (another account's game matches none).
    #[param(value_type = Option<GameIdSchema>)]
    game_id: Option<String>,
    /// Only identities of this kind: `DEVICE`, `STEAM` or `CUSTOM` (another value is a 400).
    #[param(value_type = Option<IdentityKindDto>)]
    kind: Option<String>,
    /// Only identities whose display name or external key starts with this text, ignoring case.
    #[param(value_type = Option<SearchTextSchema>)]
    q: Option<String>,
    /// Only the identities with exactly this external key (case-sensitive; a device's
    /// fingerprint is stored lowercased): with `kind`, the exact lookup of one player's
    /// identity, an index probe at any depth.
    #[param(value_type = Option<ExternalKeySchema>)]
    external_key: Option<String>,
    /// Only identities the OpenID Connect provider of this name (in their game) vouched for.
    #[param(value_type = Option<SlugSchema>)]
    provider: Option<String>,
    /// Only identities of this player.
    #[param(value_type = Option<PlayerIdSchema>)]
    player_id: Option<String>,
}

impl ListFilters for IdentityListFilters {
    type Query = ListIdentities;

    /// The use case's query, or the 422 or 400 it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListIdentities, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let game_id = errors.optional(
            &["query", "game_id"],
            self.game_id.as_deref(),
            GameId::parse,
        );
        let q = errors
            .optional(&["query", "q"], self.q.as_deref(), SearchPrefix::parse)
            .map(Option::flatten);
        let external_key = errors.optional(
            &["query", "external_key"],
            self.external_key.as_deref(),
            |key| roster_domain::text::bounded(key, 1, roster_domain::identity::EXTERNAL_KEY_MAX),
        );
        let provider = errors.optional(
            &["query", "provider"],
            self.provider.as_deref(),
            Slug::parse,
        );
        let player_id = errors.optional(
            &["query", "player_id"],
            self.player_id.as_deref(),
            PlayerId::parse,
        );
        let page = page.parse(&mut errors);
        let (account_id, game_id, q, external_key, provider, player_id, page) =
            errors.finish(|| {
                Some((
                    account_id?,
                    game_id?,
                    q?,
                    external_key?,
                    provider?,
                    player_id?,
                    page?,
                ))
            })?;
        let kind = enum_filter("kind", self.kind.as_deref(), KINDS, IdentityKind::parse)?;
        Ok(ListIdentities {
            account_id,
            game_id,
            kind,
            q,
            external_key,
            provider,
            player_id,
            page,
        })
    }
}

page_schema!(
    /// A page of identities.
    IdentityPage,
    IdentityResponse
);
