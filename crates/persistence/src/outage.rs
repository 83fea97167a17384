//! Logging a database outage as an operator wants to read it: one line when it starts, at most
//! one summary a second while it lasts (how many operations failed since the last line), and
//! one line when it ends, instead of one line per refused request (60,000 lines in a 20 s
//! outage under load).
//!
//! The process talks to one database, so the tracker is process-wide. An outage ends at the
//! first operation that succeeds once a full [`QUIET`] has passed without a failure, so that an
//! overloaded pool, where failures and successes interleave, reads as one outage rather than a
//! start and an end for every success.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The least time between two lines about one outage.
const SUMMARY_EVERY: Duration = Duration::from_secs(1);
/// How long without failures before a success ends an outage.
const QUIET: Duration = Duration::from_secs(1);

/// What is known of the database's availability.
#[derive(Debug)]
enum State {
    /// Operations succeed.
    Up,
    /// Operations fail, since `since`.
    Down {
        since: Instant,
        last_failure: Instant,
        last_line: Instant,
        failed: u64,
        failed_since_line: u64,
    },
}

/// The outage tracker: fed by every database operation's outcome, it decides what to log.
#[derive(Debug)]
pub(crate) struct Outage {
    state: Mutex<State>,
}

/// The process's tracker.
pub(crate) static OUTAGE: Outage = Outage::new();

/// What a failure or a success means for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Logged {
    /// Nothing to write.
    Nothing,
    /// The outage starts.
    Started,
    /// A summary of the failures since the last line.
    Summary {
        /// Operations failed since the last line.
        failed: u64,
    },
    /// The outage is over.
    Ended {
        /// How long it lasted.
        lasted: Duration,
        /// Operations that failed in it.
        failed: u64,
    },
}

impl Outage {
    const fn new() -> Self {
        Self {
            state: Mutex::new(State::Up),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every state is whole; a panic elsewhere cannot tear one.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An operation failed because the database could not be had; logs what that means.
    pub(crate) fn failed(&self, cause: &dyn std::error::Error) {
        match self.note_failure(Instant::now()) {
            Logged::Started => tracing::warn!(
                error = %crate::error::ErrorChain(cause),
                "database unavailable: requests are answered 503 until it returns"
            ),
            Logged::Summary { failed } => tracing::warn!(
                failed,
                error = %crate::error::ErrorChain(cause),
                "database still unavailable"
            ),
            Logged::Nothing | Logged::Ended { .. } => {}
        }
    }

    /// An operation succeeded; logs the end of an outage.
    pub(crate) fn succeeded(&self) {
        if let Logged::Ended { lasted, failed } = self.note_success(Instant::now()) {
            tracing::info!(
                lasted_ms = u64::try_from(lasted.as_millis()).unwrap_or(u64::MAX),
                failed,
                "database available again"
            );
        }
    }

    /// The state change of a failure at `now`, and what to log.
    pub(crate) fn note_failure(&self, now: Instant) -> Logged {
        let mut state = self.state();
        match &mut *state {
            State::Up => {
                *state = State::Down {
                    since: now,
                    last_failure: now,
                    last_line: now,
                    failed: 1,
                    failed_since_line: 0,
                };
                Logged::Started
            }
            State::Down {
                last_failure,
                last_line,
                failed,
                failed_since_line,
                ..
            } => {
                *last_failure = now;
                *failed += 1;
                *failed_since_line += 1;
                if now.saturating_duration_since(*last_line) >= SUMMARY_EVERY {
                    let summary = Logged::Summary {
                        failed: *failed_since_line,
                    };
                    *last_line = now;
                    *failed_since_line = 0;
                    summary
                } else {
                    Logged::Nothing
                }
            }
        }
    }

    /// The state change of a success at `now`, and what to log.
    pub(crate) fn note_success(&self, now: Instant) -> Logged {
        let mut state = self.state();
        match &*state {
            State::Up => Logged::Nothing,
            State::Down {
                since,
                last_failure,
                failed,
                ..
            } => {
                if now.saturating_duration_since(*last_failure) < QUIET {
                    return Logged::Nothing;
                }
                let ended = Logged::Ended {
                    lasted: last_failure.saturating_duration_since(*since),
                    failed: *failed,
                };
                *state = State::Up;
                ended
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(start: Instant, millis: u64) -> Instant {
        start + Duration::from_millis(millis)
    }

    #[test]
    fn an_outage_is_one_start_a_summary_a_second_and_one_end() {
        let outage = Outage::new();
        let t0 = Instant::now();
        assert_eq!(outage.note_failure(t0), Logged::Started);
        let mut lines = Vec::new();
        // 10,000 failures over 3.5 s: one every 350 µs.
        for n in 1..10_000 {
            let logged = outage.note_failure(t0 + Duration::from_micros(350 * n));
            if logged != Logged::Nothing {
                lines.push(logged);
            }
        }
        assert_eq!(lines.len(), 3, "{lines:?}");
        let summarized: u64 = lines
            .iter()
            .map(|line| match line {
                Logged::Summary { failed } => *failed,
                other => panic!("{other:?}"),
            })
            .sum();
        assert!(summarized <= 9_999);
        let last = t0 + Duration::from_micros(350 * 9_999);
        assert_eq!(
            outage.note_success(last + Duration::from_millis(999)),
            Logged::Nothing
        );
        let Logged::Ended { lasted, failed } = outage.note_success(last + QUIET) else {
            panic!("the outage should end");
        };
        assert_eq!(failed, 10_000);
        assert_eq!(lasted, last - t0);
        assert_eq!(outage.note_success(after(last, 5_000)), Logged::Nothing);
    }

    #[test]
    fn successes_between_failures_do_not_end_an_outage() {
        let outage = Outage::new();
        let t0 = Instant::now();
        assert_eq!(outage.note_failure(t0), Logged::Started);
        for n in 1..20 {
            assert_eq!(outage.note_success(after(t0, n * 100)), Logged::Nothing);
            let logged = outage.note_failure(after(t0, n * 100 + 50));
            assert!(!matches!(logged, Logged::Started | Logged::Ended { .. }));
        }
    }

    #[test]
    fn nothing_is_logged_while_the_database_answers() {
        let outage = Outage::new();
        let t0 = Instant::now();
        for n in 0..100 {
            assert_eq!(outage.note_success(after(t0, n)), Logged::Nothing);
        }
    }
}
