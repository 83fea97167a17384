//! The connection pool.
//!
//! deadpool leaves its wait, create and recycle timeouts unset by default, and then a request can
//! wait forever for a connection; every one is set here. Recycling checks only that the
//! connection is open and outside a transaction (no `SELECT 1` round trip per checkout). Every
//! connection gets a `statement_timeout`, so a runaway query cannot hold a connection for long.

use std::time::Duration;

use deadpool::Runtime;
use deadpool::managed::Timeouts;
use diesel::ConnectionError;
use diesel_async::pooled_connection::deadpool::Pool as DeadPool;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

/// What the pool is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// The PostgreSQL URL.
    pub database_url: String,
    /// Most connections open at once.
    pub max_size: usize,
    /// How long a request waits for a free connection before it gets a 503.
    pub wait_timeout: Duration,
    /// How long opening a new connection may take.
    pub connect_timeout: Duration,
    /// How long checking a returned connection may take.
    pub recycle_timeout: Duration,
    /// The `statement_timeout` of every connection.
    pub statement_timeout: Duration,
    /// The `application_name` every connection reports (shown in `pg_stat_activity`).
    pub application_name: String,
}

impl PoolConfig {
    /// Defaults fit for a small service: 10 connections, a 5 s wait, 5 s to connect, 30 s per
    /// statement.
    #[must_use]
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            max_size: 10,
            wait_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            recycle_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
            application_name: "roster".to_owned(),
        }
    }
}

/// The pool could not be built.
#[derive(Debug, thiserror::Error)]
#[error("could not build the connection pool: {0}")]
pub struct PoolError(#[from] deadpool::managed::BuildError);

/// A pool of diesel-async PostgreSQL connections.
pub type Pool = DeadPool<AsyncPgConnection>;

/// Builds the pool; no connection is opened until one is needed.
pub fn build_pool(config: &PoolConfig) -> Result<Pool, PoolError> {
    let statement_timeout_ms = config.statement_timeout.as_millis();
    let application_name = config.application_name.replace('\'', "");
    let mut manager_config = ManagerConfig::<AsyncPgConnection>::default();
    manager_config.recycling_method = RecyclingMethod::Fast;
    manager_config.custom_setup = Box::new(move |url| {
        let setup = format!(
            "SET statement_timeout = {statement_timeout_ms}; SET application_name = '{application_name}'"
        );
        Box::pin(async move {
            let mut connection = AsyncPgConnection::establish(url).await?;
            connection
                .batch_execute(&setup)
                .await
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(connection)
        })
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
        &config.database_url,
        manager_config,
    );
    let pool = DeadPool::builder(manager)
        .max_size(config.max_size)
        .timeouts(Timeouts {
            wait: Some(config.wait_timeout),
            create: Some(config.connect_timeout),
            recycle: Some(config.recycle_timeout),
        })
        .runtime(Runtime::Tokio1)
        .build()?;
    Ok(pool)
}
