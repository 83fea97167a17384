//! `/v1/webhooks`: where an account's audit events are delivered (DESIGN §11).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use roster_domain::etag::Versioned;
use roster_domain::webhook::WebhookSortField;
use roster_domain::webhook_delivery::DeliverySortField;

use crate::dto::error::{AdminFailures, BodyFailures, ErrorResponse, HttpValidationError};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::dto::schema::WebhookIdSchema;
use crate::dto::webhook::{
    DeliveryListFilters, DeliveryPage, DeliveryResponse, WebhookCreateRequest,
    WebhookCreatedResponse, WebhookListFilters, WebhookPage, WebhookResponse, WebhookUpdateRequest,
};
use crate::error::ApiError;
use crate::extract::{
    AdminPrincipal, IfMatchHeader, IfNoneMatchHeader, JsonBody, ListQuery, path_id,
};
use crate::state::AppState;
use crate::tagged;

/// Create Webhook
///
/// Subscribes a URL to your account's audit events (any account's as a superadmin). Each
/// event that matches `events` is POSTed to it as `{type, timestamp, data}` (`data`: the event
/// as the audit log shows it), signed the Standard Webhooks way: `webhook-id` (the event id,
/// the same on every retry), `webhook-timestamp`, `webhook-signature`. Deliveries are at least
/// once and in order; a delivery not answered with a 2xx is retried with backoff for 24
/// hours. The signing `secret` is in this response and never again.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "create_webhook",
    request_body = WebhookCreateRequest,
    responses(
        (status = 201, description = "The new webhook with its signing secret", body = WebhookCreatedResponse),
        (status = 403, description = "Another account", body = ErrorResponse),
        (status = 404, description = "No such account", body = ErrorResponse),
        (status = 422, description = "Validation error, or a URL that does not lead to a public address", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[post("/v1/webhooks")]
pub async fn create_webhook(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    body: JsonBody<WebhookCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let created = state.webhooks.create(&principal, input).await?;
    Ok(HttpResponse::Created().json(WebhookCreatedResponse::from(created)))
}

/// List Webhooks
///
/// Superadmins see every account's webhooks, or one account's with `account_id`; anyone else
/// their own account's. Sortable fields: `id`, `created_at`, `updated_at`.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "list_webhooks",
    params(WebhookListFilters, PageQuery, SortParam<WebhookSortField>),
    responses(
        (status = 200, description = "A page of webhooks", body = WebhookPage),
        (status = 400, description = "Invalid sort or cursor", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/webhooks")]
pub async fn list_webhooks(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<WebhookListFilters>,
) -> Result<web::Json<Paginated<WebhookResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.webhooks.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        WebhookResponse::from,
    )))
}

/// Get Webhook
///
/// One webhook of your account, or of any as a superadmin (never its secret).
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "get_webhook",
    params(("webhook_id" = WebhookIdSchema, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The webhook", body = WebhookResponse),
        (status = 403, description = "Another account's webhook", body = ErrorResponse),
        (status = 404, description = "No such webhook", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/webhooks/{webhook_id}")]
pub async fn get_webhook(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    webhook_id: web::Path<String>,
    if_none_match: IfNoneMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("webhook_id", &webhook_id)?;
    let if_none_match = if_none_match.into_inner()?;
    let webhook = state.webhooks.get(&principal, id).await?;
    let tag = webhook.entity_tag();
    Ok(tagged::read(&tag, if_none_match.as_ref(), || {
        WebhookResponse::from(webhook)
    }))
}

/// Update Webhook
///
/// Changes its `url` (checked as at creation), `events` or `description`. Deliveries already
/// queued keep going to the webhook, at its new URL.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "update_webhook",
    params(("webhook_id" = WebhookIdSchema, Path, description = "The webhook's id")),
    request_body = WebhookUpdateRequest,
    responses(
        (status = 200, description = "The changed webhook", body = WebhookResponse),
        (status = 403, description = "Another account's webhook", body = ErrorResponse),
        (status = 404, description = "No such webhook", body = ErrorResponse),
        (status = 422, description = "Validation error, or a URL that does not lead to a public address", body = HttpValidationError),
        BodyFailures,
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/webhooks/{webhook_id}")]
pub async fn update_webhook(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    webhook_id: web::Path<String>,
    body: JsonBody<WebhookUpdateRequest>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("webhook_id", &webhook_id)?;
    let changes = body.into_inner()?.try_into_domain()?;
    let if_match = if_match.into_inner()?;
    let webhook = state
        .webhooks
        .update(&principal, id, changes, if_match)
        .await?;
    Ok(tagged::tagged(
        &webhook.entity_tag(),
        WebhookResponse::from(webhook),
    ))
}

/// Delete Webhook
///
/// Erases the webhook and its deliveries, pending ones included: nothing more is sent.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "delete_webhook",
    params(("webhook_id" = WebhookIdSchema, Path, description = "The webhook's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Another account's webhook", body = ErrorResponse),
        (status = 404, description = "No such webhook", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[delete("/v1/webhooks/{webhook_id}")]
pub async fn delete_webhook(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    webhook_id: web::Path<String>,
    if_match: IfMatchHeader,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("webhook_id", &webhook_id)?;
    let if_match = if_match.into_inner()?;
    state.webhooks.delete(&principal, id, if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List Webhook Deliveries
///
/// Each event queued for the webhook, with its status and every attempt (when, the status
/// code or why none came, how long it took). Newest first by default; sortable by
/// `created_at` and `id` (the event's). Filter `status`.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "list_webhook_deliveries",
    params(
        ("webhook_id" = WebhookIdSchema, Path, description = "The webhook's id"),
        DeliveryListFilters,
        PageQuery,
        SortParam<DeliverySortField>,
    ),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
        (status = 400, description = "Invalid sort, cursor or status", body = ErrorResponse),
        (status = 403, description = "Another account's webhook", body = ErrorResponse),
        (status = 404, description = "No such webhook", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/webhooks/{webhook_id}/deliveries")]
pub async fn list_webhook_deliveries(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    webhook_id: web::Path<String>,
    query: ListQuery<DeliveryListFilters>,
) -> Result<web::Json<Paginated<DeliveryResponse>>, ApiError> {
    let id = path_id("webhook_id", &webhook_id)?;
    let query = query.into_inner()?;
    let listing = state.webhooks.deliveries(&principal, id, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        DeliveryResponse::from,
    )))
}
