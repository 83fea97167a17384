//! The API's error responses.
//!
//! Two shapes, as LEADR (FastAPI) answers them:
//! - validation (422): `{"detail":[{"loc":["body","name"],"msg":"…","type":"…"}]}`;
//! - everything else: `{"detail":"<message>","code":"<stable snake_case code>"}`.
//!
//! Internal causes are logged, inside the request's span (so with its request id), and never
//! shown: a 500 says only that something failed.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use roster_app::error_chain::ErrorChain;
use serde::Serialize;

/// Seconds a client should wait before retrying a 503.
pub(crate) const RETRY_AFTER_SECONDS: &str = "1";

/// One step of a validation error's location: a field name or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum LocPart {
    /// A field, or the part of the request (`body`, `query`, `path`, `header`).
    Key(String),
    /// An array index.
    Index(usize),
}

impl From<&str> for LocPart {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

/// One FastAPI-style validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Where: starts with `body`, `query`, `path` or `header`.
    pub loc: Vec<LocPart>,
    /// What is wrong, for people.
    pub msg: String,
    /// What is wrong, for programs (pydantic's error types).
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl FieldError {
    /// An error at `loc`.
    pub fn new(loc: &[&str], kind: &'static str, msg: impl Into<String>) -> Self {
        Self {
            loc: loc.iter().map(|part| LocPart::from(*part)).collect(),
            msg: msg.into(),
            kind,
        }
    }
}

/// An error the API answers with.
#[derive(Debug)]
pub enum ApiError {
    /// 422 with every field error found.
    Validation(Vec<FieldError>),
    /// Any other status with `{detail, code}`.
    Problem {
        /// The status.
        status: StatusCode,
        /// The stable code.
        code: &'static str,
        /// The message.
        detail: String,
        /// Seconds to wait before retrying, for a 503 (the default when `None`) or a 429.
        retry_after: Option<u64>,
        /// Fields the body carries beside `detail` and `code` (a ban's `reason`, the
        /// `player_id` an identity is linked to), in order.
        extra: Vec<(&'static str, serde_json::Value)>,
    },
}

#[derive(Serialize)]
struct ValidationBody<'a> {
    detail: &'a [FieldError],
}

#[derive(Serialize)]
struct ProblemBody<'a> {
    detail: &'a str,
    code: &'a str,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

impl ApiError {
    fn problem(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self::Problem {
            status,
            code,
            detail: detail.into(),
            retry_after: None,
            extra: Vec::new(),
        }
    }

    /// This error with `field` beside `detail` and `code` in its body (a validation error
    /// stays as it is).
    #[must_use]
    pub fn with(mut self, field: &'static str, value: serde_json::Value) -> Self {
        if let Self::Problem { extra, .. } = &mut self {
            extra.push((field, value));
        }
        self
    }

    /// 422 with one error.
    pub fn invalid(error: FieldError) -> Self {
        Self::Validation(vec![error])
    }

    /// 400 with its code (`invalid_cursor`, `invalid_sort`, `invalid_filter`).
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 401.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// 401 with a `code` saying why a proof signed nobody in.
    pub fn unauthorized_as(code: &'static str, detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::UNAUTHORIZED, code, detail)
    }

    /// 403.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 403 with a `code` saying why a proven player may not sign in.
    pub fn forbidden_as(code: &'static str, detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::FORBIDDEN, code, detail)
    }

    /// 403 `banned`: the player may not sign in or act, with the ban's reason and when it
    /// lapses (`null` for good).
    #[must_use]
    pub fn banned(ban: &roster_domain::ban::Ban) -> Self {
        Self::problem(StatusCode::FORBIDDEN, "banned", "The player is banned")
            .with("reason", serde_json::Value::from(ban.reason.as_str()))
            .with(
                "expires_at",
                ban.expires_at.map_or(serde_json::Value::Null, |at| {
                    serde_json::Value::from(at.to_string())
                }),
            )
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::NOT_FOUND, "not_found", detail)
    }

    /// 405 (the caller adds `Allow`).
    #[must_use]
    pub fn method_not_allowed() -> Self {
        Self::problem(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method Not Allowed",
        )
    }

    /// 412.
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::problem(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            detail,
        )
    }

    /// 409.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::CONFLICT, "conflict", detail)
    }

    /// 409 with a `code` saying which conflict.
    pub fn conflict_as(code: &'static str, detail: impl Into<String>) -> Self {
        Self::problem(StatusCode::CONFLICT, code, detail)
    }

    /// 408: the request body did not arrive within `timeout`.
    #[must_use]
    pub fn request_timeout(timeout: std::time::Duration) -> Self {
        Self::problem(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "The request body did not arrive within {} ms",
                timeout.as_millis()
            ),
        )
    }

    /// 413.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("Request body is larger than {limit} bytes"),
        )
    }

    /// 415.
    pub fn unsupported_media_type() -> Self {
        Self::problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Request body must be JSON (Content-Type: application/json)",
        )
    }

    /// 503 with `Retry-After`. The outage itself is logged where it is seen, once and in
    /// summaries (`roster-persistence`); each refused request only at debug level.
    pub fn unavailable(cause: &dyn std::error::Error) -> Self {
        tracing::debug!(error = %ErrorChain(cause), "service unavailable");
        Self::problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The service is temporarily unavailable; retry shortly",
        )
    }

    /// 503 because an outside service `code` names (Steam, an OpenID provider) did not answer
    /// usefully; retry after `retry_after` (whole seconds, at least one). `cause` is logged at
    /// warning level: the operator can fix a misconfiguration, the client only wait.
    pub fn upstream_unavailable(
        code: &'static str,
        detail: impl Into<String>,
        retry_after: std::time::Duration,
        cause: &str,
    ) -> Self {
        warn_upstream(code, cause);
        Self::Problem {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code,
            detail: detail.into(),
            retry_after: Some(retry_after.as_secs().max(1)),
            extra: Vec::new(),
        }
    }

    /// 429: the caller's rate limit is spent; `Retry-After` says in how many seconds (at least
    /// one) the next request is let through.
    #[must_use]
    pub fn rate_limited(retry_after: u64) -> Self {
        Self::Problem {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "rate_limited",
            detail: format!("Too many requests; retry in {} s", retry_after.max(1)),
            retry_after: Some(retry_after.max(1)),
            extra: Vec::new(),
        }
    }

    /// 500; `cause` is logged, never shown.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %ErrorChain(cause), "internal error");
        Self::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
        )
    }

    /// The response status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Problem { status, .. } => *status,
        }
    }
}

/// Logs that the outside service `code` names failed, at most once a second per service with
/// how many failures the line stands for: Steam down under load would otherwise log every
/// refused sign-in.
pub(crate) fn warn_upstream(code: &'static str, cause: &str) {
    use std::sync::{Mutex, PoisonError};
    use std::time::{Duration, Instant};

    /// Per service: when it was last logged, and the failures since.
    static SEEN: Mutex<Vec<(&'static str, Option<Instant>, u64)>> = Mutex::new(Vec::new());
    let now = Instant::now();
    let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    let index = match seen.iter().position(|(known, _, _)| *known == code) {
        Some(index) => index,
        None => {
            seen.push((code, None, 0));
            seen.len() - 1
        }
    };
    let Some((_, last, failed)) = seen.get_mut(index) else {
        return;
    };
    *failed += 1;
    if last.is_none_or(|at| now.duration_since(at) >= Duration::from_secs(1)) {
        tracing::warn!(
            code,
            cause,
            failed = *failed,
            "an outside service did not answer usefully"
        );
        *last = Some(now);
        *failed = 0;
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(errors) => write!(f, "{} validation error(s)", errors.len()),
            Self::Problem { status, detail, .. } => write!(f, "{status}: {detail}"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status());
        if matches!(
            self.status(),
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS
        ) {
            let seconds = match self {
                Self::Problem {
                    retry_after: Some(seconds),
                    ..
                } => HeaderValue::from(*seconds),
                _ => HeaderValue::from_static(RETRY_AFTER_SECONDS),
            };
            response.insert_header((header::RETRY_AFTER, seconds));
        }
        match self {
            Self::Validation(errors) => response.json(ValidationBody { detail: errors }),
            Self::Problem {
                code,
                detail,
                extra,
                ..
            } => response.json(ProblemBody {
                detail,
                code,
                extra: extra
                    .iter()
                    .map(|(field, value)| ((*field).to_owned(), value.clone()))
                    .collect(),
            }),
        }
    }
}
