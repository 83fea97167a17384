//! The PostgreSQL store: one pool, every store port.

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::deadpool::Object;
use roster_app::ports::StoreError;

use crate::error::from_pool;
use crate::pool::Pool;

/// Implements every store port of `roster-app` over a connection pool.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("pool", &self.pool.status())
            .finish()
    }
}

impl PgStore {
    /// The store over `pool`.
    #[must_use]
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// The pool, for wiring and for tests.
    #[must_use]
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A connection, within the pool's wait timeout.
    pub(crate) async fn conn(&self) -> Result<Object<AsyncPgConnection>, StoreError> {
        self.pool.get().await.map_err(from_pool)
    }
}
