//! `/v1/accounts`.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::dto::account::{
    AccountCreateRequest, AccountListFilters, AccountPage, AccountResponse, AccountUpdateRequest,
};
use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::schema::AccountIdSchema;
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, path_id,
};
use crate::state::AppState;
use crate::tagged;
use roster_domain::account::AccountSortField;
use roster_domain::etag::Versioned;

/// Create Account
///
/// Creates an account. Superadmins only. When `slug` is omitted it is generated from the name.
#[utoipa::path(
    tag = "Accounts",
    operation_id = "create_account",
    request_body = AccountCreateRequest,
    responses(
        (status = 201, description = "The new account", body = AccountResponse),
        (status = 403, description = "Not a superadmin", body = ErrorResponse),
        (status = 409, description = "The slug is taken", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/accounts")]
pub async fn create_account(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<AccountCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let account = state.accounts.create(&principal, input).await?;
    Ok(HttpResponse::Created().json(AccountResponse::from(account)))
}

/// List Accounts
///
/// Superadmins see every account, paginated; anyone else a one-item page of their own account.
/// `?slug=` returns exactly that account or 404. Sortable fields: `id`, `name`, `slug`,
/// `created_at`, `updated_at`.
#[utoipa::path(
    tag = "Accounts",
    operation_id = "list_accounts",
    params(AccountListFilters, PageQuery, SortParam<AccountSortField>),
    responses(
        (status = 200, description = "A page of accounts", body = AccountPage),
        (status = 400, description = "Invalid sort, cursor or filter", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 404, description = "No account has the slug", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/accounts")]
pub async fn list_accounts(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<AccountListFilters>,
) -> Result<web::Json<Paginated<AccountResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.accounts.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        AccountResponse::from,
    )))
}

/// Get Account
///
/// One account: your own, or any as a superadmin. 404 when it is missing or deleted.
#[utoipa::path(
    tag = "Accounts",
    operation_id = "get_account",
    params(("account_id" = AccountIdSchema, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = AccountResponse),
        (status = 403, description = "Another account", body = ErrorResponse),
        (status = 404, description = "Missing or deleted", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/accounts/{account_id}")]
pub async fn get_account(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    account_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("account_id", &account_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let account = state.accounts.get(&principal, id).await?;
    let tag = account.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        AccountResponse::from(account)
    }))
}

/// Update Account
///
/// Changes `name` and `slug` (your own account, or any as a superadmin), `status` and
/// `deleted` (superadmins only). `deleted: true` soft-deletes, `deleted: false` restores. All
/// changes apply together or not at all. Suspending or deleting the account that holds the last
/// active superadmin is a 409.
#[utoipa::path(
    tag = "Accounts",
    operation_id = "update_account",
    params(("account_id" = AccountIdSchema, Path, description = "The account's id")),
    request_body = AccountUpdateRequest,
    responses(
        (status = 200, description = "The changed account", body = AccountResponse),
        (status = 403, description = "Another account, or a superadmin-only field", body = ErrorResponse),
        (status = 404, description = "Missing, or deleted and not being restored", body = ErrorResponse),
        (status = 409, description = "The slug is taken, or no active superadmin would remain", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/accounts/{account_id}")]
pub async fn update_account(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    account_id: web::Path<String>,
    body: JsonBody<AccountUpdateRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("account_id", &account_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let account = state
        .accounts
        .update(&principal, id, changes, if_match)
        .await?;
    Ok(tagged::tagged(
        &account.entity_tag(),
        AccountResponse::from(account),
    ))
}

/// Delete Account
///
/// Erases the account and everything in it: users, keys, games, identities, sessions.
/// Superadmins only. Soft-deleted accounts can be erased too. Erasing the account that holds
/// the last active superadmin is a 409.
#[utoipa::path(
    tag = "Accounts",
    operation_id = "delete_account",
    params(("account_id" = AccountIdSchema, Path, description = "The account's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Not a superadmin", body = ErrorResponse),
        (status = 404, description = "No such account", body = ErrorResponse),
        (status = 409, description = "No active superadmin would remain", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/accounts/{account_id}")]
pub async fn delete_account(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    account_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("account_id", &account_id)?;
    let if_match = if_match.into_inner()?;
    state.accounts.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
