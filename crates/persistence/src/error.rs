//! Turning Diesel and pool failures into the ports' errors.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::pooled_connection::deadpool::PoolError;
use roster_app::ports::StoreError;

/// A pool checkout failure: every kind means the database cannot be had in time.
pub(crate) fn from_pool(error: PoolError) -> StoreError {
    StoreError::Unavailable(Box::new(error))
}

/// A query failure that is not part of a store's business contract.
pub(crate) fn from_diesel(error: DieselError) -> StoreError {
    let unavailable = match &error {
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => true,
        // SQLSTATE 57014: the statement_timeout cancelled a query; the database is overloaded.
        DieselError::DatabaseError(_, info) => info.message().contains("statement timeout"),
        _ => false,
    };
    if unavailable {
        StoreError::Unavailable(Box::new(error))
    } else {
        StoreError::Internal(Box::new(error))
    }
}

/// The name of the unique constraint (or unique index) `error` violated, if that is what it is.
pub(crate) fn unique_violation(error: &DieselError) -> Option<&str> {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            info.constraint_name()
        }
        _ => None,
    }
}

/// A stored value that the domain refuses: the database holds something it never should.
pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Internal(format!("stored {what} is invalid").into())
}
