//! The health of the service's one dependency, the database.

use crate::BoxFuture;
use crate::ports::{HealthProbe, StoreError};

/// The health check as the HTTP adapter drives it.
pub trait HealthCheck: Send + Sync + 'static {
    /// Succeeds when the database answers.
    fn check(&self) -> BoxFuture<'_, Result<(), StoreError>>;
}

/// Checks health through a probe.
#[derive(Debug)]
pub struct Health<P> {
    probe: P,
}

impl<P: HealthProbe> Health<P> {
    /// The check over `probe`.
    pub fn new(probe: P) -> Self {
        Self { probe }
    }
}

impl<P: HealthProbe> HealthCheck for Health<P> {
    fn check(&self) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(self.probe.ping())
    }
}
