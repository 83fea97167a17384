//! One event's delivery to one webhook: its attempts, and what an attempt's outcome makes of
//! it (delivered, retried later, or failed for good).
//!
//! A delivery is queued in the transaction of its event; it is attempted in the order of the
//! webhook's queue, the next one waiting until the one before is delivered or failed, so that a
//! receiver sees a webhook's events in order.

use std::time::Duration;

use crate::audit::AuditAction;
use crate::id::{EventId, WebhookId};
use crate::pagination::sort_fields;
use crate::timestamp::Timestamp;
use crate::webhook::{RETRY_WINDOW, delivered, retry_delay};

/// Most characters of an attempt's error kept.
pub const ATTEMPT_ERROR_MAX: usize = 200;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// Waiting for its (next) attempt.
    Pending,
    /// A 2xx answered an attempt.
    Delivered,
    /// No attempt was answered with a 2xx within [`RETRY_WINDOW`].
    Failed,
}

impl DeliveryStatus {
    /// Every status, in the order the API documents them.
    pub const ALL: [Self; 3] = [Self::Pending, Self::Delivered, Self::Failed];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == input)
    }
}

/// One attempt: when, what answered, how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    /// When it started.
    pub at: Timestamp,
    /// The receiver's status code; `None` when none came (no connection, timeout, refused
    /// address).
    pub status_code: Option<u16>,
    /// Why it failed without a status code, in a few words (never the URL).
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
}

impl DeliveryAttempt {
    /// An attempt started `at` that got `status_code` or failed with `error` after `took`.
    #[must_use]
    pub fn new(
        at: Timestamp,
        status_code: Option<u16>,
        error: Option<&str>,
        took: Duration,
    ) -> Self {
        Self {
            at,
            status_code,
            error: error.map(|text| text.chars().take(ATTEMPT_ERROR_MAX).collect()),
            duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
        }
    }

    /// Whether it delivered: a 2xx, nothing else.
    #[must_use]
    pub fn delivered(&self) -> bool {
        self.status_code.is_some_and(delivered)
    }
}

/// An event's delivery to a webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The webhook.
    pub webhook_id: WebhookId,
    /// The event: the `webhook-id` of every attempt.
    pub id: EventId,
    /// The event's action.
    pub action: AuditAction,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Its attempts, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
    /// When it was queued (the event's time).
    pub created_at: Timestamp,
    /// When it is next attempted, while pending.
    pub next_attempt_at: Option<Timestamp>,
    /// When it was delivered or failed.
    pub finished_at: Option<Timestamp>,
}

/// What an attempt made of its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// Delivered.
    Delivered,
    /// Attempted again at this time.
    RetryAt(Timestamp),
    /// Failed for good: the next attempt would fall past the retry window.
    Failed,
}

impl AfterAttempt {
    /// The status the delivery takes.
    #[must_use]
    pub const fn status(self) -> DeliveryStatus {
        match self {
            Self::Delivered => DeliveryStatus::Delivered,
            Self::RetryAt(_) => DeliveryStatus::Pending,
            Self::Failed => DeliveryStatus::Failed,
        }
    }
}

/// What `attempt`, the `attempts_made`th (this one counted), makes of a delivery queued at
/// `queued_at`: delivered on a 2xx; otherwise retried after [`retry_delay`] (from `retry_min`,
/// with `jitter` in `[0, 1)`), unless that falls past [`RETRY_WINDOW`] after `queued_at`.
#[must_use]
pub fn after_attempt(
    attempt: &DeliveryAttempt,
    attempts_made: u32,
    queued_at: Timestamp,
    retry_min: Duration,
    jitter: f64,
) -> AfterAttempt {
    if attempt.delivered() {
        return AfterAttempt::Delivered;
    }
    let wait = retry_delay(attempts_made, retry_min, jitter);
    let next = attempt
        .at
        .plus(time::Duration::try_from(wait).unwrap_or(time::Duration::MAX));
    let window = time::Duration::try_from(RETRY_WINDOW).unwrap_or(time::Duration::MAX);
    if next.as_datetime() > queued_at.as_datetime() + window {
        AfterAttempt::Failed
    } else {
        AfterAttempt::RetryAt(next)
    }
}

sort_fields! {
    /// The fields a webhook's deliveries can be sorted by (newest first by default).
    pub enum DeliverySortField for Delivery {
        Id;
        CreatedAt;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000).unwrap()
    }

    fn attempt(at_seconds: i64, status: Option<u16>) -> DeliveryAttempt {
        DeliveryAttempt::new(
            at(at_seconds),
            status,
            status.is_none().then_some("could not connect"),
            Duration::from_millis(12),
        )
    }

    #[test]
    fn only_a_2xx_delivers() {
        let min = Duration::from_secs(5);
        assert_eq!(
            after_attempt(&attempt(0, Some(204)), 1, at(0), min, 0.0),
            AfterAttempt::Delivered
        );
        for refused in [Some(301), Some(410), Some(500), None] {
            assert_eq!(
                after_attempt(&attempt(0, refused), 1, at(0), min, 0.0),
                AfterAttempt::RetryAt(at(5)),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn retries_back_off_then_fail_past_the_window() {
        let min = Duration::from_secs(5);
        // The fourth attempt failed at t=100: the fifth waits 5·2³ = 40 s.
        assert_eq!(
            after_attempt(&attempt(100, Some(503)), 4, at(0), min, 0.0),
            AfterAttempt::RetryAt(at(140))
        );
        // Just inside the window, the wait is at most an hour.
        let late = 24 * 3600 - 3600;
        assert_eq!(
            after_attempt(&attempt(late, Some(503)), 30, at(0), min, 0.0),
            AfterAttempt::RetryAt(at(24 * 3600))
        );
        assert_eq!(
            after_attempt(&attempt(late + 1, Some(503)), 30, at(0), min, 0.0),
            AfterAttempt::Failed
        );
    }

    #[test]
    fn an_attempts_error_is_bounded_and_statuses_read_back() {
        let long = "x".repeat(ATTEMPT_ERROR_MAX * 2);
        let attempt = DeliveryAttempt::new(at(0), None, Some(&long), Duration::ZERO);
        assert_eq!(
            attempt.error.map(|error| error.chars().count()),
            Some(ATTEMPT_ERROR_MAX)
        );
        for status in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(DeliveryStatus::parse("Pending"), None);
    }
}
