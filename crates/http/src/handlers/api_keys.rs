//! `/v1/api-keys`.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::dto::api_key::{
    ApiKeyListFilters, ApiKeyPage, ApiKeyResponse, CreateApiKeyRequest, CreateApiKeyResponse,
    UpdateApiKeyRequest,
};
use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::schema::ApiKeyIdSchema;
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, path_id,
};
use crate::state::AppState;
use crate::tagged;
use roster_domain::api_key::ApiKeySortField;

/// Create API Key
///
/// Creates a key for a user of your account (any account as a superadmin; only superadmins
/// create keys for superadmins). The secret is in the response's `key`, and nowhere else, ever:
/// only its SHA-256 digest is stored.
#[utoipa::path(
    tag = "API Keys",
    operation_id = "create_api_key",
    request_body = CreateApiKeyRequest,
    responses(
        (status = 201, description = "The new key with its secret", body = CreateApiKeyResponse),
        (status = 403, description = "Another account, or a superadmin's key", body = ErrorResponse),
        (status = 404, description = "No such user in the account", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/api-keys")]
pub async fn create_api_key(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let created = state.api_keys.create(&principal, input).await?;
    Ok(HttpResponse::Created().json(CreateApiKeyResponse::from(created)))
}

/// List API Keys
///
/// Superadmins see every account's keys, or one account's with `account_id`; anyone else their
/// own account's. Sortable fields: `id`, `name`, `created_at`, `updated_at`, `last_used_at`
/// (never-used keys last ascending, first descending).
#[utoipa::path(
    tag = "API Keys",
    operation_id = "list_api_keys",
    params(ApiKeyListFilters, PageQuery, SortParam<ApiKeySortField>),
    responses(
        (status = 200, description = "A page of keys", body = ApiKeyPage),
        (status = 400, description = "Invalid sort, cursor or filter", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/api-keys")]
pub async fn list_api_keys(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<ApiKeyListFilters>,
) -> Result<web::Json<Paginated<ApiKeyResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.api_keys.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        ApiKeyResponse::from,
    )))
}

/// Get API Key
///
/// One key of your account, or of any as a superadmin. 404 when missing or deleted.
#[utoipa::path(
    tag = "API Keys",
    operation_id = "get_api_key",
    params(("key_id" = ApiKeyIdSchema, Path, description = "The key's id")),
    responses(
        (status = 200, description = "The key", body = ApiKeyResponse),
        (status = 403, description = "Another account's key", body = ErrorResponse),
        (status = 404, description = "Missing or deleted", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/api-keys/{key_id}")]
pub async fn get_api_key(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    key_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("key_id", &key_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let key = state.api_keys.get(&principal, id).await?;
    let tag = key.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        ApiKeyResponse::from(key)
    }))
}

/// Update API Key
///
/// Renames (`name`), revokes (`status: revoked`, final), soft-deletes or restores (`deleted`) a
/// key. A revoked key is refused on its very next request.
#[utoipa::path(
    tag = "API Keys",
    operation_id = "update_api_key",
    params(("key_id" = ApiKeyIdSchema, Path, description = "The key's id")),
    request_body = UpdateApiKeyRequest,
    responses(
        (status = 200, description = "The changed key", body = ApiKeyResponse),
        (status = 403, description = "Not yours to change", body = ErrorResponse),
        (status = 404, description = "Missing, or deleted and not being restored", body = ErrorResponse),
        (status = 409, description = "A revoked key cannot be reactivated", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/api-keys/{key_id}")]
pub async fn update_api_key(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    key_id: web::Path<String>,
    body: JsonBody<UpdateApiKeyRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("key_id", &key_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let key = state
        .api_keys
        .update(&principal, id, changes, if_match)
        .await?;
    Ok(tagged::tagged(&key.entity_tag(), ApiKeyResponse::from(key)))
}

/// Delete API Key
///
/// Erases the key; it is refused on its very next request.
#[utoipa::path(
    tag = "API Keys",
    operation_id = "delete_api_key",
    params(("key_id" = ApiKeyIdSchema, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Not yours to erase", body = ErrorResponse),
        (status = 404, description = "No such key", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/api-keys/{key_id}")]
pub async fn delete_api_key(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    key_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("key_id", &key_id)?;
    let if_match = if_match.into_inner()?;
    state.api_keys.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
