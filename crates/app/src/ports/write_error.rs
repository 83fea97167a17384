//! Why a changed row could not be written back.

use super::StoreError;

/// A row could not be written back; nothing was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The written row collides with another under a unique constraint (each primitive says
    /// which).
    #[error("a unique constraint refused the change")]
    Conflict,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
