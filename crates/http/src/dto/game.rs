//! Game bodies and parameters.

use roster_app::games::{CreateGame, ListGames};
use roster_domain::game::{Game, GameChanges, GameName};
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;
use roster_domain::{AccountId, GameId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pagination::{PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, GameIdSchema, GameNameSchema, SearchTextSchema, SlugSchema, TimestampSchema,
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
    /// When the game was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the game last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<Game> for GameResponse {
    fn from(game: Game) -> Self {
        Self {
            id: game.id,
            account_id: game.account_id,
            name: game.name.as_str().to_owned(),
            slug: game.slug.into_string(),
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
}

impl GameCreateRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateGame, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.check(&["body", "account_id"], AccountId::parse(&self.account_id));
        let name = errors.check(&["body", "name"], GameName::parse(&self.name));
        let slug = errors.optional(&["body", "slug"], self.slug.as_deref(), Slug::parse);
        errors.finish(|| {
            Some(CreateGame {
                account_id: account_id?,
                name: name?,
                slug: slug?,
            })
        })
    }
}

/// Changes to a game; absent or null fields stay as they are.
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
    /// `true` soft-deletes the game, `false` restores it.
    #[serde(default)]
    #[schema(example = false)]
    pub deleted: Option<bool>,
}

impl GameUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<GameChanges, ApiError> {
        let mut errors = Collector::new();
        let name = errors.optional(&["body", "name"], self.name.as_deref(), GameName::parse);
        let slug = errors.optional(&["body", "slug"], self.slug.as_deref(), Slug::parse);
        errors.finish(|| {
            Some(GameChanges {
                name: name?,
                slug: slug?,
                deleted: self.deleted,
            })
        })
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

impl GameListFilters {
    /// The use case's query, or the 422 it deserves.
    pub fn try_into_domain(self, page: PageQuery) -> Result<ListGames, ApiError> {
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
