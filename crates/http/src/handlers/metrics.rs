//! `GET /metrics`, outside the OpenAPI document (an operator's endpoint, not the API's).

use actix_web::{HttpResponse, web};

use crate::error::ApiError;
use crate::metrics_page::MetricsPage;

/// The Prometheus text exposition; 404 on a listener that does not serve it (the metrics are
/// bound to `ROSTER_METRICS_BIND` instead).
pub async fn page(page: Option<web::Data<MetricsPage>>) -> Result<HttpResponse, ApiError> {
    let Some(page) = page else {
        return Err(ApiError::not_found("Not Found"));
    };
    let body = page.0.render().await;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}
