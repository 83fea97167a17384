//! Ids and names in paths.

use std::str::FromStr;

use crate::error::{ApiError, FieldError};
use crate::validation::Violation;

/// Parses the path parameter `name`; a malformed id is a 422 located at `["path", name]`.
pub fn path_id<T>(name: &str, raw: &str) -> Result<T, ApiError>
where
    T: FromStr,
    T::Err: Violation,
{
    path_value(name, raw, str::parse::<T>)
}

/// Parses the path parameter `name` with `parse`; a malformed value is a 422 located at
/// `["path", name]`.
pub fn path_value<T, E: Violation>(
    name: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, ApiError> {
    parse(raw).map_err(|error| {
        let (kind, msg) = error.describe();
        ApiError::invalid(FieldError::new(&["path", name], kind, msg))
    })
}
