//! `last_used_at`, written by a background task so that no request waits for it.

use std::collections::HashMap;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use roster_app::ports::{KeyUsageRecorder, StoreError};
use roster_domain::{ApiKeyId, Timestamp};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::error::{ErrorChain, from_diesel, from_pool};
use crate::pool::Pool;
use crate::schema::api_keys;

/// Uses waiting to be written, at most; beyond, new ones are dropped until the writer catches up.
const QUEUE: usize = 4_096;
/// Uses written per batch, at most.
const BATCH: usize = 256;
/// How long the writer gathers a batch after its first use.
const GATHER: Duration = Duration::from_millis(200);

/// Queues key uses for the writer task.
#[derive(Debug, Clone)]
pub struct PgKeyUsage {
    queue: mpsc::Sender<(ApiKeyId, Timestamp)>,
}

impl PgKeyUsage {
    /// Starts the writer on the current Tokio runtime; it ends when every `PgKeyUsage` is dropped.
    #[must_use]
    pub fn start(pool: Pool) -> (Self, JoinHandle<()>) {
        let (queue, uses) = mpsc::channel(QUEUE);
        let writer = tokio::spawn(write_uses(pool, uses));
        (Self { queue }, writer)
    }
}

impl KeyUsageRecorder for PgKeyUsage {
    fn record(&self, key: ApiKeyId, at: Timestamp) {
        // Full or closed: the use is informational and the next one will be recorded.
        let _ = self.queue.try_send((key, at));
    }
}

async fn write_uses(pool: Pool, mut uses: mpsc::Receiver<(ApiKeyId, Timestamp)>) {
    while let Some((key, at)) = uses.recv().await {
        let mut batch: HashMap<ApiKeyId, Timestamp> = HashMap::from([(key, at)]);
        let deadline = tokio::time::Instant::now() + GATHER;
        while batch.len() < BATCH {
            match tokio::time::timeout_at(deadline, uses.recv()).await {
                Ok(Some((key, at))) => {
                    let latest = batch.entry(key).or_insert(at);
                    *latest = (*latest).max(at);
                }
                Ok(None) | Err(_) => break,
            }
        }
        match write_batch(&pool, &batch).await {
            Ok(()) => {}
            // The uses are informational; the outage log tells of the database being away.
            Err(StoreError::Unavailable(error)) => tracing::debug!(
                error = %ErrorChain(error.as_ref()),
                uses = batch.len(),
                "could not record API key uses: the database is unavailable"
            ),
            Err(StoreError::Internal(error)) => tracing::warn!(
                error = %ErrorChain(error.as_ref()),
                uses = batch.len(),
                "could not record API key uses"
            ),
        }
    }
}

async fn write_batch(pool: &Pool, batch: &HashMap<ApiKeyId, Timestamp>) -> Result<(), StoreError> {
    let mut conn = pool.get().await.map_err(from_pool)?;
    for (key, at) in batch {
        let at = at.as_datetime();
        diesel::update(api_keys::table.find(key.to_uuid()))
            .filter(
                api_keys::last_used_at
                    .is_null()
                    .or(api_keys::last_used_at.lt(at)),
            )
            .set(api_keys::last_used_at.eq(at))
            .execute(&mut conn)
            .await
            .map_err(from_diesel)?;
    }
    Ok(())
}
