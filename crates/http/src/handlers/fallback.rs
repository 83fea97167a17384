//! Answers for requests no route takes: 405 with `Allow` on a path that exists with other
//! methods, 404 elsewhere, both in the API's error shape.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError as _, web};

use crate::error::ApiError;
use crate::openapi::ServedDocument;

/// 405 with `Allow` when the path exists with other methods; 404 otherwise.
pub async fn unmatched(request: HttpRequest, document: web::Data<ServedDocument>) -> HttpResponse {
    match document.routes().allowed(request.path()) {
        Some(allow) => {
            let mut response = ApiError::method_not_allowed().error_response();
            if let Ok(value) = header::HeaderValue::from_str(allow) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        None => ApiError::not_found("Not Found").error_response(),
    }
}
