//! The webhook deliverers of this replica: tasks that drain the shared outbox, then sleep
//! until a delivery is queued (a notification), the next retry is due, or a second passes.

use std::sync::Arc;
use std::time::Duration;

use roster_app::ports::{Clock, Database, Outbox, Random, Sealer, StoreError, WebhookTransport};
use roster_app::webhooks::Deliverer;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// How many deliveries this replica attempts at once (each to another webhook).
pub const DELIVERERS: usize = 2;
/// The longest an idle deliverer sleeps: a notification lost (its connection dropped, another
/// replica's queue) costs at most this much delay.
const POLL: Duration = Duration::from_secs(1);
/// The pause after the database failed.
const BACKOFF: Duration = Duration::from_secs(1);

/// Starts [`DELIVERERS`] tasks on the current runtime, woken by `wake`; they run until it stops.
pub fn start<D, C, R, S, T>(
    deliverer: Arc<Deliverer<D, C, R, S, T>>,
    wake: Arc<Notify>,
) -> Vec<JoinHandle<()>>
where
    D: Database<Conn: Outbox> + Send + Sync + 'static,
    C: Clock,
    R: Random,
    S: Sealer,
    T: WebhookTransport,
{
    (0..DELIVERERS)
        .map(|_| {
            let deliverer = deliverer.clone();
            let wake = wake.clone();
            tokio::spawn(async move { run(&deliverer, &wake).await })
        })
        .collect()
}

async fn run<D, C, R, S, T>(deliverer: &Deliverer<D, C, R, S, T>, wake: &Notify)
where
    D: Database<Conn: Outbox>,
    C: Clock,
    R: Random,
    S: Sealer,
    T: WebhookTransport,
{
    loop {
        // Listening before draining: a delivery queued meanwhile still wakes this task.
        let notified = wake.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        loop {
            match deliverer.deliver_one().await {
                Ok(true) => {}
                Ok(false) => break,
                Err(StoreError::Unavailable(error)) => {
                    // The store's outage log says it once for everyone; nothing is lost, the
                    // delivery stays pending.
                    tracing::debug!(error = %error, "the webhook deliverer waits for the database");
                    tokio::time::sleep(BACKOFF).await;
                }
                Err(error) => {
                    tracing::warn!(error = %error, "the webhook deliverer failed");
                    tokio::time::sleep(BACKOFF).await;
                }
            }
        }
        let wait = match deliverer.next_due().await {
            Ok(Some(due)) => due.min(POLL),
            Ok(None) | Err(_) => POLL,
        };
        tokio::select! {
            () = &mut notified => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}
