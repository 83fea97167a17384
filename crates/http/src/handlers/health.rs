//! `/v1/health` and `/v1/health/live`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::dto::health::{HealthResponse, LivenessResponse};
use crate::error::RETRY_AFTER_SECONDS;
use crate::state::AppState;

/// Health Check
///
/// Checks that the service can reach its database: 200 when it can, 503 when it cannot.
#[utoipa::path(
    tag = "Public",
    operation_id = "health_check",
    responses(
        (status = 200, description = "Healthy", body = HealthResponse),
        (status = 503, description = "The database does not answer", body = HealthResponse),
    )
)]
#[get("/v1/health")]
pub async fn health_check(state: web::Data<AppState>) -> HttpResponse {
    match state.health.check().await {
        Ok(()) => HttpResponse::Ok().json(HealthResponse {
            service: "roster",
            status: "healthy",
            database: "connected",
        }),
        Err(error) => {
            // The outage is logged where it is seen; a load balancer polling this must not
            // add a line per probe.
            tracing::debug!(error = %error, "health check: the database does not answer");
            HttpResponse::ServiceUnavailable()
                .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS))
                .json(HealthResponse {
                    service: "roster",
                    status: "unhealthy",
                    database: "disconnected",
                })
        }
    }
}

/// Liveness Check
///
/// Answers without touching the database: the process is up.
#[utoipa::path(
    tag = "Public",
    operation_id = "liveness_check",
    responses((status = 200, description = "Alive", body = LivenessResponse, example = json!({"status": "alive"})))
)]
#[get("/v1/health/live")]
pub async fn liveness_check() -> web::Json<LivenessResponse> {
    web::Json(LivenessResponse { status: "alive" })
}
