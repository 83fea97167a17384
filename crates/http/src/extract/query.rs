//! Query strings.

use std::convert::Infallible;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::LocalBoxFuture;
use super::deserialize::from_value;
use crate::dto::pagination::{ListFilters, PageQuery};
use crate::error::{ApiError, FieldError};

/// A list's query string, read once into its filters `T` and the pagination parameters and
/// turned into the use case's query (or the error it deserves). A parameter given twice keeps
/// its last value, as FastAPI does; unknown ones are ignored.
#[derive(Debug)]
pub struct ListQuery<T: ListFilters>(Result<T::Query, ApiError>);

impl<T: ListFilters> ListQuery<T> {
    /// The use case's query, or its error; call it once the caller is authenticated.
    pub fn into_inner(self) -> Result<T::Query, ApiError> {
        self.0
    }
}

impl<T: ListFilters> FromRequest for ListQuery<T> {
    type Error = Infallible;
    type Future = LocalBoxFuture<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let outcome = query::<T>(req.query_string());
        Box::pin(async move { Ok(Self(outcome)) })
    }
}

fn query<T: ListFilters>(raw: &str) -> Result<T::Query, ApiError> {
    let params = parameters(raw)?;
    let filters: T = parse(params.clone())?;
    let page: PageQuery = parse(params)?;
    filters.try_into_domain(page)
}

/// The decoded parameters, as a JSON object of strings.
fn parameters(raw: &str) -> Result<Value, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|_| {
        ApiError::invalid(FieldError::new(
            &["query"],
            "value_error",
            "The query string is not valid URL encoding",
        ))
    })?;
    let mut map = serde_json::Map::new();
    for (key, value) in pairs {
        map.insert(key, Value::String(value));
    }
    Ok(Value::Object(map))
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, ApiError> {
    from_value("query", params).map_err(ApiError::invalid)
}
