//! Answers for requests no route takes: 405 with `Allow` on a path that exists with other
//! methods, 404 elsewhere, both in the API's error shape.

use actix_web::dev::ResourceDef;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError as _, web};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;
use crate::openapi::ServedDocument;

/// The served paths and the methods each answers, from the OpenAPI document (which the routes
/// are registered from) plus the undocumented `extra` ones.
#[derive(Debug)]
pub struct RouteTable {
    routes: Vec<(ResourceDef, String)>,
}

impl RouteTable {
    /// The table of `document`'s paths and of `extra` (path, methods) pairs.
    #[must_use]
    pub fn new(document: &OpenApi, extra: &[(&str, &[&str])]) -> Self {
        let mut routes: Vec<(ResourceDef, String)> = document
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("HEAD", item.head.is_some()),
                    ("OPTIONS", item.options.is_some()),
                    ("TRACE", item.trace.is_some()),
                ];
                let allow: Vec<&str> = methods
                    .into_iter()
                    .filter_map(|(method, present)| present.then_some(method))
                    .collect();
                (ResourceDef::new(path.as_str()), allow.join(", "))
            })
            .collect();
        routes.extend(
            extra
                .iter()
                .map(|(path, methods)| (ResourceDef::new(*path), methods.join(", "))),
        );
        Self { routes }
    }

    /// The `Allow` value of the route `path` belongs to, if any.
    #[must_use]
    pub fn allowed(&self, path: &str) -> Option<&str> {
        self.routes
            .iter()
            .find(|(route, _)| route.is_match(path))
            .map(|(_, allow)| allow.as_str())
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_path_lists_its_methods_and_others_are_unknown() {
        let table = RouteTable::new(&crate::openapi::document(), &[("/openapi.json", &["GET"])]);
        assert_eq!(table.allowed("/v1/accounts"), Some("GET, POST"));
        assert_eq!(
            table.allowed("/v1/accounts/acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"),
            Some("GET, PATCH, DELETE")
        );
        assert_eq!(table.allowed("/openapi.json"), Some("GET"));
        assert_eq!(table.allowed("/v1/accounts/x/y"), None);
        assert_eq!(table.allowed("/v1/nothing"), None);
    }
}
