//! `/v1/players`: players, merges and bans.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use roster_domain::ban::BanSortField;
use roster_domain::player::PlayerSortField;

use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::player::{
    BanCreateRequest, BanListFilters, BanPage, BanResponse, PlayerListFilters, PlayerMergeRequest,
    PlayerPage, PlayerResponse, PlayerUpdateRequest,
};
use crate::dto::schema::{BanIdSchema, PlayerIdSchema};
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, path_id,
};
use crate::state::AppState;
use crate::tagged;

/// List Players
///
/// Players of games, scoped like identities. Filters `game_id`, `status` (`active`/`banned`
/// now; another value is a 400) and `q` (display-name prefix). Sortable fields: `id`,
/// `display_name` (players without one last ascending, first descending), `created_at`,
/// `updated_at`. Merged-away players are not listed.
#[utoipa::path(
    tag = "Players",
    operation_id = "list_players",
    params(PlayerListFilters, PageQuery, SortParam<PlayerSortField>),
    responses(
        (status = 200, description = "A page of players", body = PlayerPage),
        (status = 400, description = "Invalid sort, cursor or status", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/players")]
pub async fn list_players(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<PlayerListFilters>,
) -> Result<web::Json<Paginated<PlayerResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.players.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        PlayerResponse::from,
    )))
}

/// Get Player
///
/// One player of your account, or of any as a superadmin. A merged-away player is shown with
/// `deleted: true` and the player it went into in `merged_into`.
#[utoipa::path(
    tag = "Players",
    operation_id = "get_player",
    params(("player_id" = PlayerIdSchema, Path, description = "The player's id")),
    responses(
        (status = 200, description = "The player", body = PlayerResponse),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/players/{player_id}")]
pub async fn get_player(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    player_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("player_id", &player_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let player = state.players.get(&principal, id).await?;
    let tag = player.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        PlayerResponse::from(player)
    }))
}

/// Update Player
///
/// Sets or clears (`null`) the player's display name.
#[utoipa::path(
    tag = "Players",
    operation_id = "update_player",
    params(("player_id" = PlayerIdSchema, Path, description = "The player's id")),
    request_body = PlayerUpdateRequest,
    responses(
        (status = 200, description = "The changed player", body = PlayerResponse),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player, or merged away", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/players/{player_id}")]
pub async fn update_player(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    player_id: web::Path<String>,
    body: JsonBody<PlayerUpdateRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("player_id", &player_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let player = state
        .players
        .update(&principal, id, changes, if_match)
        .await?;
    Ok(tagged::tagged(
        &player.entity_tag(),
        PlayerResponse::from(player),
    ))
}

/// Delete Player
///
/// Erases the player with every identity, session, nonce and ban of it: a player's data
/// erasure. Its sessions stop at once.
#[utoipa::path(
    tag = "Players",
    operation_id = "delete_player",
    params(("player_id" = PlayerIdSchema, Path, description = "The player's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/players/{player_id}")]
pub async fn delete_player(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    player_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("player_id", &player_id)?;
    let if_match = if_match.into_inner()?;
    state.players.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Merge Players
///
/// Moves every identity (and ban) of `from_player_id` to this player, ends its sessions and
/// deletes it with `merged_into` pointing here, in one transaction. Both must be players of
/// one game. Replaying the same merge changes nothing and answers the same.
#[utoipa::path(
    tag = "Players",
    operation_id = "merge_players",
    params(("player_id" = PlayerIdSchema, Path, description = "The player that remains")),
    request_body = PlayerMergeRequest,
    responses(
        (status = 200, description = "The player that remains", body = PlayerResponse),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player", body = ErrorResponse),
        (status = 409, description = "The same player, or one merged elsewhere", body = ErrorResponse),
        (status = 422, description = "Validation error, or players of different games", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/players/{player_id}/merge")]
pub async fn merge_players(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    player_id: web::Path<String>,
    body: JsonBody<PlayerMergeRequest>,
) -> Result<web::Json<PlayerResponse>, ApiError> {
    let into = path_id("player_id", &player_id)?;
    let from = body.into_inner()?.try_into_domain()?;
    let player = state.players.merge(&principal, into, from).await?;
    Ok(web::Json(player.into()))
}

/// Ban Player
///
/// Bans the player from now, for good or until `expires_at`: its sign-ins, refreshes and
/// every client request answer 403 `banned` (with `reason` and `expires_at`) from its very
/// next request, on every replica. The ban lapses by itself at `expires_at`.
#[utoipa::path(
    tag = "Players",
    operation_id = "ban_player",
    params(("player_id" = PlayerIdSchema, Path, description = "The player's id")),
    request_body = BanCreateRequest,
    responses(
        (status = 201, description = "The ban", body = BanResponse),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player, or merged away", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/players/{player_id}/bans")]
pub async fn ban_player(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    player_id: web::Path<String>,
    body: JsonBody<BanCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("player_id", &player_id)?;
    let ban = body.into_inner()?.try_into_domain()?;
    let ban = state.players.ban(&principal, id, ban).await?;
    Ok(HttpResponse::Created().json(BanResponse::from(ban)))
}

/// List Player Bans
///
/// The player's ban history, lifted and lapsed bans included, with who banned and who lifted.
/// Sortable fields: `id`, `created_at`.
#[utoipa::path(
    tag = "Players",
    operation_id = "list_player_bans",
    params(
        ("player_id" = PlayerIdSchema, Path, description = "The player's id"),
        BanListFilters,
        PageQuery,
        SortParam<BanSortField>
    ),
    responses(
        (status = 200, description = "A page of bans", body = BanPage),
        (status = 400, description = "Invalid sort or cursor", body = ErrorResponse),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/players/{player_id}/bans")]
pub async fn list_player_bans(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    player_id: web::Path<String>,
    query: ListQuery<BanListFilters>,
) -> Result<web::Json<Paginated<BanResponse>>, ApiError> {
    let id = path_id("player_id", &player_id)?;
    let page = query.into_inner()?;
    let listing = state.players.bans(&principal, id, page).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        BanResponse::from,
    )))
}

/// Lift Player Ban
///
/// Lifts the ban now, recording who did; lifting a ban already lifted changes nothing.
#[utoipa::path(
    tag = "Players",
    operation_id = "lift_player_ban",
    params(
        ("player_id" = PlayerIdSchema, Path, description = "The player's id"),
        ("ban_id" = BanIdSchema, Path, description = "The ban's id")
    ),
    responses(
        (status = 204, description = "Lifted"),
        (status = 403, description = "Another account's player", body = ErrorResponse),
        (status = 404, description = "No such player, or no such ban of it", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/players/{player_id}/bans/{ban_id}")]
pub async fn lift_player_ban(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (player_id, ban_id) = path.into_inner();
    let id = path_id("player_id", &player_id)?;
    let ban = path_id("ban_id", &ban_id)?;
    state.players.lift(&principal, id, ban).await?;
    Ok(HttpResponse::NoContent().finish())
}
