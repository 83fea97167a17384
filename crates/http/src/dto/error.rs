//! The error bodies, as documented (the responses themselves are built by `crate::error`).

use serde::Serialize;
use utoipa::ToSchema;

/// A non-validation error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorResponse {
    /// A sentence for people.
    #[schema(example = "Account not found")]
    pub detail: String,
    /// A stable code for programs: `invalid_cursor`, `invalid_sort`, `invalid_filter`,
    /// `unauthorized`, `forbidden`, `not_found`, `conflict`, `precondition_failed`,
    /// `payload_too_large`, `unsupported_media_type`, `unavailable`, `internal`.
    #[schema(example = "not_found")]
    pub code: String,
}

/// One validation error, as FastAPI reports it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationError {
    /// Where: `body`, `query`, `path` or `header`, then the field and any nested keys or indexes.
    #[schema(value_type = Vec<LocationItem>, example = json!(["body", "name"]))]
    pub loc: Vec<serde_json::Value>,
    /// What is wrong.
    #[schema(example = "String should have at least 2 characters")]
    pub msg: String,
    /// The error type.
    #[serde(rename = "type")]
    #[schema(example = "string_too_short")]
    pub kind: String,
}

/// A step of a validation error's location: a key or an index.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LocationItem {
    /// A key.
    Key(String),
    /// An index.
    Index(u32),
}

/// A 422 response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = HTTPValidationError)]
pub struct HttpValidationError {
    /// Every validation error found.
    pub detail: Vec<ValidationError>,
}
