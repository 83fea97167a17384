//! Structured logs, written off the request path.

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Lines the writer may hold before a request logging one more waits for it: the queue is
/// not lossy, so a burst is never dropped, only slowed down once this many lines are queued.
const QUEUED_LINES: usize = 65_536;

/// The log writer's thread. Dropping it writes out every line still queued, so it is held
/// until the process has nothing more to log (the end of `main`).
#[must_use = "dropping the guard stops the log writer"]
pub struct LogGuard {
    _writer: WorkerGuard,
}

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogGuard").finish_non_exhaustive()
    }
}

/// Installs the global subscriber: `RUST_LOG` filters (default `info`), `format` shapes lines.
/// Logs go to stderr so that commands like `roster openapi` keep stdout for their output.
///
/// A request formats its line and queues it; a thread of its own writes it to stderr. The
/// request no longer waits for the write (a system call per line under stderr's lock, the
/// larger part of a line's cost under load).
pub fn init(format: LogFormat) -> LogGuard {
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .buffered_lines_limit(QUEUED_LINES)
        .thread_name("roster-log")
        .finish(std::io::stderr());
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    // A second initialization (tests) keeps the first subscriber.
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    LogGuard { _writer: guard }
}
