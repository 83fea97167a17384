//! The embedded migrations, applied under a PostgreSQL advisory lock.
//!
//! Replicas may start together: each takes the session-level lock before it looks for pending
//! migrations, so exactly one applies them and the others find nothing left to do.

use diesel::sql_types::BigInt;
use diesel::{Connection, RunQueryDsl};
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// The migrations under `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// The advisory lock every migrating process takes ("roster" in ASCII).
const MIGRATION_LOCK: i64 = 0x0000_726f_7374_6572;

/// Migrating failed.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// Could not connect.
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    /// A query or a migration failed.
    #[error("migration failed: {0}")]
    Migration(Box<dyn std::error::Error + Send + Sync>),
    /// The blocking task running the migrations died.
    #[error("the migration task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

type Wrapper = AsyncConnectionWrapper<AsyncPgConnection>;

/// Applies every pending migration; returns the versions applied.
pub async fn run_pending(database_url: &str) -> Result<Vec<String>, MigrateError> {
    with_lock(database_url, |conn| {
        conn.run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
    })
    .await
}

/// Reverts every applied migration, newest first; returns the versions reverted. For tests that
/// prove each `down.sql` undoes its `up.sql`.
pub async fn revert_all(database_url: &str) -> Result<Vec<String>, MigrateError> {
    with_lock(database_url, |conn| {
        conn.revert_all_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
    })
    .await
}

/// Reverts the newest applied migration; returns its version. For tests that prove a
/// migration carries the rows an older schema held.
pub async fn revert_latest(database_url: &str) -> Result<String, MigrateError> {
    with_lock(database_url, |conn| {
        conn.revert_last_migration(MIGRATIONS)
            .map(|version| version.to_string())
    })
    .await
}

/// Runs `work` on a dedicated connection holding the migration lock, on a blocking thread
/// (Diesel's migration harness is synchronous).
async fn with_lock<T, W>(database_url: &str, work: W) -> Result<T, MigrateError>
where
    T: Send + 'static,
    W: FnOnce(&mut Wrapper) -> Result<T, Box<dyn std::error::Error + Send + Sync>> + Send + 'static,
{
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = Wrapper::establish(&url)?;
        lock(&mut conn, "SELECT pg_advisory_lock($1)")?;
        let outcome = work(&mut conn).map_err(MigrateError::Migration);
        let unlocked = lock(&mut conn, "SELECT pg_advisory_unlock($1)");
        let value = outcome?;
        unlocked?;
        Ok(value)
    })
    .await?
}

fn lock(conn: &mut Wrapper, sql: &str) -> Result<(), MigrateError> {
    diesel::sql_query(sql)
        .bind::<BigInt, _>(MIGRATION_LOCK)
        .execute(conn)
        .map(drop)
        .map_err(|error| MigrateError::Migration(Box::new(error)))
}
