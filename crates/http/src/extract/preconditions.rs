//! `If-Match` and `If-None-Match` (RFC 9110 §13.1), read into the domain's conditions.
//!
//! Like the body and query extractors, these hold their outcome until the handler asks, so a
//! malformed header is reported after authentication. A malformed one is a 422 on
//! `["header", "<name>"]`, as FastAPI reports a header it cannot validate: a change is never
//! made on a condition the server could not read.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::{HeaderName, IF_MATCH, IF_NONE_MATCH};
use actix_web::{FromRequest, HttpRequest};
use roster_domain::etag::{IfMatch, IfNoneMatch, MalformedTags};

use crate::error::{ApiError, FieldError};

/// A change's `If-Match`: no header is no condition.
#[derive(Debug)]
pub struct IfMatchHeader(Result<IfMatch, ApiError>);

impl IfMatchHeader {
    /// The condition, or the 422 of a malformed header; call it once the caller is
    /// authenticated.
    pub fn into_inner(self) -> Result<IfMatch, ApiError> {
        self.0
    }
}

impl FromRequest for IfMatchHeader {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let outcome = match field(req, &IF_MATCH) {
            None => Ok(IfMatch::anything()),
            Some(value) => IfMatch::parse(&value).map_err(|error| malformed(&IF_MATCH, error)),
        };
        ready(Ok(Self(outcome)))
    }
}

/// A read's `If-None-Match`: `None` when the header is absent.
#[derive(Debug)]
pub struct IfNoneMatchHeader(Result<Option<IfNoneMatch>, ApiError>);

impl IfNoneMatchHeader {
    /// The condition, or the 422 of a malformed header; call it once the caller is
    /// authenticated.
    pub fn into_inner(self) -> Result<Option<IfNoneMatch>, ApiError> {
        self.0
    }
}

impl FromRequest for IfNoneMatchHeader {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let outcome = field(req, &IF_NONE_MATCH)
            .map(|value| {
                IfNoneMatch::parse(&value).map_err(|error| malformed(&IF_NONE_MATCH, error))
            })
            .transpose();
        ready(Ok(Self(outcome)))
    }
}

/// Every line of the header joined with commas, as RFC 9110 §5.3 combines a list field sent
/// more than once; `None` when there is none. Bytes past ASCII (obs-text, which a tag may hold)
/// are kept as replacement characters: no tag of ours has them, so such a tag never matches.
fn field(req: &HttpRequest, name: &HeaderName) -> Option<String> {
    let lines: Vec<String> = req
        .headers()
        .get_all(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    (!lines.is_empty()).then(|| lines.join(", "))
}

fn malformed(name: &HeaderName, error: MalformedTags) -> ApiError {
    ApiError::invalid(FieldError::new(
        &["header", name.as_str()],
        "value_error",
        format!("{}: {error}", name.as_str()),
    ))
}
