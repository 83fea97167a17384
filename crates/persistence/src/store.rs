//! The PostgreSQL store: one pool, every store port, and the one way they use the database.

use std::time::Duration;

use diesel_async::pooled_connection::PoolableConnection as _;
use diesel_async::pooled_connection::deadpool::Object;
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, TransactionManager};
use roster_app::ports::{Database, StoreError, Work};

use crate::error::{from_diesel, from_pool, unavailable};
use crate::outage::OUTAGE;
use crate::pool::{Pool, PoolConfig, PoolError, build_pool};

/// Implements every store port of `roster-app` over a connection pool.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    limits: Limits,
}

/// How long a store operation may wait for a connection, and then take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Getting a connection: waiting for a free one, or opening a new one.
    pub checkout: Duration,
    /// The operation's work once it has its connection.
    pub operation: Duration,
}

impl Limits {
    /// The limits `config` sets: its wait timeout and its operation timeout.
    #[must_use]
    pub fn of(config: &PoolConfig) -> Self {
        Self {
            checkout: config.wait_timeout,
            operation: config.operation_timeout,
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("pool", &self.pool.status())
            .field("limits", &self.limits)
            .finish()
    }
}

/// An operation ran past its deadline: the server took the query and does not answer.
#[derive(Debug, thiserror::Error)]
#[error("the database did not answer within {0:?}")]
struct DeadlineExceeded(Duration);

/// No connection could be had in time: none was free, and opening one did not finish.
#[derive(Debug, thiserror::Error)]
#[error("no database connection within {0:?}")]
struct CheckoutTimedOut(Duration);

impl PgStore {
    /// The store over `pool`, its operations bounded by `limits`.
    #[must_use]
    pub fn new(pool: Pool, limits: Limits) -> Self {
        Self { pool, limits }
    }

    /// A pool built from `config` (see [`build_pool`]), and the store over it with the
    /// configured operation deadline.
    pub fn connect(config: &PoolConfig) -> Result<Self, PoolError> {
        Ok(Self::new(build_pool(config)?, Limits::of(config)))
    }

    /// The pool, for wiring and for tests.
    #[must_use]
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A pooled connection within the checkout limit: waiting for a free one, or opening one,
    /// is bounded by the pool's wait timeout.
    async fn checkout(&self) -> Result<Object<AsyncPgConnection>, StoreError> {
        // No idle connection: this checkout waits for one (or for one to be opened).
        if self.pool.status().available == 0 {
            metrics::counter!("roster_db_pool_waits_total").increment(1);
        }
        match tokio::time::timeout(self.limits.checkout, self.pool.get()).await {
            Ok(checked_out) => checked_out.map_err(from_pool),
            Err(_) => {
                metrics::counter!("roster_db_pool_timeouts_total").increment(1);
                Err(unavailable(Box::new(CheckoutTimedOut(
                    self.limits.checkout,
                ))))
            }
        }
    }

    /// What an operation on `conn` that ended with `outcome` answers, and what becomes of the
    /// connection: past the deadline the operation fails as unavailable and the connection,
    /// which has a query in flight, is closed rather than handed to the next request (a server
    /// that stopped answering costs a request at most the pool wait and the deadline); a
    /// connection the failure broke is closed too, whatever the error said; and the outcome
    /// feeds the outage log.
    fn settle<T, E: From<StoreError>>(
        &self,
        mut conn: Object<AsyncPgConnection>,
        outcome: Result<Result<T, E>, tokio::time::error::Elapsed>,
    ) -> Result<T, E> {
        match outcome {
            Ok(Ok(value)) => {
                OUTAGE.succeeded();
                Ok(value)
            }
            Ok(Err(error)) => {
                if conn.is_broken() {
                    close(conn);
                }
                Err(error)
            }
            Err(_) => {
                close(conn);
                Err(unavailable(Box::new(DeadlineExceeded(self.limits.operation))).into())
            }
        }
    }
}

/// A pooled connection, as the use cases hold it: the store primitives are its methods.
pub struct PgConn(Object<AsyncPgConnection>);

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgConn")
    }
}

impl PgConn {
    /// The connection, for Diesel.
    pub(crate) fn pg(&mut self) -> &mut AsyncPgConnection {
        &mut self.0
    }
}

/// Every use case reaches the database through these two: a pooled connection for reads, or
/// one transaction for a change, each bounded by [`Limits`].
impl Database for PgStore {
    type Conn = PgConn;

    async fn read<T, E, W>(&self, work: W) -> Result<T, E>
    where
        W: Work<Self::Conn, T, E>,
        T: Send,
        E: From<StoreError> + Send,
    {
        let mut conn = PgConn(self.checkout().await?);
        let outcome = tokio::time::timeout(self.limits.operation, work.call(&mut conn)).await;
        self.settle(conn.0, outcome)
    }

    async fn transaction<T, E, W>(&self, work: W) -> Result<T, E>
    where
        W: Work<Self::Conn, T, E>,
        T: Send,
        E: From<StoreError> + Send,
    {
        let mut conn = PgConn(self.checkout().await?);
        let transaction = async {
            AnsiTransactionManager::begin_transaction(conn.pg())
                .await
                .map_err(from_diesel)?;
            match work.call(&mut conn).await {
                Ok(value) => {
                    AnsiTransactionManager::commit_transaction(conn.pg())
                        .await
                        .map_err(from_diesel)?;
                    Ok(value)
                }
                Err(error) => {
                    // A rollback that fails leaves the connection broken: it is closed then.
                    let _ = AnsiTransactionManager::rollback_transaction(conn.pg()).await;
                    Err(error)
                }
            }
        };
        let outcome = tokio::time::timeout(self.limits.operation, transaction).await;
        self.settle(conn.0, outcome)
    }
}

/// Takes a connection out of the pool and closes it.
fn close(conn: Object<AsyncPgConnection>) {
    drop(Object::take(conn));
}
