//! Answers for requests no route takes.

use actix_web::{HttpResponse, ResponseError as _};

use crate::error::ApiError;

/// 404 in the API's error shape.
pub async fn not_found() -> HttpResponse {
    ApiError::not_found("Not Found").error_response()
}
