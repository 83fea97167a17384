//! `/v1/audit-events`: the audit log.

use actix_web::{get, web};
use roster_domain::audit::AuditSortField;

use crate::dto::audit::{AuditEventListFilters, AuditEventPage, AuditEventResponse};
use crate::dto::error::{AdminFailures, ErrorResponse, HttpValidationError};
use crate::dto::pagination::{PageQuery, Paginated, SortParam};
use crate::error::ApiError;
use crate::extract::{AdminPrincipal, ListQuery};
use crate::state::AppState;

/// List Audit Events
///
/// Every change that succeeded, one event each, recorded in the change's own transaction (a
/// change refused or rolled back has none): who acted, what they did to what, the fields that
/// changed (secrets never), and the request's `x-request-id`. Scoped like users: your
/// account's events, or any account's as a superadmin. Newest first by default
/// (`occurred_at:desc,id:asc`); sortable by `occurred_at` and `id`. Filters `action`,
/// `actor_id` (a user, identity or `roster`; or an API key, for the events made with it),
/// `target_id`, `occurred_after`, `occurred_before` (both exclusive). Events cannot be
/// changed or deleted; they are purged after `ROSTER_AUDIT_RETENTION_DAYS` (365 by default).
#[utoipa::path(
    tag = "Audit",
    operation_id = "list_audit_events",
    params(AuditEventListFilters, PageQuery, SortParam<AuditSortField>),
    responses(
        (status = 200, description = "A page of events", body = AuditEventPage),
        (status = 400, description = "Invalid sort, cursor or action", body = ErrorResponse),
        (status = 403, description = "Another account named", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        AdminFailures,
    ),
    security(("api_key" = []))
)]
#[get("/v1/audit-events")]
pub async fn list_audit_events(
    principal: AdminPrincipal,
    state: web::Data<AppState>,
    query: ListQuery<AuditEventListFilters>,
) -> Result<web::Json<Paginated<AuditEventResponse>>, ApiError> {
    let query = query.into_inner()?;
    let listing = state.audit.list(&principal, query).await?;
    Ok(web::Json(Paginated::from_listing(
        listing,
        AuditEventResponse::from,
    )))
}
