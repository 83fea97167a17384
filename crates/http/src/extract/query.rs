//! Query strings.

use std::convert::Infallible;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::LocalBoxFuture;
use super::deserialize::from_value;
use crate::error::{ApiError, FieldError};

/// The query string as `T` (a struct of optional strings that the handler then validates).
/// A parameter given twice keeps its last value, as FastAPI does; unknown ones are ignored.
#[derive(Debug)]
pub struct QueryParams<T>(Result<T, ApiError>);

impl<T> QueryParams<T> {
    /// The parameters, or their error; call it once the caller is authenticated.
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for QueryParams<T> {
    type Error = Infallible;
    type Future = LocalBoxFuture<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let outcome = parse(req.query_string());
        Box::pin(async move { Ok(Self(outcome)) })
    }
}

fn parse<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).map_err(|_| {
        ApiError::invalid(FieldError::new(
            &["query"],
            "value_error",
            "The query string is not valid URL encoding",
        ))
    })?;
    let mut map = serde_json::Map::new();
    for (key, value) in pairs {
        map.insert(key, serde_json::Value::String(value));
    }
    from_value("query", serde_json::Value::Object(map)).map_err(ApiError::invalid)
}
