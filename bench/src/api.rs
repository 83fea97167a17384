//! The few admin and client calls the benchmark makes to set itself up.

use anyhow::{Context as _, bail};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

/// A live Roster and the superadmin key the benchmark acts with.
#[derive(Debug, Clone)]
pub struct Roster {
    pub http: Client,
    pub url: String,
    pub key: String,
}

impl Roster {
    /// `url` is the server's base URL, `key` a superadmin's API key.
    pub fn new(url: String, key: String) -> anyhow::Result<Self> {
        // Built with the server in one workspace, reqwest has TLS without a default crypto
        // provider: install ring's, as the server does, or building a client panics.
        let _already = rustls::crypto::ring::default_provider().install_default();
        let http = Client::builder()
            .pool_max_idle_per_host(256)
            .build()
            .context("building the HTTP client")?;
        Ok(Self { http, url, key })
    }

    /// An admin request with the API key; `expect` is the status that counts as success.
    pub fn admin(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.url))
            .header("leadr-api-key", &self.key)
    }

    /// Sends `request` and answers its JSON body, failing unless the status is `expect`.
    pub async fn json(
        request: reqwest::RequestBuilder,
        expect: StatusCode,
    ) -> anyhow::Result<Value> {
        let response = request.send().await.context("sending a setup request")?;
        let status = response.status();
        let body: Value = response.json().await.context("reading a setup response")?;
        if status != expect {
            bail!("expected {expect}, got {status}: {body}");
        }
        Ok(body)
    }
}

/// The string at `pointer` in `body`.
pub fn text(body: &Value, pointer: &str) -> anyhow::Result<String> {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("no string at {pointer} in {body}"))
}
