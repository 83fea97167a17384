//! What the document says for every operation alike, added once rather than in each handler's
//! annotation, and the rules utoipa's model cannot state.

use serde_json::{Value, json};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{OpenApi, RefOr};

use crate::dto::error::error_response;

/// Adds to every operation: a 500 wherever the database is involved (an operation that can
/// answer 503), a 408 wherever a body is read (it may arrive too slowly), the `x-request-id`
/// header on every response, `Retry-After` on 503s, and a 429 with the rate-limit fields on
/// every rate-limited operation.
pub fn complete(document: &mut OpenApi) {
    for (path, item) in document.paths.paths.iter_mut() {
        if let Some(post) = item.post.as_mut() {
            idempotent(post);
        }
        if crate::tagged::TAGGED_PATHS.contains(&path.as_str()) {
            conditional(item);
        }
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        let client_path = path.starts_with("/v1/client/");
        for operation in operations.into_iter().flatten() {
            let reads_body = operation.request_body.is_some();
            let limited = rate_limited(operation, client_path);
            let responses = &mut operation.responses.responses;
            if limited && !responses.contains_key("429") {
                responses.insert(
                    "429".to_owned(),
                    error_response(
                        "Rate limit spent (`rate_limited`): per client address on the sign-in \
                         endpoints, per API key on the admin API; retry after `Retry-After`",
                    ),
                );
            }
            if reads_body && !responses.contains_key("408") {
                responses.insert(
                    "408".to_owned(),
                    error_response("The body did not arrive within ROSTER_BODY_TIMEOUT_MS"),
                );
            }
            if responses.contains_key("503") && !responses.contains_key("500") {
                responses.insert(
                    "500".to_owned(),
                    error_response("Internal error; the cause is logged with the request id"),
                );
            }
            for (status, response) in responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                response.headers.insert(
                    "x-request-id".to_owned(),
                    RefOr::T(
                        HeaderBuilder::new()
                            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                            .description(Some(
                                "The request's id: the caller's `x-request-id` when it is 1-128 \
                             visible ASCII characters, otherwise a generated ULID",
                            ))
                            .build(),
                    ),
                );
                if limited && (status == "429" || status.starts_with('2')) {
                    for (name, description) in RATE_LIMIT_FIELDS {
                        response.headers.insert(
                            (*name).to_owned(),
                            RefOr::T(
                                HeaderBuilder::new()
                                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                                    .description(Some(*description))
                                    .build(),
                            ),
                        );
                    }
                }
                if status == "503" || status == "429" {
                    response.headers.insert(
                        "retry-after".to_owned(),
                        RefOr::T(
                            HeaderBuilder::new()
                                .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                                .description(Some("Seconds to wait before retrying"))
                                .build(),
                        ),
                    );
                }
            }
        }
    }
}

/// Documents `Idempotency-Key` on a POST: the header, the 409 of a retry racing the first
/// request, and `Idempotent-Replayed` on its answers (a 422 every POST documents already).
fn idempotent(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    let parameter = ParameterBuilder::new()
        .name(crate::idempotency::IDEMPOTENCY_KEY_HEADER)
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(
            "1-255 visible ASCII characters. The first answer is kept for 24 hours for your \
             credential and this key: a retry with the same request gets it again (with \
             `Idempotent-Replayed: true`) without running twice; the key with another request is \
             a 422; a retry while the first still runs is a 409. 5xx, 429, 408 and 401 answers are not kept.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$")),
        ))
        .build();
    operation
        .parameters
        .get_or_insert_with(Vec::new)
        .push(RefOr::T(parameter));
    let responses = &mut operation.responses.responses;
    responses.entry("409".to_owned()).or_insert_with(|| {
        error_response(
            "A request with this Idempotency-Key is still running; retry once it has finished",
        )
    });
    for (status, response) in responses.iter_mut() {
        if let (true, RefOr::T(response)) = (status.starts_with('2'), response) {
            response.headers.insert(
                crate::idempotency::REPLAYED_HEADER.to_owned(),
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                        .description(Some(
                            "`true` when this is the kept answer of an earlier request with the same Idempotency-Key",
                        ))
                        .build(),
                ),
            );
        }
    }
}

/// Documents entity tags on a tagged resource's operations: `If-None-Match` and 304 on its
/// GET, `If-Match` and 412 on its PATCH and DELETE, `ETag` on the 200s of GET and PATCH.
fn conditional(item: &mut utoipa::openapi::PathItem) {
    use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
    fn condition(operation: &mut Operation, name: &str, description: &str) {
        let parameter = ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(utoipa::openapi::Required::False)
            .description(Some(description))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(roster_domain::etag::TAG_LIST_PATTERN)),
            ))
            .example(Some(json!("\"3\"")))
            .build();
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(RefOr::T(parameter));
    }
    fn etag() -> utoipa::openapi::header::Header {
        HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some(
                "The strong entity tag of the resource as shown: it changes whenever the \
                 resource does. Send it back in `If-Match` to change the resource only if \
                 no one else has since, or in `If-None-Match` to read it only if it changed",
            ))
            .build()
    }
    fn tag_ok(operation: &mut Operation) {
        if let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") {
            ok.headers.insert("etag".to_owned(), RefOr::T(etag()));
        }
    }
    if let Some(get) = item.get.as_mut() {
        condition(
            get,
            "if-none-match",
            "Entity tags of copies you hold (or `*`): when the resource still has one, the \
             answer is a 304 with no body. A malformed value is a 422.",
        );
        tag_ok(get);
        let not_modified = utoipa::openapi::ResponseBuilder::new()
            .description("Your copy is current (its tag is in `If-None-Match`)")
            .header("etag", etag())
            .build();
        get.responses
            .responses
            .insert("304".to_owned(), RefOr::T(not_modified));
    }
    let changes = [
        (item.patch.as_mut(), "change"),
        (item.delete.as_mut(), "erase"),
    ];
    for (operation, verb) in changes {
        let Some(operation) = operation else {
            continue;
        };
        condition(
            operation,
            "if-match",
            &format!(
                "Entity tags (from `ETag`) the resource must still have, or `*`: when it has \
                 none of them, the answer is a 412 and nothing is written. Without it, the \
                 {verb} applies to whatever version there is. A malformed value is a 422."
            ),
        );
        tag_ok(operation);
        operation.responses.responses.insert(
            "412".to_owned(),
            error_response(
                "The resource changed since the tag in `If-Match` (`precondition_failed`); \
                 nothing was written",
            ),
        );
    }
}

/// The IETF rate-limit fields a limited operation answers with.
const RATE_LIMIT_FIELDS: &[(&str, &str)] = &[
    (
        "ratelimit-policy",
        "The limit: `\"<name>\";q=<burst>;w=<seconds to refill it>` (draft-ietf-httpapi-ratelimit-headers)",
    ),
    (
        "ratelimit",
        "What is left: `\"<name>\";r=<requests>;t=<seconds until the burst is back, or on a 429 \
         until the next request is let through>`",
    ),
];

/// Whether the operation is rate limited: the admin API (API-key security) and the client
/// endpoints that take no token (the sign-ins).
fn rate_limited(operation: &utoipa::openapi::path::Operation, client_path: bool) -> bool {
    // A requirement's schemes are private to utoipa; its JSON form is `{"<scheme>": [...]}`.
    let schemes: Vec<String> = operation
        .security
        .iter()
        .flatten()
        .filter_map(|requirement| serde_json::to_value(requirement).ok())
        .filter_map(|value| {
            value
                .as_object()
                .map(|schemes| schemes.keys().cloned().collect::<Vec<_>>())
        })
        .flatten()
        .collect();
    schemes.iter().any(|scheme| scheme == "api_key") || (client_path && schemes.is_empty())
}

/// Rules of the JSON form that utoipa's schema model has no field for: a DEVICE identity's
/// `external_key` is a device fingerprint (JSON Schema `if`/`then`, which validators and
/// fuzzers apply and client generators may ignore).
pub fn refine(document: &mut Value) {
    if let Some(object) = document
        .pointer_mut("/components/schemas/IdentityCreateRequest")
        .and_then(Value::as_object_mut)
    {
        object.insert(
            "if".to_owned(),
            json!({"properties": {"kind": {"const": "DEVICE"}}, "required": ["kind"]}),
        );
        object.insert(
            "then".to_owned(),
            json!({"properties": {"external_key": {"$ref": "#/components/schemas/DeviceFingerprint"}}}),
        );
    }
}
