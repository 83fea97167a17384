//! The infrastructure failures every store can report.

/// Any error, boxed, as a store's underlying cause.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A store failed for a reason that is not part of its business contract.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached in time: no connection within the pool's wait timeout,
    /// connection refused or dropped. Worth retrying later.
    #[error("the database is unavailable")]
    Unavailable(#[source] BoxError),
    /// Anything else: a failed query, a row that does not decode. A bug or a broken database.
    #[error("the database failed")]
    Internal(#[source] BoxError),
}
