//! Turning Diesel and pool failures into the ports' errors.
//!
//! "The database cannot be had" (503, worth retrying) is told apart from everything else (500).
//! diesel-async reports a dead or closed socket as `UnableToSendCommand`; the server reports
//! that it is going away with SQLSTATE class 57P (57P01 terminated by an administrator, 57P02
//! after another backend's crash, 57P03 starting up, shutting down or in recovery, 57P05 idle
//! too long) and class 08 (connection exceptions), and a `statement_timeout` with 57014. diesel
//! keeps the server's message but not its SQLSTATE, so those are known by their messages, as
//! PostgreSQL words them; a connection that the error broke is known by its state as well
//! ([`crate::store::PgStore::run`] drops it and treats the failure alike).

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::pooled_connection::deadpool::PoolError;
use roster_app::ports::{StoreError, WriteError};

pub(crate) use roster_app::error_chain::ErrorChain;

use crate::outage::OUTAGE;

/// The beginnings of the messages PostgreSQL sends when it ends or refuses a connection, or
/// cancels a statement it was too slow for.
const SERVER_WENT_AWAY: &[&str] = &[
    // 57P01, 57P02, 57P05 and the like: "terminating connection due to administrator command",
    // "terminating connection because of crash of another server process", …
    "terminating connection",
    // 57P03: "the database system is starting up" / "is shutting down" / "is in recovery mode"
    // / "is not yet accepting connections" / "is not accepting connections".
    "the database system is",
    // 57P04 (dropped database) and 08xxx as the server words them.
    "database is being dropped",
    "connection to server",
    "server closed the connection",
    "could not receive data from client",
    // 57014, raised by `statement_timeout`; a lock timeout or a cancel is no outage.
    "canceling statement due to statement timeout",
];

/// Whether `error` means the database could not be had, rather than a failed query.
pub(crate) fn is_unavailable(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        ) => true,
        DieselError::DatabaseError(_, info) => {
            let message = info.message();
            SERVER_WENT_AWAY
                .iter()
                .any(|start| message.starts_with(start))
        }
        // A transaction whose COMMIT or ROLLBACK failed: the connection is the cause when either
        // failure says so, and a transaction manager left broken means a lost connection.
        DieselError::RollbackErrorOnCommit {
            rollback_error,
            commit_error,
        } => is_unavailable(rollback_error) || is_unavailable(commit_error),
        DieselError::BrokenTransactionManager => true,
        _ => false,
    }
}

/// A pool checkout failure: every kind means the database cannot be had in time.
pub(crate) fn from_pool(error: PoolError) -> StoreError {
    unavailable(Box::new(error))
}

/// A query failure that is not part of a store's business contract.
pub(crate) fn from_diesel(error: DieselError) -> StoreError {
    if is_unavailable(&error) {
        unavailable(Box::new(error))
    } else {
        StoreError::Internal(Box::new(error))
    }
}

/// The database could not be had because of `cause`: noted for the outage log, then reported.
pub(crate) fn unavailable(cause: roster_app::ports::BoxError) -> StoreError {
    OUTAGE.failed(cause.as_ref());
    StoreError::Unavailable(cause)
}

/// A failed write-back: `Conflict` when it violated the unique index `conflict`.
pub(crate) fn write_error(error: DieselError, conflict: &str) -> WriteError {
    match unique_violation(&error) {
        Some(name) if name == conflict => WriteError::Conflict,
        _ => WriteError::Store(from_diesel(error)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error(kind: DatabaseErrorKind, message: &str) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn a_lost_connection_or_a_server_going_away_is_unavailable() {
        for error in [
            server_error(DatabaseErrorKind::UnableToSendCommand, "connection closed"),
            server_error(
                DatabaseErrorKind::UnableToSendCommand,
                "error communicating with the server: Broken pipe",
            ),
            server_error(DatabaseErrorKind::ClosedConnection, "closed"),
            server_error(
                DatabaseErrorKind::Unknown,
                "terminating connection due to administrator command",
            ),
            server_error(
                DatabaseErrorKind::Unknown,
                "terminating connection because of crash of another server process",
            ),
            server_error(
                DatabaseErrorKind::Unknown,
                "the database system is in recovery mode",
            ),
            server_error(
                DatabaseErrorKind::Unknown,
                "canceling statement due to statement timeout",
            ),
            DieselError::RollbackErrorOnCommit {
                rollback_error: Box::new(server_error(
                    DatabaseErrorKind::UnableToSendCommand,
                    "connection closed",
                )),
                commit_error: Box::new(server_error(
                    DatabaseErrorKind::UnableToSendCommand,
                    "connection closed",
                )),
            },
            DieselError::BrokenTransactionManager,
        ] {
            assert!(is_unavailable(&error), "{error:?}");
            assert!(matches!(from_diesel(error), StoreError::Unavailable(_)));
        }
    }

    #[test]
    fn a_failed_query_is_internal() {
        for error in [
            server_error(
                DatabaseErrorKind::Unknown,
                "syntax error at or near \"SELEC\"",
            ),
            server_error(
                DatabaseErrorKind::CheckViolation,
                "violates check constraint",
            ),
            server_error(
                DatabaseErrorKind::Unknown,
                "canceling statement due to lock timeout",
            ),
            server_error(
                DatabaseErrorKind::Unknown,
                "canceling statement due to user request",
            ),
            DieselError::NotFound,
        ] {
            assert!(!is_unavailable(&error), "{error:?}");
            assert!(matches!(from_diesel(error), StoreError::Internal(_)));
        }
    }
}
