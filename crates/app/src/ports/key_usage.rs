//! Recording when keys are used, off the request path.

use roster_domain::{ApiKeyId, Timestamp};

/// Takes note that a key authenticated a request; the write happens later, elsewhere.
pub trait KeyUsageRecorder: Send + Sync + 'static {
    /// Queues `last_used_at = at` for `key`.
    ///
    /// MUST return at once, without I/O; MAY drop the record when its queue is full (the
    /// timestamp is informational, a later use records it again).
    fn record(&self, key: ApiKeyId, at: Timestamp);
}
