//! `/v1/games`.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::game::{
    GameCreateRequest, GameListFilters, GamePage, GameResponse, GameUpdateRequest,
};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::schema::GameIdSchema;
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, path_id,
};
use crate::state::AppState;
use crate::tagged;
use roster_domain::etag::Versioned;
use roster_domain::game::GameSortField;

/// Create Game
///
/// Creates a game in an account: your own, or any as a superadmin. The slug is unique within
/// the account; when omitted it is generated from the name.
#[utoipa::path(
    tag = "Games",
    operation_id = "create_game",
    request_body = GameCreateRequest,
    responses(
        (status = 201, description = "The new game", body = GameResponse),
        (status = 403, description = "Another account", body = ErrorResponse),
        (status = 404, description = "The account does not exist", body = ErrorResponse),
        (status = 409, description = "The slug is taken in the account", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/games")]
pub async fn create_game(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<GameCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let game = state.games.create(&principal, input).await?;
    Ok(HttpResponse::Created().json(GameResponse::new(game, state.public_game_url.as_ref())))
}

/// List Games
///
/// Superadmins see every account's games, or one account's with `account_id`; anyone else their
/// own account's. Sortable fields: `id`, `name`, `slug`, `created_at`, `updated_at`.
#[utoipa::path(
    tag = "Games",
    operation_id = "list_games",
    params(GameListFilters, PageQuery, SortParam<GameSortField>),
    responses(
        (status = 200, description = "A page of games", body = GamePage),
        (status = 400, description = "Invalid sort or cursor", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/games")]
pub async fn list_games(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<GameListFilters>,
) -> Result<web::Json<Paginated<GameResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.games.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(listing, |game| {
        GameResponse::new(game, state.public_game_url.as_ref())
    })))
}

/// Get Game
///
/// One game of your account, or of any as a superadmin. 404 when missing or deleted.
#[utoipa::path(
    tag = "Games",
    operation_id = "get_game",
    params(("game_id" = GameIdSchema, Path, description = "The game's id")),
    responses(
        (status = 200, description = "The game", body = GameResponse),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "Missing or deleted", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/games/{game_id}")]
pub async fn get_game(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    game_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("game_id", &game_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let game = state.games.get(&principal, id).await?;
    let tag = game.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        GameResponse::new(game, state.public_game_url.as_ref())
    }))
}

/// Update Game
///
/// Renames, re-slugs, soft-deletes (`deleted: true`) or restores (`deleted: false`) a game, and
/// sets how its players sign in: `steam_publisher_key` and `custom_auth_secret` are write-only
/// (stored encrypted, answered only as `has_steam_publisher_key` and `has_custom_auth_secret`),
/// `null` removes one. A new custom-auth secret replaces the old one, which keeps verifying
/// tokens for 24 hours.
#[utoipa::path(
    tag = "Games",
    operation_id = "update_game",
    params(("game_id" = GameIdSchema, Path, description = "The game's id")),
    request_body = GameUpdateRequest,
    responses(
        (status = 200, description = "The changed game", body = GameResponse),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "Missing, or deleted and not being restored", body = ErrorResponse),
        (status = 409, description = "The slug is taken in the account", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/games/{game_id}")]
pub async fn update_game(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    game_id: web::Path<String>,
    body: JsonBody<GameUpdateRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("game_id", &game_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let game = state
        .games
        .update(&principal, id, changes, if_match)
        .await?;
    let tag = game.entity_tag();
    Ok(tagged::tagged(
        &tag,
        GameResponse::new(game, state.public_game_url.as_ref()),
    ))
}

/// Delete Game
///
/// Erases the game with its identities, their sessions and nonces.
#[utoipa::path(
    tag = "Games",
    operation_id = "delete_game",
    params(("game_id" = GameIdSchema, Path, description = "The game's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "No such game", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/games/{game_id}")]
pub async fn delete_game(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    game_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("game_id", &game_id)?;
    let if_match = if_match.into_inner()?;
    state.games.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
