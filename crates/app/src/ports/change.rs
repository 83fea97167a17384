//! What every read-modify-write of one row shares: its outcomes, and the superadmin census it
//! is given when the change could lock the system out.

use super::StoreError;

/// Why a change to one row did not happen. In every case nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError<E> {
    /// No row has the id.
    #[error("not found")]
    NotFound,
    /// The caller's decision refused the change.
    #[error("the change was refused")]
    Rejected(E),
    /// The written row collides with another under a unique constraint (each store says which).
    #[error("a unique constraint refused the change")]
    Conflict,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Usable superadmins (active, live, in an active live account) around an account being
/// changed, counted while changes that could remove superadmins are serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountCensus {
    /// Active, live superadmin users of this account (usable while the account is).
    pub superadmins_here: u64,
    /// Usable superadmins of every other account.
    pub superadmins_elsewhere: u64,
}

/// The same, around a user being changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserCensus {
    /// Whether the user's account is active and not deleted.
    pub account_usable: bool,
    /// Usable superadmins other than this user.
    pub superadmins_elsewhere: u64,
}
