//! `/v1/identities`.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::dto::client::{MintSessionRequest, StartSessionResponse};
use crate::dto::error::{
    AdminFailures, BodyFailures, ErrorResponse, ForbiddenResponse, HttpValidationError,
};
use crate::dto::identity::{
    IdentityCreateRequest, IdentityListFilters, IdentityPage, IdentityResponse,
    IdentityUpdateRequest,
};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::schema::IdentityIdSchema;
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, OptionalJsonBody,
    path_id,
};
use crate::state::AppState;
use crate::tagged;
use roster_domain::etag::Versioned;
use roster_domain::identity::IdentitySortField;

/// List Identities
///
/// Players' identities, scoped like users. Filters `game_id`, `kind` (an unknown kind is a 400
/// naming the valid ones) and `q`. Sortable fields: `id`, `display_name` (players without one
/// last ascending, first descending), `kind`, `created_at`, `updated_at`.
#[utoipa::path(
    tag = "Identities",
    operation_id = "list_identities",
    params(IdentityListFilters, PageQuery, SortParam<IdentitySortField>),
    responses(
        (status = 200, description = "A page of identities", body = IdentityPage),
        (status = 400, description = "Invalid sort, cursor or kind", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/identities")]
pub async fn list_identities(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<IdentityListFilters>,
) -> Result<web::Json<Paginated<IdentityResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.identities.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        IdentityResponse::from,
    )))
}

/// Create Identity
///
/// Creates or imports an identity of any kind, server to server; its account is its game's.
#[utoipa::path(
    tag = "Identities",
    operation_id = "create_identity",
    request_body = IdentityCreateRequest,
    responses(
        (status = 201, description = "The new identity", body = IdentityResponse),
        (status = 403, description = "Another account's game", body = ErrorResponse),
        (status = 404, description = "The game does not exist", body = ErrorResponse),
        (status = 409, description = "The game has an identity of this kind and key", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/identities")]
pub async fn create_identity(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<IdentityCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let identity = state.identities.create(&principal, input).await?;
    Ok(HttpResponse::Created().json(IdentityResponse::from(identity)))
}

/// Get Identity
///
/// One identity of your account, or of any as a superadmin. 404 when missing or deleted.
#[utoipa::path(
    tag = "Identities",
    operation_id = "get_identity",
    params(("identity_id" = IdentityIdSchema, Path, description = "The identity's id")),
    responses(
        (status = 200, description = "The identity", body = IdentityResponse),
        (status = 403, description = "Another account's identity", body = ErrorResponse),
        (status = 404, description = "Missing or deleted", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/identities/{identity_id}")]
pub async fn get_identity(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    identity_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("identity_id", &identity_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let identity = state.identities.get(&principal, id).await?;
    let tag = identity.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        IdentityResponse::from(identity)
    }))
}

/// Update Identity
///
/// Sets or clears (`null`) the display name; `deleted: true` soft-deletes the identity and
/// revokes its sessions at once, `deleted: false` restores it.
#[utoipa::path(
    tag = "Identities",
    operation_id = "update_identity",
    params(("identity_id" = IdentityIdSchema, Path, description = "The identity's id")),
    request_body = IdentityUpdateRequest,
    responses(
        (status = 200, description = "The changed identity", body = IdentityResponse),
        (status = 403, description = "Another account's identity", body = ErrorResponse),
        (status = 404, description = "Missing, or deleted and not being restored", body = ErrorResponse),
        (status = 409, description = "Restoring would duplicate a live identity", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/identities/{identity_id}")]
pub async fn update_identity(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    identity_id: web::Path<String>,
    body: JsonBody<IdentityUpdateRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("identity_id", &identity_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let identity = state
        .identities
        .update(&principal, id, changes, if_match)
        .await?;
    Ok(tagged::tagged(
        &identity.entity_tag(),
        IdentityResponse::from(identity),
    ))
}

/// Delete Identity
///
/// Erases the identity with its sessions and nonces: a player's data erasure.
#[utoipa::path(
    tag = "Identities",
    operation_id = "delete_identity",
    params(("identity_id" = IdentityIdSchema, Path, description = "The identity's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Another account's identity", body = ErrorResponse),
        (status = 404, description = "No such identity", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/identities/{identity_id}")]
pub async fn delete_identity(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    identity_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("identity_id", &identity_id)?;
    let if_match = if_match.into_inner()?;
    state.identities.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Start Identity Session
///
/// Starts a client session for an identity whose proof the game's own server checked (a Steam
/// ticket, a custom login): the answer is that of `POST /v1/client/sessions`. The body, which
/// may be left out, says what the server knows of the client: platform, metadata, test mode.
#[utoipa::path(
    tag = "Identities",
    operation_id = "create_identity_session",
    params(("identity_id" = IdentityIdSchema, Path, description = "The identity's id")),
    request_body = Option<MintSessionRequest>,
    responses(
        (status = 201, description = "The session's identity and tokens", body = StartSessionResponse),
        (status = 403, description = "Another account's identity, a suspended account, or a banned player (`banned`)", body = ForbiddenResponse),
        (status = 404, description = "Missing or deleted identity or game", body = ErrorResponse),
        (status = 422, description = "Malformed id or body", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/identities/{identity_id}/sessions")]
pub async fn create_identity_session(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    identity_id: web::Path<String>,
    body: OptionalJsonBody<MintSessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("identity_id", &identity_id)?;
    let input = body
        .into_inner()?
        .map(MintSessionRequest::try_into_domain)
        .transpose()?
        .unwrap_or_default();
    let started = state.identities.mint_session(&principal, id, input).await?;
    Ok(HttpResponse::Created().json(StartSessionResponse::from(started)))
}
