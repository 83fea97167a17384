//! The deliverer: attempts the outbox's due deliveries, one webhook's head at a time.
//!
//! Each attempt runs inside a transaction that holds the webhook's row (`claim_due`): another
//! replica's deliverer skips that webhook meanwhile, so two never deliver one webhook's events
//! at once or out of order. If the process dies mid-attempt, its connection closes, the
//! transaction rolls back and the delivery is still pending: the next claim attempts it again
//! (at least once; the `webhook-id` lets a receiver drop the repeat).

use std::time::Duration;

use roster_domain::webhook::WebhookSecret;
use roster_domain::webhook_delivery::{AfterAttempt, DeliveryAttempt, after_attempt};

use crate::ports::{
    Clock, Database, Outbox, Random, Sealer, StoreError, WebhookPost, WebhookTransport,
};

/// Why the deliverer could not work (the database failed; attempts that fail are recorded,
/// not errors).
pub type DeliverError = StoreError;

/// Delivers webhooks' events.
#[derive(Debug)]
pub struct Deliverer<D, C, R, S, T> {
    db: D,
    clock: C,
    random: R,
    sealer: S,
    transport: T,
    retry_min: Duration,
}

impl<D, C, R, S, T> Deliverer<D, C, R, S, T>
where
    D: Database<Conn: Outbox>,
    C: Clock,
    R: Random,
    S: Sealer,
    T: WebhookTransport,
{
    /// A deliverer over `db`, jittering retries with `random`, opening secrets with `sealer`,
    /// posting through `transport`; the first retry comes `retry_min` after a failure.
    pub fn new(db: D, clock: C, random: R, sealer: S, transport: T, retry_min: Duration) -> Self {
        Self {
            db,
            clock,
            random,
            sealer,
            transport,
            retry_min,
        }
    }

    /// Attempts the first due delivery of one webhook no other deliverer holds, and records
    /// the attempt; whether there was one.
    ///
    /// # Errors
    ///
    /// When the store fails; the attempt is then not recorded and is made again.
    pub async fn deliver_one(&self) -> Result<bool, DeliverError> {
        let jitter = self.jitter();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let now = self.clock.now();
                let Some(due) = tx.claim_due(now).await? else {
                    return Ok(false);
                };
                let attempts_made = due.attempts_made.saturating_add(1);
                let event = tx.event(due.event_id).await?;
                let secret = self
                    .sealer
                    .open(&due.secret)
                    .ok()
                    .and_then(|key| WebhookSecret::from_key(key).ok());
                let (attempt, after) = match (event, secret) {
                    (None, _) => {
                        // Past the audit retention: there is nothing left to send.
                        let attempt = DeliveryAttempt::new(
                            now,
                            None,
                            Some("the event was purged by the audit retention"),
                            Duration::ZERO,
                        );
                        (attempt, AfterAttempt::Failed)
                    }
                    (Some(_), None) => {
                        let attempt = DeliveryAttempt::new(
                            now,
                            None,
                            Some("the signing secret does not open under ROSTER_SECRETS_KEY"),
                            Duration::ZERO,
                        );
                        let after = after_attempt(
                            &attempt,
                            attempts_made,
                            due.queued_at,
                            self.retry_min,
                            jitter,
                        );
                        (attempt, after)
                    }
                    (Some(event), Some(secret)) => {
                        let outcome = self
                            .transport
                            .post(WebhookPost {
                                url: &due.url,
                                event: &event,
                                secret: &secret,
                                at: now,
                            })
                            .await;
                        let attempt = DeliveryAttempt::new(
                            now,
                            outcome.status_code,
                            outcome.error.as_deref(),
                            outcome.took,
                        );
                        let after = after_attempt(
                            &attempt,
                            attempts_made,
                            due.queued_at,
                            self.retry_min,
                            jitter,
                        );
                        (attempt, after)
                    }
                };
                tx.record_attempt(due.webhook_id, due.event_id, &attempt, after)
                    .await?;
                let outcome = match after {
                    AfterAttempt::Delivered => "delivered",
                    AfterAttempt::RetryAt(_) => "retrying",
                    AfterAttempt::Failed => "failed",
                };
                metrics::counter!("roster_webhook_attempts_total", "outcome" => outcome)
                    .increment(1);
                Ok(true)
            })
            .await
    }

    /// How long until the next delivery is due: `None` when none is pending, zero when one
    /// is due now.
    ///
    /// # Errors
    ///
    /// When the store fails.
    pub async fn next_due(&self) -> Result<Option<Duration>, DeliverError> {
        let next = self
            .db
            .read(async |conn: &mut D::Conn| conn.next_due().await)
            .await?;
        let now = self.clock.now().as_datetime();
        Ok(next.map(|at| Duration::try_from(at.as_datetime() - now).unwrap_or(Duration::ZERO)))
    }

    /// A number in `[0, 1)` to jitter a retry with (none when randomness fails: retries then
    /// only lose their spread).
    fn jitter(&self) -> f64 {
        let mut bytes = [0; 4];
        if self.random.fill(&mut bytes).is_err() {
            return 0.0;
        }
        f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0)
    }
}
