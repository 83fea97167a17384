//! The OpenAPI document, collected from the very routes the server registers.

use std::sync::Arc;

use actix_web::App;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt as _;

use crate::dto::schema;
use crate::route_table::RouteTable;
use crate::{routes, undocumented};

mod complete;

/// The document's fixed parts; paths and schemas come from [`routes`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Roster",
        description = "Accounts, users, API keys, games and player identities for game backends. \
                       Wire-compatible with the LEADR v1 admin API.",
        license(name = "MIT OR Apache-2.0"),
    ),
    modifiers(&SecuritySchemes),
    // Schemas that parameters refer to: utoipa collects those of bodies only.
    components(schemas(
        schema::AccountIdSchema,
        schema::UserIdSchema,
        schema::ApiKeyIdSchema,
        schema::GameIdSchema,
        schema::IdentityIdSchema,
        schema::SlugSchema,
        schema::SearchTextSchema,
        schema::WebhookIdSchema,
        crate::dto::webhook::WebhookPayload,
    )),
    tags(
        (name = "Accounts", description = "Tenants: usually one per studio"),
        (name = "Users", description = "The people of an account"),
        (name = "API Keys", description = "Secrets that authenticate a user on the admin API"),
        (name = "Games", description = "The games of an account: the scope identities live in"),
        (name = "Identities", description = "Players' identities within games"),
        (name = "Players", description = "Players (one person in one game, with linked identities), merges and bans"),
        (name = "Audit", description = "Every change, who made it, and what it changed"),
        (name = "Webhooks", description = "Audit events delivered to your URLs, signed, at least once and in order"),
        (name = "Client", description = "The API of game clients: sessions, tokens, nonces"),
        (name = "Public", description = "Unauthenticated endpoints"),
    )
)]
struct BaseDocument;

/// Declares the admin API-key scheme the paths refer to.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                crate::extract::API_KEY_HEADER,
                "An admin API key (`ldr_…`), created with `roster bootstrap` or `POST /v1/api-keys`",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("A client access token from POST /v1/client/sessions"))
                    .build(),
            ),
        );
    }
}

/// The complete document: every registered route with its schemas.
#[must_use]
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = App::new()
        .into_utoipa_app()
        .openapi(BaseDocument::openapi())
        .configure(routes)
        .split_for_parts();
    complete::complete(&mut document);
    document
}

/// The document as pretty JSON with a final newline, as committed under `openapi/`, with the
/// rules only its JSON form can carry.
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(document())?;
    complete::refine(&mut value);
    let mut json = serde_json::to_string_pretty(&value)?;
    json.push('\n');
    Ok(json)
}

/// What the server makes of the document once, at start-up: its JSON, served at
/// `/openapi.json`, and the table of routes that tells a wrong method (405) from an unknown path.
#[derive(Debug, Clone)]
pub struct ServedDocument {
    json: Arc<str>,
    routes: Arc<RouteTable>,
}

impl ServedDocument {
    /// Collects and serializes the document.
    pub fn new() -> Result<Self, serde_json::Error> {
        Ok(Self {
            json: document_json()?.into(),
            routes: Arc::new(RouteTable::new(&document(), undocumented::PATHS)),
        })
    }

    /// The document as JSON, exactly as `roster openapi` prints it.
    #[must_use]
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The served routes.
    #[must_use]
    pub fn routes(&self) -> &RouteTable {
        &self.routes
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(target)) = object.get("$ref") {
                    found.push(target);
                }
                object.values().for_each(|child| references(child, found));
            }
            Value::Array(items) => items.iter().for_each(|child| references(child, found)),
            _ => {}
        }
    }

    fn operations(document: &Value) -> Vec<(String, &Value)> {
        let mut found = Vec::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                found.push((format!("{} {path}", method.to_uppercase()), operation));
            }
        }
        found
    }

    #[test]
    fn every_response_names_its_request_id_every_503_its_retry_and_a_500_and_every_body_a_408() {
        let document: Value = serde_json::from_str(&document_json().unwrap()).unwrap();
        let operations = operations(&document);
        assert!(operations.len() >= 33, "{} operations", operations.len());
        for (operation, body) in operations {
            let responses = body["responses"].as_object().unwrap();
            for (status, response) in responses {
                assert!(
                    response.pointer("/headers/x-request-id").is_some(),
                    "{operation} {status} has no x-request-id"
                );
            }
            if let Some(unavailable) = responses.get("503") {
                assert!(
                    unavailable.pointer("/headers/retry-after").is_some(),
                    "{operation} 503 has no retry-after"
                );
                assert!(
                    responses.contains_key("500"),
                    "{operation} has 503 but no 500"
                );
            }
            if body.get("requestBody").is_some() {
                assert!(
                    responses.contains_key("408"),
                    "{operation} reads a body but has no 408"
                );
            }
        }
    }

    #[test]
    fn only_health_session_starts_and_sign_ins_are_unauthenticated() {
        let document: Value = serde_json::from_str(&document_json().unwrap()).unwrap();
        let public = [
            "GET /v1/health",
            "GET /v1/health/live",
            "POST /v1/client/sessions",
            "POST /v1/client/sessions/refresh",
            "POST /v1/client/sessions/custom",
            "POST /v1/client/sessions/steam",
            "POST /v1/client/sessions/oidc",
        ];
        for (operation, body) in operations(&document) {
            let security = body.get("security").and_then(Value::as_array);
            if public.contains(&operation.as_str()) {
                assert!(security.is_none(), "{operation} asks for credentials");
                continue;
            }
            let scheme = if operation.contains(" /v1/client/") {
                "bearer"
            } else {
                "api_key"
            };
            let schemes: Vec<&str> = security
                .unwrap_or_else(|| panic!("{operation} has no security"))
                .iter()
                .flat_map(|requirement| requirement.as_object().unwrap().keys())
                .map(String::as_str)
                .collect();
            assert_eq!(schemes, [scheme], "{operation}");
            assert!(
                body["responses"].get("401").is_some(),
                "{operation} does not document 401"
            );
        }
    }

    #[test]
    fn every_reference_in_the_document_resolves() {
        let document: Value = serde_json::from_str(&document_json().unwrap()).unwrap();
        let mut found = Vec::new();
        references(&document, &mut found);
        assert!(found.len() > 100, "the document refers to its schemas");
        for target in found {
            let pointer = target.strip_prefix('#').unwrap();
            assert!(
                document.pointer(pointer).is_some(),
                "{target} does not resolve"
            );
        }
    }
}
