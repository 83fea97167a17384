//! Health responses.

use serde::Serialize;
use utoipa::ToSchema;

/// The service's health.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    /// The name of the service.
    #[schema(example = "roster")]
    pub service: &'static str,
    /// `healthy`, or `unhealthy` when the database does not answer.
    #[schema(example = "healthy")]
    pub status: &'static str,
    /// `connected` or `disconnected`.
    #[schema(example = "connected")]
    pub database: &'static str,
}

/// The liveness answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct LivenessResponse {
    /// Always `alive`: the process answers.
    #[schema(example = "alive")]
    pub status: &'static str,
}
