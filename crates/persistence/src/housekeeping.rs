//! Purging expired nonces, finished sessions and audit events past their retention, in a
//! background task, in bounded batches.
//!
//! Nothing on a request's path waits for it: rows it has not purged yet are refused anyway
//! (an expired nonce, an expired or revoked session). A nonce goes once it has expired (used or
//! not: within its minute a used nonce must still say "used"); a session once its refresh
//! lifetime is over, or an hour after its revocation; an audit event once it is older than the
//! retention (oldest first), and so does a webhook delivery once it is finished; an idempotency
//! record once it is past its 24 hours.

use std::time::Duration;

use diesel::pg::Pg;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{BigInt, Double, Integer};
use diesel_async::RunQueryDsl;
use tokio::task::JoinHandle;

use roster_app::ports::StoreError;

use crate::error::{ErrorChain, from_diesel, from_pool};
use crate::pool::Pool;

/// How housekeeping runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Housekeeping {
    /// Time between rounds.
    pub interval: Duration,
    /// Rows deleted per statement, at most.
    pub batch: i64,
    /// How long audit events are kept, in days.
    pub audit_retention_days: i32,
}

impl Default for Housekeeping {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(60),
            batch: 1_000,
            audit_retention_days: 365,
        }
    }
}

/// A purge statement with its parameters but the batch size bound.
type Purge = BoxedSqlQuery<'static, Pg, SqlQuery>;

const PURGE_NONCES: &str = "DELETE FROM client_nonces WHERE value IN (
    SELECT value FROM client_nonces WHERE expires_at < now() ORDER BY expires_at LIMIT $1)";

const PURGE_AUDIT_EVENTS: &str = "DELETE FROM audit_events WHERE id IN (
    SELECT id FROM audit_events WHERE occurred_at < now() - make_interval(days => $1)
    ORDER BY occurred_at LIMIT $2)";

/// Finished deliveries (delivered or failed) go with their events' retention; a pending one
/// stays until its attempts end, and then goes at the next round past the retention.
const PURGE_DELIVERIES: &str = "DELETE FROM webhook_deliveries WHERE (webhook_id, event_id) IN (
    SELECT webhook_id, event_id FROM webhook_deliveries
    WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1)
    ORDER BY created_at LIMIT $2)";

/// Idempotency records past their retention (`roster_domain::idempotency::RETENTION`, bound
/// in seconds), oldest first.
const PURGE_IDEMPOTENCY_KEYS: &str = "DELETE FROM idempotency_keys WHERE (scope, key) IN (
    SELECT scope, key FROM idempotency_keys WHERE started_at < now() - make_interval(secs => $1)
    ORDER BY started_at LIMIT $2)";

const PURGE_SESSIONS: &str = "DELETE FROM client_sessions WHERE id IN (
    SELECT id FROM client_sessions
    WHERE refresh_expires_at < now() OR revoked_at < now() - interval '1 hour'
    LIMIT $1)";

impl Housekeeping {
    /// Starts the task on the current Tokio runtime; it runs until the runtime stops.
    #[must_use]
    pub fn start(self, pool: Pool) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(self.interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let retention = self.audit_retention_days;
                let idempotency_retention = roster_domain::idempotency::RETENTION.as_seconds_f64();
                let purges: [&(dyn Fn() -> Purge + Sync); 5] = [
                    &|| diesel::sql_query(PURGE_NONCES).into_boxed(),
                    &|| diesel::sql_query(PURGE_SESSIONS).into_boxed(),
                    &|| {
                        diesel::sql_query(PURGE_AUDIT_EVENTS)
                            .into_boxed()
                            .bind::<Integer, _>(retention)
                    },
                    &|| {
                        diesel::sql_query(PURGE_DELIVERIES)
                            .into_boxed()
                            .bind::<Integer, _>(retention)
                    },
                    &|| {
                        diesel::sql_query(PURGE_IDEMPOTENCY_KEYS)
                            .into_boxed()
                            .bind::<Double, _>(idempotency_retention)
                    },
                ];
                for purge in purges {
                    match self.purge(&pool, purge).await {
                        Ok(_) => {}
                        // The outage log tells of the database being away, once.
                        Err(StoreError::Unavailable(error)) => tracing::debug!(
                            error = %ErrorChain(error.as_ref()),
                            "housekeeping: the database is unavailable; retrying next round"
                        ),
                        Err(StoreError::Internal(error)) => tracing::warn!(
                            error = %ErrorChain(error.as_ref()),
                            "housekeeping failed; retrying next round"
                        ),
                    }
                }
            }
        })
    }

    /// Runs the statement `query` makes, batch after batch until a batch comes back short:
    /// `query` binds the statement's own parameters, and the batch size is bound after them
    /// (the statement's last parameter: `$1` of the nonce and session purges, `$2` of the
    /// audit and delivery ones).
    async fn purge(
        &self,
        pool: &Pool,
        query: &(dyn Fn() -> Purge + Sync),
    ) -> Result<u64, StoreError> {
        let mut purged = 0;
        loop {
            let mut conn = pool.get().await.map_err(from_pool)?;
            let deleted = query()
                .bind::<BigInt, _>(self.batch)
                .execute(&mut conn)
                .await
                .map_err(from_diesel)?;
            drop(conn);
            purged += u64::try_from(deleted).unwrap_or(0);
            if i64::try_from(deleted).unwrap_or(i64::MAX) < self.batch {
                return Ok(purged);
            }
            // Let requests have the connection between batches.
            tokio::task::yield_now().await;
        }
    }
}
