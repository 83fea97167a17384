//! The time.

use roster_domain::Timestamp;

/// Tells the time, so that use cases never read the system clock themselves.
pub trait Clock: Send + Sync + 'static {
    /// The current instant, truncated to microseconds.
    fn now(&self) -> Timestamp;
}
