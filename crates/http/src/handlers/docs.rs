//! `GET /docs`: an interactive reference of the API (Swagger UI over `/openapi.json`).
//!
//! Swagger UI is vendored under `assets/swagger-ui` (see `scripts/vendor-swagger-ui.sh`) and
//! compiled into the binary, so neither building nor serving the page downloads anything, and it
//! works on a network without internet access.

use actix_web::HttpResponse;
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType};

const BUNDLE: &str = include_str!("../../assets/swagger-ui/swagger-ui-bundle.js");
const STYLES: &str = include_str!("../../assets/swagger-ui/swagger-ui.css");

/// The page: Swagger UI reading the document. Paths are relative, so the page also works
/// behind a proxy that serves Roster under a path prefix.
const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Roster API reference</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script>
    window.addEventListener("load", function () {
      SwaggerUIBundle({
        url: "openapi.json",
        dom_id: "#reference",
        deepLinking: true,
        tryItOutEnabled: false,
        persistAuthorization: false
      });
    });
  </script>
</body>
</html>
"##;

/// How long browsers may keep the assets: they change only with the binary.
const ASSET_MAX_AGE_SECONDS: u32 = 3600;

/// The page.
pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .body(PAGE)
}

/// Swagger UI's script.
pub async fn bundle() -> HttpResponse {
    asset("text/javascript; charset=utf-8", BUNDLE)
}

/// Swagger UI's styles.
pub async fn styles() -> HttpResponse {
    asset("text/css; charset=utf-8", STYLES)
}

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(ASSET_MAX_AGE_SECONDS),
        ]))
        .body(body)
}
