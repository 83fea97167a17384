//! Health responses.

use std::collections::BTreeMap;

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

/// The liveness answer: `{"status": "alive"}`.
pub type LivenessResponse = BTreeMap<&'static str, &'static str>;
