//! Ids in paths.

use std::str::FromStr;

use crate::error::{ApiError, FieldError};
use crate::validation::Violation;

/// Parses the path parameter `name`; a malformed id is a 422 located at `["path", name]`.
pub fn path_id<T>(name: &str, raw: &str) -> Result<T, ApiError>
where
    T: FromStr,
    T::Err: Violation,
{
    raw.parse().map_err(|error: T::Err| {
        let (kind, msg) = error.describe();
        ApiError::invalid(FieldError::new(&["path", name], kind, msg))
    })
}
