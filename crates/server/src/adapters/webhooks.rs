//! Webhook deliveries over HTTP: a signed POST per attempt, as the Standard Webhooks
//! convention defines it, and the check that a URL leads only to public addresses.
//!
//! The body is `{"type": <action>, "timestamp": <occurred_at>, "data": <the event as GET
//! /v1/audit-events shows it>}`; the headers are `webhook-id` (the event id), `webhook-timestamp`
//! (Unix seconds of the attempt) and `webhook-signature`. Unless the operator allows private
//! networks, names resolve through [`super::egress::PublicOnly`] at each attempt (a name admitted at creation
//! may point elsewhere later) and an IP literal is checked before connecting.

use std::time::{Duration, Instant};

use roster_app::ports::{PostOutcome, UrlRefused, WebhookPost, WebhookTransport};
use roster_domain::web_url::WebUrl;
use roster_http::dto::webhook::WebhookPayload;

use super::egress::{configured_client, ip_literal, is_public, public_now};
use super::outbound::describe;

/// Posts deliveries with a bounded time per attempt.
#[derive(Debug, Clone)]
pub struct HttpWebhooks {
    client: reqwest::Client,
    allow_private: bool,
}

impl HttpWebhooks {
    /// A transport whose attempts each take at most `timeout`, reaching only public addresses
    /// unless `allow_private`.
    ///
    /// # Errors
    ///
    /// When the TLS stack cannot be set up (no crypto provider installed).
    pub fn new(timeout: Duration, allow_private: bool) -> Result<Self, reqwest::Error> {
        Ok(Self {
            client: configured_client(timeout, allow_private)?,
            allow_private,
        })
    }

    async fn attempt(&self, post: WebhookPost<'_>) -> Result<u16, String> {
        let url = reqwest::Url::parse(post.url.as_str())
            .map_err(|_| "the URL does not parse".to_owned())?;
        if !self.allow_private && ip_literal(&url).is_some_and(|ip| !is_public(ip)) {
            return Err("the URL's address is not a public one".to_owned());
        }
        let body = serde_json::to_vec(&WebhookPayload::from(post.event.clone()))
            .map_err(|_| "the event could not be written".to_owned())?;
        let id = post.event.id.to_string();
        let timestamp = post.at.as_datetime().unix_timestamp();
        let signature = post
            .secret
            .sign(&id, timestamp, &body)
            .map_err(|_| "the delivery could not be signed".to_owned())?;
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await
            .map_err(describe)?;
        // The answer's body means nothing to the delivery: it is not read.
        Ok(response.status().as_u16())
    }
}

impl WebhookTransport for HttpWebhooks {
    async fn admit(&self, url: &WebUrl) -> Result<(), UrlRefused> {
        if self.allow_private {
            return Ok(());
        }
        let parsed = reqwest::Url::parse(url.as_str())
            .map_err(|_| UrlRefused("Input should be a valid URL".to_owned()))?;
        public_now(&parsed).await.map_err(|reason| {
            UrlRefused(format!(
                "{reason} (deliveries go to public addresses only; see ROSTER_WEBHOOK_ALLOW_PRIVATE)"
            ))
        })
    }

    async fn post(&self, post: WebhookPost<'_>) -> PostOutcome {
        let started = Instant::now();
        let outcome = self.attempt(post).await;
        let took = started.elapsed();
        match outcome {
            Ok(status) => PostOutcome {
                status_code: Some(status),
                error: None,
                took,
            },
            Err(error) => PostOutcome {
                status_code: None,
                error: Some(error),
                took,
            },
        }
    }
}
