//! `GET /metrics`: the Prometheus text exposition, and the request metrics it shows.
//!
//! The HTTP adapter records each request (count and latency by route template, method and
//! status: no ids, keys or emails can reach a label, as the template is the registered path
//! pattern) through the `metrics` facade; what renders the page ([`Exposition`]) belongs to
//! the server, which owns the recorder, the pool and the outbox.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::Method;

/// Renders the exposition: the recorder's metrics, with the gauges read at scrape time (the
/// pool, the outbox backlog) brought up to date first.
pub trait Exposition: Send + Sync + 'static {
    /// The page, in the Prometheus text format.
    fn render(&self) -> Pin<Box<dyn Future<Output = String> + Send + '_>>;
}

/// What `GET /metrics` serves, registered as app data where it is served: on the main
/// listener, or on `ROSTER_METRICS_BIND` alone.
#[derive(Clone)]
pub struct MetricsPage(pub Arc<dyn Exposition>);

impl std::fmt::Debug for MetricsPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsPage")
    }
}

/// The method label: the methods the API knows, anything else `other` (a label's values must
/// stay few).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts a finished request and its latency. `route` is the matched path pattern
/// (`/v1/accounts/{account_id}`), `None` for a path no route matched.
pub(crate) fn record_request(method: &Method, route: Option<String>, status: u16, took: Duration) {
    let labels = [
        ("method", method_label(method).to_owned()),
        ("route", route.unwrap_or_else(|| "unmatched".to_owned())),
        ("status", status.to_string()),
    ];
    metrics::counter!("roster_http_requests_total", &labels).increment(1);
    metrics::histogram!("roster_http_request_duration_seconds", &labels).record(took.as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::PATCH), "PATCH");
        let made_up = Method::from_bytes(b"BREW").unwrap();
        assert_eq!(method_label(&made_up), "other");
    }
}
