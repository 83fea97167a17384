//! `GET /openapi.json`: the document `roster openapi` emits, served as is.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};

/// The OpenAPI document, serialized once at start-up.
#[derive(Debug, Clone)]
pub struct OpenApiJson(pub String);

/// Serves the document.
pub async fn openapi_json(document: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(document.0.clone())
}
