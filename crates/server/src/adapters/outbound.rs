//! What every call Roster makes to an outside service shares (Steam's Web API, OpenID issuers'
//! keys): one way to build the client, to read a bounded answer, and to say what failed
//! without the URL (a query string may hold a key or a ticket).

use std::time::Duration;

/// A client builder whose calls each take at most `timeout` (connecting included), follow no
/// redirect, and name Roster as their agent.
pub fn client_builder(timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("roster/", env!("CARGO_PKG_VERSION")))
}

/// What went wrong with a request, for a log: never its URL.
pub fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer in time".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        format!("the request failed: {}", error.without_url())
    }
}

/// Why an answer was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// It is longer than the limit.
    TooLong,
    /// The connection failed while reading it.
    Failed(String),
}

/// The body of `response`, refused past `limit` bytes without reading the rest.
pub async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| ReadError::Failed(describe(error)))?
    {
        if body.len() + chunk.len() > limit {
            return Err(ReadError::TooLong);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
