//! One measured request shape: its method, path, credentials, body and expected status.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use anyhow::Context as _;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::api::{Roster, text};
use crate::load::{self, Measurement};

/// The credentials a scenario sends.
#[derive(Debug, Clone)]
pub enum Auth {
    /// None: public or client-session endpoints.
    None,
    /// The superadmin's API key.
    Key,
    /// A game client's access token.
    Bearer(String),
}

type Body = Arc<dyn Fn(u64) -> Value + Send + Sync>;

/// A request repeated under load.
pub struct Scenario {
    pub name: String,
    method: Method,
    path: String,
    auth: Auth,
    expect: StatusCode,
    body: Option<Body>,
    /// Numbers every request of every round, so that bodies stay unique across rounds.
    sequence: Arc<AtomicU64>,
}

impl std::fmt::Debug for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scenario")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Scenario {
    /// A GET expected to answer 200.
    pub fn get(name: &str, path: String, auth: Auth) -> Self {
        Self {
            name: name.to_owned(),
            method: Method::GET,
            path,
            auth,
            expect: StatusCode::OK,
            body: None,
            sequence: Arc::default(),
        }
    }

    /// A POST whose JSON body is built from the request's number, so each can be unique.
    pub fn post(
        name: &str,
        path: String,
        auth: Auth,
        expect: StatusCode,
        body: impl Fn(u64) -> Value + Send + Sync + 'static,
    ) -> Self {
        Self {
            name: name.to_owned(),
            method: Method::POST,
            path,
            auth,
            expect,
            body: Some(Arc::new(body)),
            sequence: Arc::default(),
        }
    }

    /// Measures one round of the scenario: `warmup`, then `window` with `concurrency` requests
    /// in flight.
    pub async fn run(
        &self,
        roster: &Roster,
        concurrency: usize,
        warmup: Duration,
        window: Duration,
    ) -> anyhow::Result<Measurement> {
        let url = format!("{}{}", roster.url, self.path);
        let roster = roster.clone();
        let method = self.method.clone();
        let auth = self.auth.clone();
        let expect = self.expect;
        let body = self.body.clone();
        load::run(concurrency, warmup, window, &self.sequence, move |n| {
            let mut request = roster.http.request(method.clone(), &url);
            request = match &auth {
                Auth::None => request,
                Auth::Key => request.header("leadr-api-key", &roster.key),
                Auth::Bearer(token) => request.bearer_auth(token),
            };
            if let Some(body) = &body {
                request = request.json(&body(n));
            }
            async move {
                match request.send().await {
                    // The body is read in full: a response is answered when it has arrived.
                    Ok(response) => response.status() == expect && response.bytes().await.is_ok(),
                    Err(_) => false,
                }
            }
        })
        .await
    }
}

/// A device fingerprint (64 hexadecimal digits) unique to `run` and `n`.
pub fn fingerprint(run: u64, n: u64) -> String {
    format!("{run:032x}{n:032x}")
}

/// The cursor of the page of `account`'s users, sorted by `sort`, that starts after `row` rows,
/// found by paging there 100 rows at a time.
pub async fn cursor_at(
    roster: &Roster,
    account: &str,
    sort: &str,
    row: u64,
) -> anyhow::Result<String> {
    let mut cursor: Option<String> = None;
    let mut passed = 0;
    while passed < row {
        let mut path = format!("/v1/users?account_id={account}&limit=100&sort={sort}");
        if let Some(cursor) = &cursor {
            path.push_str("&cursor=");
            path.push_str(cursor);
        }
        let page = Roster::json(roster.admin(Method::GET, &path), StatusCode::OK).await?;
        passed += page
            .pointer("/pagination/count")
            .and_then(Value::as_u64)
            .context("a page without pagination.count")?;
        cursor = Some(text(&page, "/pagination/next_cursor").with_context(|| {
            format!("the list of users ended at row {passed}, before row {row}")
        })?);
    }
    cursor.context("BENCH_ROWS must leave a page to measure")
}

/// A custom token for the `n`-th new player of run `run`, signed (HS256) with `secret` as a
/// studio's backend signs one: five minutes to live. Empty (a 401, counted as failed) if it
/// cannot be signed.
pub fn custom_token(secret: &str, run: u64, n: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &serde_json::json!({"sub": format!("bench-{run}-{n}"), "iat": now, "exp": now + 300}),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_64_hex_digits_and_distinct() {
        let a = fingerprint(1_763_800_000, 0);
        let b = fingerprint(1_763_800_000, 1);
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(fingerprint(0, u64::MAX).len(), 64);
    }
}
