//! The connection pool.
//!
//! deadpool leaves its wait, create and recycle timeouts unset by default, and then a request can
//! wait forever for a connection; every one is set here. Recycling checks only that the
//! connection is open and outside a transaction (no `SELECT 1` round trip per checkout). Every
//! connection gets a `statement_timeout`, so a runaway query cannot hold a connection for long,
//! and TCP keepalives, so that a peer that vanished without a word (a crashed host, a cut
//! network) is noticed within [`KEEPALIVE_IDLE`] + [`KEEPALIVE_INTERVAL`] ×
//! [`KEEPALIVE_RETRIES`] instead of the kernel's two hours. A server that is up but does not
//! answer (frozen) is bounded by the operation deadline of [`crate::PgStore`].
//!
//! Each connection's I/O is driven by a task on the runtime that built the pool, never on the
//! runtime of whichever HTTP worker happened to open it: at shutdown the workers stop one by one,
//! and a connection driven by a stopped worker's runtime would break under a request that another
//! worker is still finishing.

use std::time::Duration;

use deadpool::Runtime;
use deadpool::managed::Timeouts;
use diesel::{ConnectionError, ConnectionResult};
use diesel_async::pooled_connection::deadpool::Pool as DeadPool;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use tokio::runtime::Handle;

/// Idle time before the first keepalive probe.
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(10);
/// Time between unanswered probes.
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(5);
/// Unanswered probes before the connection is given up.
pub const KEEPALIVE_RETRIES: u32 = 3;

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
    /// The client-side deadline of one database operation once it has its connection; past
    /// it the operation fails as unavailable and its connection is closed.
    pub operation_timeout: Duration,
    /// The `application_name` every connection reports (shown in `pg_stat_activity`).
    pub application_name: String,
}

impl PoolConfig {
    /// Defaults fit for a small service: 10 connections, a 5 s wait, 5 s to connect, 30 s per
    /// statement, 10 s per operation.
    #[must_use]
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            max_size: 10,
            wait_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            recycle_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
            operation_timeout: Duration::from_secs(10),
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

/// Builds the pool; no connection is opened until one is needed. Called within a Tokio
/// runtime, that runtime drives every connection's I/O (see the module's comment); it must
/// outlive the pool's users.
pub fn build_pool(config: &PoolConfig) -> Result<Pool, PoolError> {
    let statement_timeout_ms = config.statement_timeout.as_millis();
    let application_name = config.application_name.replace('\'', "");
    let setup = format!(
        "SET statement_timeout = {statement_timeout_ms}; SET application_name = '{application_name}'"
    );
    let home = Handle::try_current().ok();
    let mut manager_config = ManagerConfig::<AsyncPgConnection>::default();
    manager_config.recycling_method = RecyclingMethod::Fast;
    manager_config.custom_setup = Box::new(move |url| {
        let open = connect(url.to_owned(), setup.clone());
        let home = home.clone();
        Box::pin(async move {
            match home {
                Some(home) => home
                    .spawn(open)
                    .await
                    .map_err(|error| ConnectionError::BadConnection(error.to_string()))?,
                None => open.await,
            }
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

/// Opens one connection with keepalives, and runs `setup` on it. The connection's I/O task is
/// spawned on the runtime this runs on.
async fn connect(url: String, setup: String) -> ConnectionResult<AsyncPgConnection> {
    let mut config: tokio_postgres::Config =
        url.parse().map_err(|error: tokio_postgres::Error| {
            ConnectionError::InvalidConnectionUrl(error.to_string())
        })?;
    config
        .keepalives(true)
        .keepalives_idle(KEEPALIVE_IDLE)
        .keepalives_interval(KEEPALIVE_INTERVAL)
        .keepalives_retries(KEEPALIVE_RETRIES);
    let (client, connection) = config
        .connect(tokio_postgres::NoTls)
        .await
        .map_err(|error| ConnectionError::BadConnection(error.to_string()))?;
    let mut connection =
        AsyncPgConnection::try_from_client_and_connection(client, connection).await?;
    connection
        .batch_execute(&setup)
        .await
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
    Ok(connection)
}
