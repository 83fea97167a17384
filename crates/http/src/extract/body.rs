//! JSON request bodies: content type, size limit, syntax and shape.

use std::convert::Infallible;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, web};
use serde::de::DeserializeOwned;

use super::LocalBoxFuture;
use super::deserialize::from_value;
use crate::error::{ApiError, FieldError};

/// The largest request body accepted, in bytes (64 KiB unless configured).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub usize);

impl Default for BodyLimit {
    fn default() -> Self {
        Self(64 * 1024)
    }
}

/// How long a request body may take to arrive (10 s unless configured): a client trickling
/// its body gets a 408 rather than holding a worker's connection for as long as it likes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeout(pub Duration);

impl Default for BodyTimeout {
    fn default() -> Self {
        Self(Duration::from_secs(10))
    }
}

/// A JSON body of type `T`, or the error it deserves: 415 when it is not JSON, 413 over the
/// limit, 422 when it does not parse or does not fit `T`.
#[derive(Debug)]
pub struct JsonBody<T>(Result<T, ApiError>);

impl<T> JsonBody<T> {
    /// The body, or its error; call it once the caller is authenticated.
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = Infallible;
    type Future = LocalBoxFuture<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !is_json(req) {
            return Box::pin(async { Ok(Self(Err(ApiError::unsupported_media_type()))) });
        }
        let bytes = read(req, payload);
        Box::pin(async move { Ok(Self(bytes.await.and_then(|bytes| parse(&bytes)))) })
    }
}

/// A JSON body of type `T` that may be left out: `None` when the request has no body (or only
/// whitespace), whatever its content type, or when the body is JSON `null`; otherwise as
/// [`JsonBody`].
#[derive(Debug)]
pub struct OptionalJsonBody<T>(Result<Option<T>, ApiError>);

impl<T> OptionalJsonBody<T> {
    /// The body if there is one, or its error; call it once the caller is authenticated.
    pub fn into_inner(self) -> Result<Option<T>, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJsonBody<T> {
    type Error = Infallible;
    type Future = LocalBoxFuture<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let bytes = read(req, payload);
        Box::pin(async move {
            let outcome = bytes.await.and_then(|bytes| {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    Ok(None)
                } else if !json {
                    Err(ApiError::unsupported_media_type())
                } else if bytes.trim_ascii() == b"null" {
                    Ok(None)
                } else {
                    parse(&bytes).map(Some)
                }
            });
            Ok(Self(outcome))
        })
    }
}

/// The body's bytes, a 413 over the limit, or a 408 when it takes longer than the timeout.
pub(crate) fn read(
    req: &HttpRequest,
    payload: &mut Payload,
) -> LocalBoxFuture<Result<web::Bytes, ApiError>> {
    let limit = req.app_data::<BodyLimit>().copied().unwrap_or_default();
    let timeout = req.app_data::<BodyTimeout>().copied().unwrap_or_default();
    let bytes = web::Bytes::from_request(req, payload);
    Box::pin(async move {
        let Ok(read) = tokio::time::timeout(timeout.0, bytes).await else {
            return Err(ApiError::request_timeout(timeout.0));
        };
        read.map_err(|error| match error.as_error::<PayloadError>() {
            Some(PayloadError::Overflow) => ApiError::payload_too_large(limit.0),
            _ => ApiError::bad_request("invalid_body", "The request body could not be read"),
        })
    })
}

/// `application/json` or any `+json` type; a request without a content type is read as JSON.
fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(None) => true,
        Ok(Some(mime)) => {
            (mime.type_() == "application" && mime.subtype() == "json")
                || mime.suffix().is_some_and(|suffix| suffix == "json")
        }
        Err(_) => false,
    }
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid(FieldError::new(
            &["body"],
            "missing",
            "Field required",
        )));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| {
        ApiError::invalid(FieldError::new(
            &["body"],
            "json_invalid",
            "JSON decode error",
        ))
    })?;
    // Every body of this API is an object; serde would also accept a struct as an array.
    if !value.is_object() {
        return Err(ApiError::invalid(FieldError::new(
            &["body"],
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        )));
    }
    from_value("body", value).map_err(ApiError::invalid)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::error::ApiError;

    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[expect(dead_code, reason = "only deserialized")]
        name: String,
    }

    fn kinds(bytes: &[u8]) -> Vec<&'static str> {
        match parse::<Body>(bytes) {
            Err(ApiError::Validation(errors)) => errors.iter().map(|error| error.kind).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_body_is_missing() {
        assert_eq!(kinds(b"  "), ["missing"]);
    }

    #[test]
    fn malformed_json_is_json_invalid() {
        assert_eq!(kinds(b"{\"name\":"), ["json_invalid"]);
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused_as_such() {
        assert_eq!(kinds(b"[\"x\"]"), ["model_attributes_type"]);
        assert_eq!(kinds(b"\"x\""), ["model_attributes_type"]);
    }
}
