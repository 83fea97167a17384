//! Whether the database answers.

use std::future::Future;

use super::StoreError;

/// Checks the database.
pub trait HealthProbe: Send + Sync + 'static {
    /// Runs the cheapest query that proves the database answers.
    ///
    /// MUST return `StoreError::Unavailable` when it does not answer in time.
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;
}
