//! A closed-loop load generator: `concurrency` workers, each sending its next request as soon as
//! the previous one is answered, for a fixed time, with every latency kept.
//!
//! Closed loop means the numbers describe the server at saturation with that many clients in
//! flight; they are not an open-loop arrival rate, and a slow response delays the next request
//! of its worker rather than piling up behind it.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

/// What one scenario measured over its window.
#[derive(Debug)]
pub struct Measurement {
    /// Requests sent within the window (answered, well or not).
    pub requests: usize,
    /// Requests answered with anything but the expected status, or not answered.
    pub failures: u64,
    /// The window: from its start to the last answer.
    pub elapsed: Duration,
    /// Sorted ascending.
    latencies: Vec<Duration>,
}

impl Measurement {
    /// Requests per second over the window.
    pub fn throughput(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.requests as f64 / seconds
        } else {
            0.0
        }
    }

    /// The nearest-rank percentile `p` (0–100) of the latencies.
    pub fn percentile(&self, p: f64) -> Duration {
        let n = self.latencies.len();
        if n == 0 {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        let index = rank.clamp(1, n) - 1;
        self.latencies.get(index).copied().unwrap_or_default()
    }

    /// The slowest answer.
    pub fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }

    /// One measurement of both windows, as if they had been one.
    pub fn merge(mut self, other: Self) -> Self {
        self.requests += other.requests;
        self.failures += other.failures;
        self.elapsed += other.elapsed;
        self.latencies.extend(other.latencies);
        self.latencies.sort_unstable();
        self
    }
}

/// Sends `request` from `concurrency` workers for `warmup` (not counted) and then `window`.
/// `request` gets the next number of `sequence` (so that emails or devices can be unique across
/// runs sharing it) and answers whether the response was the expected one.
pub async fn run<F, Fut>(
    concurrency: usize,
    warmup: Duration,
    window: Duration,
    sequence: &Arc<AtomicU64>,
    request: F,
) -> anyhow::Result<Measurement>
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let measure_from = Instant::now() + warmup;
    let end = measure_from + window;
    let mut workers = JoinSet::new();
    for _ in 0..concurrency {
        let request = Arc::clone(&request);
        let sequence = Arc::clone(sequence);
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0_u64;
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let ok = request(sequence.fetch_add(1, Ordering::Relaxed)).await;
                if sent >= measure_from {
                    latencies.push(sent.elapsed());
                    failures += u64::from(!ok);
                }
            }
            (latencies, failures)
        });
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    while let Some(worker) = workers.join_next().await {
        let (worker_latencies, worker_failures) = worker?;
        latencies.extend(worker_latencies);
        failures += worker_failures;
    }
    let elapsed = Instant::now().saturating_duration_since(measure_from);
    latencies.sort_unstable();
    Ok(Measurement {
        requests: latencies.len(),
        failures,
        elapsed,
        latencies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measurement(millis: &[u64]) -> Measurement {
        let mut latencies: Vec<Duration> =
            millis.iter().map(|&m| Duration::from_millis(m)).collect();
        latencies.sort_unstable();
        Measurement {
            requests: latencies.len(),
            failures: 0,
            elapsed: Duration::from_secs(2),
            latencies,
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let m = measurement(&(1..=100).collect::<Vec<_>>());
        assert_eq!(m.percentile(50.0), Duration::from_millis(50));
        assert_eq!(m.percentile(99.0), Duration::from_millis(99));
        assert_eq!(m.percentile(100.0), Duration::from_millis(100));
        assert_eq!(m.percentile(0.0), Duration::from_millis(1));
        assert_eq!(m.max(), Duration::from_millis(100));
        assert!((m.throughput() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn an_empty_measurement_reports_zeros() {
        let m = measurement(&[]);
        assert_eq!(m.percentile(50.0), Duration::ZERO);
        assert_eq!(m.throughput(), 0.0);
    }

    #[test]
    fn merged_windows_pool_their_requests_and_latencies() {
        let m = measurement(&[1, 3]).merge(measurement(&[2, 4]));
        assert_eq!(m.requests, 4);
        assert_eq!(m.elapsed, Duration::from_secs(4));
        assert_eq!(m.percentile(50.0), Duration::from_millis(2));
        assert_eq!(m.max(), Duration::from_millis(4));
    }

    #[tokio::test]
    async fn every_request_in_the_window_is_counted_and_failures_are_kept() {
        let sequence = Arc::new(AtomicU64::new(0));
        let m = run(
            4,
            Duration::ZERO,
            Duration::from_millis(200),
            &sequence,
            |n| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                n % 2 == 0
            },
        )
        .await
        .unwrap();
        assert!(m.requests > 40, "{}", m.requests);
        let failures = usize::try_from(m.failures).unwrap();
        assert!(
            failures * 3 > m.requests && failures * 3 < m.requests * 2,
            "{failures} of {}",
            m.requests
        );
        assert!(m.percentile(50.0) >= Duration::from_millis(5));
        // The sequence carries on where this run left it.
        assert!(sequence.load(Ordering::Relaxed) >= u64::try_from(m.requests).unwrap());
    }
}
