//! `/v1/games/{game_id}/oidc-providers`: the OpenID Connect providers a game's players sign in
//! with (DESIGN §9).

use actix_web::{HttpResponse, delete, get, put, web};
use roster_domain::slug::Slug;

use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::oidc_provider::{OidcProviderPage, OidcProviderRequest, OidcProviderResponse};
use crate::dto::pagination::Paginated;
use crate::dto::schema::{GameIdSchema, SlugSchema};
use crate::error::ApiError;
use crate::extract::{AdminPrincipal, JsonBody, path_id, path_value};
use crate::state::AppState;

/// Put OIDC Provider
///
/// Creates (201) or replaces (200) the game's provider `provider` (a slug: what sign-ins name).
/// `apple` and `google` are presets: `{"audiences": [...]}` is enough, with Apple's
/// (`https://appleid.apple.com`) or Google's (`https://accounts.google.com`) issuer and keys.
/// Any other provider gives its `issuer` and `jwks_uri`. A game has at most 16 providers (409
/// past that).
#[utoipa::path(
    tag = "Games",
    operation_id = "put_oidc_provider",
    params(
        ("game_id" = GameIdSchema, Path, description = "The game's id"),
        ("provider" = SlugSchema, Path, description = "The provider's name"),
    ),
    request_body = OidcProviderRequest,
    responses(
        (status = 200, description = "Replaced", body = OidcProviderResponse),
        (status = 201, description = "Created", body = OidcProviderResponse),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "Missing or deleted game", body = ErrorResponse),
        (status = 409, description = "The game has the most providers it may", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[put("/v1/games/{game_id}/oidc-providers/{provider}")]
pub async fn put_oidc_provider(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: JsonBody<OidcProviderRequest>,
) -> Result<HttpResponse, ApiError> {
    let (game_id, provider) = path.into_inner();
    let game_id = path_id("game_id", &game_id)?;
    let name = path_value("provider", &provider, Slug::parse)?;
    let settings = body.into_inner()?.try_into_domain()?;
    let put = state
        .oidc_providers
        .put(&principal, game_id, name, settings)
        .await?;
    let answer = OidcProviderResponse::from(put.provider);
    Ok(if put.created {
        HttpResponse::Created().json(answer)
    } else {
        HttpResponse::Ok().json(answer)
    })
}

/// List OIDC Providers
///
/// The game's providers, by name: at most 16, so always one page.
#[utoipa::path(
    tag = "Games",
    operation_id = "list_oidc_providers",
    params(("game_id" = GameIdSchema, Path, description = "The game's id")),
    responses(
        (status = 200, description = "The game's providers", body = OidcProviderPage),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "Missing or deleted game", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/games/{game_id}/oidc-providers")]
pub async fn list_oidc_providers(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    game_id: web::Path<String>,
) -> Result<web::Json<Paginated<OidcProviderResponse>>, ApiError> {
    let game_id = path_id("game_id", &game_id)?;
    let providers = state.oidc_providers.list(&principal, game_id).await?;
    Ok(web::Json(Paginated::whole(
        providers
            .into_iter()
            .map(OidcProviderResponse::from)
            .collect(),
    )))
}

/// Delete OIDC Provider
///
/// Removes the game's provider `provider`: its players can no longer sign in with it (their
/// identities stay).
#[utoipa::path(
    tag = "Games",
    operation_id = "delete_oidc_provider",
    params(
        ("game_id" = GameIdSchema, Path, description = "The game's id"),
        ("provider" = SlugSchema, Path, description = "The provider's name"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "Missing or deleted game, or no such provider", body = ErrorResponse),
        (status = 422, description = "Malformed id or name", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/games/{game_id}/oidc-providers/{provider}")]
pub async fn delete_oidc_provider(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (game_id, provider) = path.into_inner();
    let game_id = path_id("game_id", &game_id)?;
    let name = path_value("provider", &provider, Slug::parse)?;
    state
        .oidc_providers
        .delete(&principal, game_id, name)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
