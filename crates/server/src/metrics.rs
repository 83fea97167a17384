//! The Prometheus recorder and what `GET /metrics` shows (DESIGN.md §12).
//!
//! Counters and histograms are recorded where things happen, through the `metrics` facade:
//! requests (`roster-http`), key-cache lookups and webhook attempts (`roster-app`), pool waits
//! and timeouts (`roster-persistence`). The gauges (the pool's connections, the outbox backlog)
//! are read when the page is scraped. One recorder serves the process: the first server built
//! installs it, and later ones (tests build many) share it.

use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use roster_http::Exposition;
use roster_persistence::PgStore;

/// Latency buckets, in seconds: from a cached read (a millisecond) to the request timeouts.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static RECORDER: Mutex<Option<PrometheusHandle>> = Mutex::new(None);

/// The process's recorder, installed on the first call.
///
/// # Errors
/// When another recorder was installed in this process by someone else.
pub fn recorder() -> anyhow::Result<PrometheusHandle> {
    let mut installed = RECORDER.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(handle) = installed.as_ref() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), LATENCY_BUCKETS)?
        .install_recorder()?;
    describe();
    *installed = Some(handle.clone());
    Ok(handle)
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "roster_http_requests_total",
        "Requests answered, by route template, method and status"
    );
    describe_histogram!(
        "roster_http_request_duration_seconds",
        Unit::Seconds,
        "Time from a request's arrival to its answer, by route template, method and status"
    );
    describe_gauge!("roster_db_pool_max_size", "Connections the pool may open");
    describe_gauge!(
        "roster_db_pool_connections",
        "Connections the pool holds open"
    );
    describe_gauge!("roster_db_pool_in_use", "Connections checked out now");
    describe_gauge!(
        "roster_db_pool_waiting",
        "Requests waiting for a connection now"
    );
    describe_counter!(
        "roster_db_pool_waits_total",
        "Checkouts that found no idle connection and waited"
    );
    describe_counter!(
        "roster_db_pool_timeouts_total",
        "Checkouts that waited past ROSTER_POOL_WAIT_TIMEOUT_MS (answered 503)"
    );
    describe_counter!(
        "roster_key_cache_lookups_total",
        "API-key verifications answered by the cache (hit) or the database (miss)"
    );
    describe_gauge!(
        "roster_webhook_outbox_backlog",
        "Webhook deliveries waiting in the outbox, of every replica"
    );
    describe_counter!(
        "roster_webhook_attempts_total",
        "Webhook delivery attempts: delivered, failed to be retried (retrying), failed for good"
    );
    describe_counter!(
        "roster_metrics_scrape_errors_total",
        "Scrapes that could not read the outbox backlog (the database failed)"
    );
}

/// Drains the histograms into their buckets every five seconds, until the runtime stops
/// (without it, samples would pile up between scrapes, or forever if nobody scrapes).
pub fn keep_up(handle: PrometheusHandle) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    })
}

/// The page of one server: the recorder's metrics, with its pool's and the outbox's gauges.
#[derive(Debug)]
pub struct ServerMetrics {
    handle: PrometheusHandle,
    store: PgStore,
}

impl ServerMetrics {
    /// The page of the server over `store`.
    #[must_use]
    pub fn new(handle: PrometheusHandle, store: PgStore) -> Self {
        Self { handle, store }
    }
}

impl Exposition for ServerMetrics {
    fn render(&self) -> Pin<Box<dyn Future<Output = String> + Send + '_>> {
        Box::pin(async move {
            let status = self.store.pool().status();
            metrics::gauge!("roster_db_pool_max_size").set(status.max_size as f64);
            metrics::gauge!("roster_db_pool_connections").set(status.size as f64);
            metrics::gauge!("roster_db_pool_in_use")
                .set(status.size.saturating_sub(status.available) as f64);
            metrics::gauge!("roster_db_pool_waiting").set(status.waiting as f64);
            match self.store.pending_deliveries().await {
                Ok(backlog) => metrics::gauge!("roster_webhook_outbox_backlog").set(backlog as f64),
                // The page still answers, with the last backlog read; the failure is counted.
                Err(_) => metrics::counter!("roster_metrics_scrape_errors_total").increment(1),
            }
            self.handle.run_upkeep();
            self.handle.render()
        })
    }
}
