//! The failures of a read-modify-write transaction, and how they become the ports' outcomes.

use roster_app::ports::{ChangeError, StoreError};

use crate::error::{from_diesel, unique_violation};

/// Why a change transaction rolled back.
pub(crate) enum Tx<E> {
    /// A query failed.
    Diesel(diesel::result::Error),
    /// No row has the id.
    NotFound,
    /// The caller's decision refused the change.
    Rejected(E),
    /// A stored row does not decode.
    Store(StoreError),
}

impl<E> From<diesel::result::Error> for Tx<E> {
    fn from(error: diesel::result::Error) -> Self {
        Self::Diesel(error)
    }
}

impl<E> From<StoreError> for Tx<E> {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl<E> Tx<E> {
    /// The port outcome; a violation of the unique index `conflict` is a `Conflict`.
    pub(crate) fn into_change(self, conflict: &str) -> ChangeError<E> {
        match self {
            Self::NotFound => ChangeError::NotFound,
            Self::Rejected(error) => ChangeError::Rejected(error),
            Self::Store(error) => ChangeError::Store(error),
            Self::Diesel(error) => match unique_violation(&error) {
                Some(name) if name == conflict => ChangeError::Conflict,
                _ => ChangeError::Store(from_diesel(error)),
            },
        }
    }
}
