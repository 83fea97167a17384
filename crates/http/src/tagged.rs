//! Answers that carry an entity tag (DESIGN.md §12): a read that is a 304 when the client's
//! copy is current, and a change's 200 with the tag of what it left.

use actix_web::HttpResponse;
use actix_web::http::header::ETAG;
use roster_domain::etag::{EntityTag, IfNoneMatch};
use serde::Serialize;

/// The resources whose reads and changes carry entity tags: a GET answers `ETag` (and 304 to a
/// current `If-None-Match`), a PATCH answers the new `ETag`, and PATCH and DELETE take
/// `If-Match`. The OpenAPI document says so on each of their operations.
pub const TAGGED_PATHS: [&str; 7] = [
    "/v1/accounts/{account_id}",
    "/v1/users/{user_id}",
    "/v1/api-keys/{key_id}",
    "/v1/games/{game_id}",
    "/v1/identities/{identity_id}",
    "/v1/players/{player_id}",
    "/v1/webhooks/{webhook_id}",
];

/// 200 with `body` and its `ETag`.
pub fn tagged(tag: &EntityTag, body: impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((ETAG, tag.to_header()))
        .json(body)
}

/// A read of a resource tagged `tag`: 304 with only the `ETag` when `if_none_match` names it
/// (or is `*`), otherwise 200 with `body` made by `show`, which is not called for a 304.
pub fn read<T: Serialize>(
    tag: &EntityTag,
    if_none_match: Option<&IfNoneMatch>,
    show: impl FnOnce() -> T,
) -> HttpResponse {
    if if_none_match.is_some_and(|condition| condition.matches(tag)) {
        HttpResponse::NotModified()
            .insert_header((ETAG, tag.to_header()))
            .finish()
    } else {
        tagged(tag, show())
    }
}
