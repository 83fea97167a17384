//! Responses as tests read them.

use reqwest::header::HeaderMap;
use serde_json::Value;

/// A response, read whole.
#[derive(Debug, Clone)]
pub struct TestResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as JSON (`Null` when empty or not JSON).
    pub json: Value,
    /// The body as text.
    pub text: String,
}

impl TestResponse {
    pub(crate) async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("read the body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            json,
            text,
        }
    }

    /// Panics, showing the body, unless the status is `expected`.
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(
            self.status, expected,
            "expected {expected}, got {} with body {}",
            self.status, self.text
        );
        self
    }

    /// Panics unless this is an error `{detail, code}` with `status` and `code`.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> &Self {
        self.assert_status(status);
        assert_eq!(self.json["code"], code, "body {}", self.text);
        assert!(self.json["detail"].is_string(), "body {}", self.text);
        self
    }

    /// Panics unless this is a 422 whose errors include one at `loc` of type `kind`.
    #[track_caller]
    pub fn assert_invalid(&self, loc: &[&str], kind: &str) -> &Self {
        self.assert_status(422);
        let errors = self.json["detail"].as_array().expect("a list of errors");
        let found = errors.iter().any(|error| {
            let at: Vec<&str> = error["loc"]
                .as_array()
                .map(|parts| parts.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            at == loc && error["type"] == kind && error["msg"].is_string()
        });
        assert!(found, "no {kind} error at {loc:?} in {}", self.text);
        self
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}
