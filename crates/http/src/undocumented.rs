//! The routes served outside the OpenAPI document: the document itself, its reference page,
//! and the Prometheus metrics.
//!
//! They are listed once, here: the server registers them from this list, and the route table
//! that tells a wrong method from an unknown path reads the same list.

use actix_web::web;

use crate::handlers;

/// Declares the undocumented GET routes: their paths, and the registration of their handlers.
macro_rules! undocumented_routes {
    ($($path:literal => $handler:path),* $(,)?) => {
        /// The paths, each answering GET only.
        pub const PATHS: &[&str] = &[$($path),*];

        /// Registers every route of [`PATHS`].
        pub fn configure(config: &mut web::ServiceConfig) {
            config$(.route($path, web::get().to($handler)))*;
        }
    };
}

undocumented_routes! {
    "/openapi.json" => handlers::openapi::openapi_json,
    "/docs" => handlers::docs::page,
    "/docs/swagger-ui-bundle.js" => handlers::docs::bundle,
    "/docs/swagger-ui.css" => handlers::docs::styles,
    "/metrics" => handlers::metrics::page,
}
