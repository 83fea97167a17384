//! Game bodies and parameters.

use roster_app::games::{CreateGame, ListGames, UpdateGame};
use roster_domain::game::{Game, GameChanges, GameName};
use roster_domain::game_details::{
    BoardId, GameDescription, GameDetails, GameDetailsChanges, GameTags, SteamAppId, TagsError,
};
use roster_domain::search::SearchPrefix;
use roster_domain::sign_in::{CustomAuthSecret, SignInChanges, SteamPublisherKey};
use roster_domain::slug::Slug;
use roster_domain::web_url::{GameUrlTemplate, WebUrl};
use roster_domain::{AccountId, GameId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::identity::absent_or_nullable;
use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, BoardIdSchema, CustomAuthSecretSchema, GameDescriptionSchema, GameIdSchema,
    GameNameSchema, GameTagSchema, SearchTextSchema, SlugSchema, SteamAppIdSchema,
    SteamPublisherKeySchema, TimestampSchema, WebUrlSchema,
};
use crate::error::ApiError;
use crate::validation::Collector;

/// A game.
#[derive(Debug, Serialize, ToSchema)]
pub struct GameResponse {
    /// Unique identifier for the game.
    #[schema(value_type = GameIdSchema)]
    pub id: GameId,
    /// The account the game belongs to.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// Name of the game.
    #[schema(value_type = GameNameSchema)]
    pub name: String,
    /// URL-friendly slug, unique within the account among games that are not deleted.
    #[schema(value_type = SlugSchema)]
    pub slug: String,
    /// Its Steam app id, or null.
    #[schema(value_type = Option<SteamAppIdSchema>, required = true)]
    pub steam_app_id: Option<String>,
    /// The id of its default leaderboard, or null.
    #[schema(value_type = Option<BoardIdSchema>, required = true)]
    pub default_board_id: Option<String>,
    /// Whether anti-cheat is enabled for the game.
    #[schema(example = true)]
    pub anti_cheat_enabled: bool,
    /// Its description, or null.
    #[schema(value_type = Option<GameDescriptionSchema>, required = true)]
    pub description: Option<String>,
    /// Its tags, in the order given (empty when it has none).
    #[schema(value_type = Vec<GameTagSchema>, max_items = 20)]
    pub tags: Vec<String>,
    /// The studio's page for the game, or null.
    #[schema(value_type = Option<WebUrlSchema>, required = true)]
    pub page_url: Option<String>,
    /// The game's public page: `ROSTER_PUBLIC_GAME_URL` with the game's slug in it, or null
    /// when the server has no such setting.
    #[schema(
        value_type = Option<String>,
        required = true,
        read_only,
        example = "https://boards.example.com/space-race"
    )]
    pub url: Option<String>,
    /// Whether a Steam publisher Web API key is set (the key itself is never shown).
    #[schema(example = false)]
    pub has_steam_publisher_key: bool,
    /// Whether Steam sign-in refuses players Steam reports as publisher-banned (403).
    #[schema(example = true)]
    pub steam_reject_publisher_banned: bool,
    /// Whether a custom-auth secret is set (the secret itself is never shown).
    #[schema(example = false)]
    pub has_custom_auth_secret: bool,
    /// When the game was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the game last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl GameResponse {
    /// The game as answered; `public_url` builds its `url`.
    #[must_use]
    pub fn new(game: Game, public_url: Option<&GameUrlTemplate>) -> Self {
        let url = public_url.map(|template| template.for_slug(&game.slug));
        let details = game.details;
        let sign_in = game.sign_in;
        Self {
            id: game.id,
            account_id: game.account_id,
            name: game.name.as_str().to_owned(),
            slug: game.slug.into_string(),
            steam_app_id: details.steam_app_id.map(|id| id.as_str().to_owned()),
            default_board_id: details.default_board_id.map(|id| id.as_str().to_owned()),
            anti_cheat_enabled: details.anti_cheat_enabled,
            description: details.description.map(|text| text.as_str().to_owned()),
            tags: details.tags.iter_str().map(str::to_owned).collect(),
            page_url: details.page_url.map(|url| url.as_str().to_owned()),
            url,
            has_steam_publisher_key: sign_in.steam_publisher_key.is_some(),
            steam_reject_publisher_banned: sign_in.steam_reject_publisher_banned,
            has_custom_auth_secret: sign_in.custom_auth_secret.is_some(),
            created_at: game.created_at,
            updated_at: game.updated_at,
        }
    }
}

/// A new game.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GameCreateRequest {
    /// The account the game belongs to (your own, unless you are a superadmin).
    #[schema(value_type = AccountIdSchema)]
    pub account_id: String,
    /// Name of the game.
    #[schema(value_type = GameNameSchema)]
    pub name: String,
    /// URL-friendly slug, unique within the account (409 when taken); generated from the name
    /// when omitted, with `-2`, `-3`, … on collision.
    #[serde(default)]
    #[schema(value_type = Option<SlugSchema>)]
    pub slug: Option<String>,
    /// Its Steam app id.
    #[serde(default)]
    #[schema(value_type = Option<SteamAppIdSchema>)]
    pub steam_app_id: Option<String>,
    /// The id of its default leaderboard (Roster keeps no leaderboards: the id is stored as
    /// given).
    #[serde(default)]
    #[schema(value_type = Option<BoardIdSchema>)]
    pub default_board_id: Option<String>,
    /// Whether anti-cheat is enabled; true when omitted or null.
    #[serde(default)]
    #[schema(default = true, example = true)]
    pub anti_cheat_enabled: Option<bool>,
    /// Its description.
    #[serde(default)]
    #[schema(value_type = Option<GameDescriptionSchema>)]
    pub description: Option<String>,
    /// Its tags: at most 20; one given twice is kept once.
    #[serde(default)]
    #[schema(value_type = Option<Vec<GameTagSchema>>, max_items = 20)]
    pub tags: Option<Vec<String>>,
    /// The studio's page for the game.
    #[serde(default)]
    #[schema(value_type = Option<WebUrlSchema>)]
    pub page_url: Option<String>,
}

impl GameCreateRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateGame, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.check(&["body", "account_id"], AccountId::parse(&self.account_id));
        let name = errors.check(&["body", "name"], GameName::parse(&self.name));
        let slug = errors.optional(&["body", "slug"], self.slug.as_deref(), Slug::parse);
        let steam_app_id = errors.optional(
            &["body", "steam_app_id"],
            self.steam_app_id.as_deref(),
            SteamAppId::parse,
        );
        let default_board_id = errors.optional(
            &["body", "default_board_id"],
            self.default_board_id.as_deref(),
            BoardId::parse,
        );
        let description = errors.optional(
            &["body", "description"],
            self.description.as_deref(),
            GameDescription::parse,
        );
        let tags = match &self.tags {
            None => Some(GameTags::none()),
            Some(raw) => tags(&mut errors, raw),
        };
        let page_url = errors.optional(
            &["body", "page_url"],
            self.page_url.as_deref(),
            WebUrl::parse,
        );
        errors.finish(|| {
            Some(CreateGame {
                account_id: account_id?,
                name: name?,
                slug: slug?,
                details: GameDetails {
                    steam_app_id: steam_app_id?,
                    default_board_id: default_board_id?,
                    anti_cheat_enabled: self.anti_cheat_enabled.unwrap_or(true),
                    description: description?,
                    tags: tags?,
                    page_url: page_url?,
                },
            })
        })
    }
}

/// Changes to a game. An absent field stays as it is; so does a null `name`, `slug`,
/// `anti_cheat_enabled` or `deleted`, while a null `steam_app_id`, `default_board_id`,
/// `description`, `tags` or `page_url` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GameUpdateRequest {
    /// New name.
    #[serde(default)]
    #[schema(value_type = Option<GameNameSchema>)]
    pub name: Option<String>,
    /// New slug (409 when another game of the account has it).
    #[serde(default)]
    #[schema(value_type = Option<SlugSchema>)]
    pub slug: Option<String>,
    /// New Steam app id; null removes it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<SteamAppIdSchema>)]
    pub steam_app_id: Option<Option<String>>,
    /// New default leaderboard id; null removes it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<BoardIdSchema>)]
    pub default_board_id: Option<Option<String>>,
    /// Turns anti-cheat on or off.
    #[serde(default)]
    #[schema(example = true)]
    pub anti_cheat_enabled: Option<bool>,
    /// New description; null removes it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<GameDescriptionSchema>)]
    pub description: Option<Option<String>>,
    /// New tags, replacing the old ones (at most 20; one given twice is kept once); null or
    /// `[]` removes them all.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<Vec<GameTagSchema>>, max_items = 20)]
    pub tags: Option<Option<Vec<String>>>,
    /// New page URL; null removes it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<WebUrlSchema>)]
    pub page_url: Option<Option<String>>,
    /// The Steam publisher Web API key Steam sign-in checks tickets with (32 hexadecimal
    /// characters; write-only: the game answers `has_steam_publisher_key`); null removes it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<SteamPublisherKeySchema>, write_only)]
    pub steam_publisher_key: Option<Option<String>>,
    /// Whether Steam sign-in refuses players Steam reports as publisher-banned.
    #[serde(default)]
    #[schema(example = true)]
    pub steam_reject_publisher_banned: Option<bool>,
    /// The secret custom tokens are signed with (HS256; 32–512 bytes; write-only: the game
    /// answers `has_custom_auth_secret`). A new secret replaces the old one, which keeps
    /// working for 24 hours; null removes both at once.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<CustomAuthSecretSchema>, write_only)]
    pub custom_auth_secret: Option<Option<String>>,
    /// `true` soft-deletes the game, `false` restores it.
    #[serde(default)]
    #[schema(example = false)]
    pub deleted: Option<bool>,
}

impl GameUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<UpdateGame, ApiError> {
        let mut errors = Collector::new();
        let name = errors.optional(&["body", "name"], self.name.as_deref(), GameName::parse);
        let slug = errors.optional(&["body", "slug"], self.slug.as_deref(), Slug::parse);
        let steam_app_id = errors.nullable(
            &["body", "steam_app_id"],
            self.steam_app_id.as_ref().map(Option::as_deref),
            SteamAppId::parse,
        );
        let default_board_id = errors.nullable(
            &["body", "default_board_id"],
            self.default_board_id.as_ref().map(Option::as_deref),
            BoardId::parse,
        );
        let description = errors.nullable(
            &["body", "description"],
            self.description.as_ref().map(Option::as_deref),
            GameDescription::parse,
        );
        let tags = match &self.tags {
            None => Some(None),
            Some(None) => Some(Some(GameTags::none())),
            Some(Some(raw)) => tags(&mut errors, raw).map(Some),
        };
        let page_url = errors.nullable(
            &["body", "page_url"],
            self.page_url.as_ref().map(Option::as_deref),
            WebUrl::parse,
        );
        let steam_publisher_key = errors.nullable(
            &["body", "steam_publisher_key"],
            self.steam_publisher_key.as_ref().map(Option::as_deref),
            SteamPublisherKey::parse,
        );
        let custom_auth_secret = errors.nullable(
            &["body", "custom_auth_secret"],
            self.custom_auth_secret.as_ref().map(Option::as_deref),
            CustomAuthSecret::parse,
        );
        errors.finish(|| {
            Some(UpdateGame {
                changes: GameChanges {
                    name: name?,
                    slug: slug?,
                    details: GameDetailsChanges {
                        steam_app_id: steam_app_id?,
                        default_board_id: default_board_id?,
                        anti_cheat_enabled: self.anti_cheat_enabled,
                        description: description?,
                        tags: tags?,
                        page_url: page_url?,
                    },
                    sign_in: SignInChanges {
                        steam_reject_publisher_banned: self.steam_reject_publisher_banned,
                        ..SignInChanges::default()
                    },
                    deleted: self.deleted,
                },
                steam_publisher_key: steam_publisher_key?,
                custom_auth_secret: custom_auth_secret?,
            })
        })
    }
}

/// The tags of a request body; errors are located at the list or at the bad tag.
fn tags(errors: &mut Collector, raw: &[String]) -> Option<GameTags> {
    const LOC: &[&str] = &["body", "tags"];
    match GameTags::parse(raw.iter().map(String::as_str)) {
        Ok(tags) => Some(tags),
        Err(TagsError::Tag { index, error }) => {
            errors.push_item(LOC, index, &error);
            None
        }
        Err(error @ TagsError::TooMany { .. }) => {
            errors.push(LOC, &error);
            None
        }
    }
}

/// The filters of the game list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GameListFilters {
    /// Only this account's games. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only the game with this slug (an empty page when none has it).
    #[param(value_type = Option<SlugSchema>)]
    slug: Option<String>,
    /// Only games whose name or slug starts with this text, ignoring case.
    #[param(value_type = Option<SearchTextSchema>)]
    q: Option<String>,
}

impl ListFilters for GameListFilters {
    type Query = ListGames;

    /// The use case's query, or the 422 it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListGames, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let slug = errors.optional(&["query", "slug"], self.slug.as_deref(), Slug::parse);
        let q = errors
            .optional(&["query", "q"], self.q.as_deref(), SearchPrefix::parse)
            .map(Option::flatten);
        let page = page.parse(&mut errors);
        errors.finish(|| {
            Some(ListGames {
                account_id: account_id?,
                slug: slug?,
                q: q?,
                page: page?,
            })
        })
    }
}

page_schema!(
    /// A page of games.
    GamePage,
    GameResponse
);
