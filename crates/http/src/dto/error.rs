//! The error bodies, as documented (the responses themselves are built by `crate::error`).

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, ToSchema};

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

/// A 403 of the client API: the game's account is suspended (`forbidden`), or the player is
/// banned (`banned`, with the ban's `reason` and `expires_at`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ForbiddenResponse {
    /// A sentence for people.
    #[schema(example = "The player is banned")]
    pub detail: String,
    /// `banned` for a banned player; otherwise another stable code (`forbidden`,
    /// `publisher_banned`).
    #[schema(example = "banned")]
    pub code: String,
    /// With `banned`: why, as the admin who banned the player wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<super::schema::BanReasonSchema>)]
    pub reason: Option<String>,
    /// With `banned`: when the ban lapses by itself (UTC, microseconds), or null for a ban
    /// for good.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<super::schema::TimestampSchema>)]
    pub expires_at: Option<String>,
}

/// A 409 of linking: the identity belongs to another player, named in `player_id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkConflictResponse {
    /// A sentence for people.
    #[schema(example = "The identity is linked to another player")]
    pub detail: String,
    /// `identity_linked_elsewhere`, or `conflict` when a concurrent change got there first.
    #[schema(example = "identity_linked_elsewhere")]
    pub code: String,
    /// With `identity_linked_elsewhere`: the player the identity belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<super::schema::PlayerIdSchema>)]
    pub player_id: Option<String>,
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

/// A documented response with an [`ErrorResponse`] body.
#[must_use]
pub fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorResponse")))
                    .build(),
            )
            .build(),
    )
}

/// What every operation authenticated by an admin API key may answer whatever it does: 401
/// without a valid key, 503 while the database is unavailable. Listed in an operation's
/// `responses(...)` beside its own.
#[derive(Debug)]
pub struct AdminFailures;

impl IntoResponses for AdminFailures {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            ("401".to_owned(), error_response("No valid API key")),
            (
                "503".to_owned(),
                error_response("Database unavailable; retry"),
            ),
        ])
    }
}

/// What every operation that reads a JSON body may answer about its framing: 413 over the
/// size limit, 415 when it is not JSON. (Its contents' 422 differs per operation.)
#[derive(Debug)]
pub struct BodyFailures;

impl IntoResponses for BodyFailures {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            ("413".to_owned(), error_response("Body over the limit")),
            ("415".to_owned(), error_response("Body is not JSON")),
        ])
    }
}
