//! Reaching webhook receivers.

use std::future::Future;
use std::time::Duration;

use roster_domain::Timestamp;
use roster_domain::audit::AuditEvent;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::WebhookSecret;

/// Why a webhook's URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UrlRefused(pub String);

/// One attempt to deliver an event.
#[derive(Debug, Clone, Copy)]
pub struct WebhookPost<'a> {
    /// Where.
    pub url: &'a WebUrl,
    /// What: its id is the `webhook-id`.
    pub event: &'a AuditEvent,
    /// What the signature is made with.
    pub secret: &'a WebhookSecret,
    /// The `webhook-timestamp`.
    pub at: Timestamp,
}

/// What answered an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostOutcome {
    /// The status code, when an answer came.
    pub status_code: Option<u16>,
    /// Why no answer came, in a few words: never the URL.
    pub error: Option<String>,
    /// How long the attempt took.
    pub took: Duration,
}

/// POSTs signed deliveries, and says which URLs may receive them.
pub trait WebhookTransport: Send + Sync + 'static {
    /// Whether deliveries may be sent to `url`.
    ///
    /// MUST refuse, unless the operator allows private networks, a URL whose host is, or
    /// resolves to, anything but public addresses (loopback, link-local, private, multicast),
    /// and a host that does not resolve.
    fn admit(&self, url: &WebUrl) -> impl Future<Output = Result<(), UrlRefused>> + Send;

    /// POSTs the event, signed, and says what answered.
    ///
    /// MUST give up after a bounded time, MUST NOT follow redirects, and MUST refuse (as an
    /// outcome without a status) to connect to an address `admit` would refuse: a name may
    /// resolve elsewhere than when it was admitted.
    fn post(&self, post: WebhookPost<'_>) -> impl Future<Output = PostOutcome> + Send;
}
