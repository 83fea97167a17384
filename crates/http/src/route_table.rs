//! The served paths and their methods: what tells a wrong method (405 with `Allow`) from an
//! unknown path (404).

use actix_web::dev::ResourceDef;
use utoipa::openapi::OpenApi;

/// The served paths and the methods each answers, from the OpenAPI document (which the routes
/// are registered from) plus the undocumented ones.
#[derive(Debug)]
pub struct RouteTable {
    routes: Vec<(ResourceDef, String)>,
}

impl RouteTable {
    /// The table of `document`'s paths and of the `undocumented` ones, which answer GET only.
    #[must_use]
    pub fn new(document: &OpenApi, undocumented: &[&str]) -> Self {
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
            undocumented
                .iter()
                .map(|path| (ResourceDef::new(*path), "GET".to_owned())),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_path_lists_its_methods_and_others_are_unknown() {
        let table = RouteTable::new(&crate::openapi::document(), &["/openapi.json"]);
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
