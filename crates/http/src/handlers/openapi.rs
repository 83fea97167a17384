//! `GET /openapi.json`: the document `roster openapi` emits, served as is.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};

use crate::openapi::ServedDocument;

/// Serves the document.
pub async fn openapi_json(document: web::Data<ServedDocument>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(document.json().to_owned())
}
