//! What the document says for every operation alike, added once rather than in each handler's
//! annotation, and the rules utoipa's model cannot state.

use serde_json::{Value, json};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{OpenApi, RefOr};

use crate::dto::error::error_response;

/// Adds to every operation: a 500 wherever the database is involved (an operation that can
/// answer 503), a 408 wherever a body is read (it may arrive too slowly), the `x-request-id`
/// header on every response, and `Retry-After` on 503s.
pub fn complete(document: &mut OpenApi) {
    for item in document.paths.paths.values_mut() {
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
        for operation in operations.into_iter().flatten() {
            let reads_body = operation.request_body.is_some();
            let responses = &mut operation.responses.responses;
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
                if status == "503" {
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
