//! Player and ban bodies and parameters.

use roster_app::pagination::PageParams;
use roster_app::players::{ListPlayers, NewBan, PlayerView};
use roster_domain::ban::{Ban, BanReason, BanSortField};
use roster_domain::player::{PlayerChanges, PlayerDisplayName, PlayerStatus};
use roster_domain::search::SearchPrefix;
use roster_domain::{AccountId, BanId, GameId, PlayerId, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::api_key::parse_datetime;
use super::identity::absent_or_nullable;
use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, ActorIdSchema, BanIdSchema, BanReasonSchema, GameIdSchema,
    PlayerDisplayNameSchema, PlayerIdSchema, SearchTextSchema, TimestampSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, enum_filter};

const STATUSES: &[&str] = &["active", "banned"];

/// Whether a ban applies to the player now.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = PlayerStatus)]
pub enum PlayerStatusDto {
    /// No ban applies.
    Active,
    /// A ban applies.
    Banned,
}

/// A ban as the API shows it: it keeps the player out while it is not lifted and
/// `expires_at` (if any) has not passed.
#[derive(Debug, Serialize, ToSchema)]
pub struct BanResponse {
    /// Unique identifier for the ban.
    #[schema(value_type = BanIdSchema)]
    pub id: BanId,
    /// The banned player.
    #[schema(value_type = PlayerIdSchema)]
    pub player_id: PlayerId,
    /// Why, as shown to the player.
    #[schema(value_type = BanReasonSchema)]
    pub reason: String,
    /// When it lapses by itself (UTC, microseconds); null for good.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub expires_at: Option<Timestamp>,
    /// When it was made (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// The user who made it.
    #[schema(value_type = Option<ActorIdSchema>, required = true)]
    pub created_by: Option<UserId>,
    /// When it was lifted, or null.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub lifted_at: Option<Timestamp>,
    /// The user who lifted it, or null.
    #[schema(value_type = Option<ActorIdSchema>, required = true)]
    pub lifted_by: Option<UserId>,
}

impl From<Ban> for BanResponse {
    fn from(ban: Ban) -> Self {
        Self {
            id: ban.id,
            player_id: ban.player_id,
            reason: ban.reason.as_str().to_owned(),
            expires_at: ban.expires_at,
            created_at: ban.created_at,
            created_by: ban.created_by,
            lifted_at: ban.lifted_at,
            lifted_by: ban.lifted_by,
        }
    }
}

/// The ban that keeps a player out now.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CurrentBan)]
pub struct CurrentBanDto {
    /// The ban.
    #[schema(value_type = BanIdSchema)]
    pub id: BanId,
    /// Why.
    #[schema(value_type = BanReasonSchema)]
    pub reason: String,
    /// When it lapses by itself; null for good.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub expires_at: Option<Timestamp>,
}

/// A player: one person in one game, known by one or more identities.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlayerResponse {
    /// Unique identifier for the player.
    #[schema(value_type = PlayerIdSchema)]
    pub id: PlayerId,
    /// The account of the player's game.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// The player's game.
    #[schema(value_type = GameIdSchema)]
    pub game_id: GameId,
    /// The player's display name, or null.
    #[schema(value_type = Option<PlayerDisplayNameSchema>, required = true)]
    pub display_name: Option<String>,
    /// `banned` while a ban applies, `active` otherwise.
    pub status: PlayerStatusDto,
    /// The ban that applies now (the one lasting longest), or null.
    #[schema(required = true)]
    pub ban: Option<CurrentBanDto>,
    /// The player this one was merged into (it is then deleted), or null.
    #[schema(value_type = Option<PlayerIdSchema>, required = true)]
    pub merged_into: Option<PlayerId>,
    /// Whether it was merged away.
    pub deleted: bool,
    /// When the player was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the player last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<PlayerView> for PlayerResponse {
    fn from(view: PlayerView) -> Self {
        let status = match view.status() {
            PlayerStatus::Active => PlayerStatusDto::Active,
            PlayerStatus::Banned => PlayerStatusDto::Banned,
        };
        let PlayerView { player, ban } = view;
        Self {
            id: player.id,
            account_id: player.account_id,
            game_id: player.game_id,
            display_name: player.display_name.map(|name| name.as_str().to_owned()),
            status,
            ban: ban.map(|ban| CurrentBanDto {
                id: ban.id,
                reason: ban.reason.as_str().to_owned(),
                expires_at: ban.expires_at,
            }),
            merged_into: player.merged_into,
            deleted: player.deleted_at.is_some(),
            created_at: player.created_at,
            updated_at: player.updated_at,
        }
    }
}

/// Changes to a player; an absent field stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlayerUpdateRequest {
    /// New display name; `null` clears it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<PlayerDisplayNameSchema>)]
    pub display_name: Option<Option<String>>,
}

impl PlayerUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<PlayerChanges, ApiError> {
        let mut errors = Collector::new();
        let display_name = errors.nullable(
            &["body", "display_name"],
            self.display_name.as_ref().map(Option::as_deref),
            PlayerDisplayName::parse,
        );
        errors.finish(|| {
            Some(PlayerChanges {
                display_name: display_name?,
            })
        })
    }
}

/// A merge: the player named here goes into the one in the path.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlayerMergeRequest {
    /// The player whose identities move; it is then deleted, pointing at the target.
    #[schema(value_type = PlayerIdSchema)]
    pub from_player_id: String,
}

impl PlayerMergeRequest {
    /// The source player, or a 422.
    pub fn try_into_domain(self) -> Result<PlayerId, ApiError> {
        let mut errors = Collector::new();
        let from = errors.check(
            &["body", "from_player_id"],
            PlayerId::parse(&self.from_player_id),
        );
        errors.finish(|| from)
    }
}

/// A new ban.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanCreateRequest {
    /// Why, as the player will be told (1–500 characters).
    #[schema(value_type = BanReasonSchema)]
    pub reason: String,
    /// When the ban lapses by itself (RFC 3339, in the future: a past instant is a 422); for
    /// good when omitted or null.
    #[serde(default)]
    #[schema(value_type = Option<TimestampSchema>)]
    pub expires_at: Option<String>,
}

impl BanCreateRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<NewBan, ApiError> {
        let mut errors = Collector::new();
        let reason = errors.check(&["body", "reason"], BanReason::parse(&self.reason));
        let expires_at = errors.optional(
            &["body", "expires_at"],
            self.expires_at.as_deref(),
            parse_datetime,
        );
        errors.finish(|| {
            Some(NewBan {
                reason: reason?,
                expires_at: expires_at?,
            })
        })
    }
}

/// The filters of the player list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlayerListFilters {
    /// Only this account's players. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only this game's players (another account's game matches none).
    #[param(value_type = Option<GameIdSchema>)]
    game_id: Option<String>,
    /// Only players with this status now: `active` or `banned` (another value is a 400).
    #[param(value_type = Option<PlayerStatusDto>)]
    status: Option<String>,
    /// Only players whose display name starts with this text, ignoring case.
    #[param(value_type = Option<SearchTextSchema>)]
    q: Option<String>,
}

impl ListFilters for PlayerListFilters {
    type Query = ListPlayers;

    /// The use case's query, or the 422 or 400 it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListPlayers, ApiError> {
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
        let page = page.parse(&mut errors);
        let (account_id, game_id, q, page) =
            errors.finish(|| Some((account_id?, game_id?, q?, page?)))?;
        let status = enum_filter(
            "status",
            self.status.as_deref(),
            STATUSES,
            PlayerStatus::parse,
        )?;
        Ok(ListPlayers {
            account_id,
            game_id,
            status,
            q,
            page,
        })
    }
}

/// The ban history takes no filter beyond its player.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BanListFilters {}

impl ListFilters for BanListFilters {
    type Query = PageParams<BanSortField>;

    fn try_into_domain(self, page: PageQuery) -> Result<Self::Query, ApiError> {
        let mut errors = Collector::new();
        let page = page.parse(&mut errors);
        errors.finish(|| page)
    }
}

page_schema!(
    /// A page of players.
    PlayerPage,
    PlayerResponse
);

page_schema!(
    /// A page of a player's bans.
    BanPage,
    BanResponse
);
