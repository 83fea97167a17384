//! `/v1/users`.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::schema::UserIdSchema;
use crate::dto::user::{
    UserCreateRequest, UserListFilters, UserPage, UserResponse, UserUpdateRequest,
};
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, path_id,
};
use crate::state::AppState;
use crate::tagged;
use roster_domain::etag::Versioned;
use roster_domain::user::UserSortField;

/// Create User
///
/// Creates a user in an account: your own, or any as a superadmin. Only a superadmin may create
/// a superadmin.
#[utoipa::path(
    tag = "Users",
    operation_id = "create_user",
    request_body = UserCreateRequest,
    responses(
        (status = 201, description = "The new user", body = UserResponse),
        (status = 403, description = "Another account, or superadmin privileges asked for", body = ErrorResponse),
        (status = 404, description = "The account does not exist", body = ErrorResponse),
        (status = 409, description = "A user of the account has the email", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/users")]
pub async fn create_user(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<UserCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let user = state.users.create(&principal, input).await?;
    Ok(HttpResponse::Created().json(UserResponse::from(user)))
}

/// List Users
///
/// Superadmins see every account's users, or one account's with `account_id`; anyone else their
/// own account's. Sortable fields: `id`, `email`, `display_name`, `created_at`, `updated_at`.
#[utoipa::path(
    tag = "Users",
    operation_id = "list_users",
    params(UserListFilters, PageQuery, SortParam<UserSortField>),
    responses(
        (status = 200, description = "A page of users", body = UserPage),
        (status = 400, description = "Invalid sort, cursor or filter", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/users")]
pub async fn list_users(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<UserListFilters>,
) -> Result<web::Json<Paginated<UserResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.users.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        UserResponse::from,
    )))
}

/// Get User
///
/// One user of your account, or of any as a superadmin. 404 when missing or deleted.
#[utoipa::path(
    tag = "Users",
    operation_id = "get_user",
    params(("user_id" = UserIdSchema, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = UserResponse),
        (status = 403, description = "Another account's user", body = ErrorResponse),
        (status = 404, description = "Missing or deleted", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/users/{user_id}")]
pub async fn get_user(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    user_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("user_id", &user_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let user = state.users.get(&principal, id).await?;
    let tag = user.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        UserResponse::from(user)
    }))
}

/// Update User
///
/// Changes `email`, `display_name`, `status` (never your own), `super_admin` (superadmins only)
/// and `deleted` (`true` soft-deletes, `false` restores). Only superadmins change superadmin
/// users. Leaving no active superadmin is a 409. All changes apply together or not at all.
#[utoipa::path(
    tag = "Users",
    operation_id = "update_user",
    params(("user_id" = UserIdSchema, Path, description = "The user's id")),
    request_body = UserUpdateRequest,
    responses(
        (status = 200, description = "The changed user", body = UserResponse),
        (status = 403, description = "Not yours to change, or a superadmin-only change", body = ErrorResponse),
        (status = 404, description = "Missing, or deleted and not being restored", body = ErrorResponse),
        (status = 409, description = "The email is taken, or no active superadmin would remain", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/users/{user_id}")]
pub async fn update_user(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    user_id: web::Path<String>,
    body: JsonBody<UserUpdateRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("user_id", &user_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let user = state
        .users
        .update(&principal, id, changes, if_match)
        .await?;
    Ok(tagged::tagged(&user.entity_tag(), UserResponse::from(user)))
}

/// Delete User
///
/// Erases the user and its API keys, soft-deleted users included. Erasing the last active
/// superadmin is a 409.
#[utoipa::path(
    tag = "Users",
    operation_id = "delete_user",
    params(("user_id" = UserIdSchema, Path, description = "The user's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Not yours to erase", body = ErrorResponse),
        (status = 404, description = "No such user", body = ErrorResponse),
        (status = 409, description = "No active superadmin would remain", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/users/{user_id}")]
pub async fn delete_user(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    user_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("user_id", &user_id)?;
    let if_match = if_match.into_inner()?;
    state.users.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
