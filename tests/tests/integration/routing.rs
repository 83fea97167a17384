//! Requests no route takes: a known path with another method is a 405 naming the allowed ones,
//! anything else a 404, both in the API's error shape and before any authentication.

use reqwest::Method;
use roster_tests::spawn_app;

#[tokio::test]
async fn a_known_path_with_an_undeclared_method_is_405_with_allow() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        (Method::PUT, "/v1/accounts", "GET, POST"),
        (Method::DELETE, "/v1/accounts", "GET, POST"),
        (
            Method::from_bytes(b"TRACE").unwrap(),
            "/v1/users/usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "GET, PATCH, DELETE",
        ),
        (Method::POST, "/v1/client/me", "GET, PATCH"),
        (Method::GET, "/v1/client/sessions", "POST"),
        (Method::POST, "/v1/health", "GET"),
        (Method::DELETE, "/openapi.json", "GET"),
        (Method::POST, "/docs", "GET"),
        (Method::PUT, "/docs/swagger-ui.css", "GET"),
        (Method::OPTIONS, "/v1/games/anything", "GET, PATCH, DELETE"),
    ] {
        let response = app
            .send(
                app.client
                    .request(method.clone(), app.url(path))
                    .header("leadr-api-key", app.root().unwrap()),
            )
            .await;
        response.assert_problem(405, "method_not_allowed");
        assert_eq!(response.header("allow"), Some(allow), "{method} {path}");
    }
    // Without a key too: the method is wrong whoever asks.
    let anonymous = app.send(app.client.put(app.url("/v1/api-keys"))).await;
    anonymous.assert_problem(405, "method_not_allowed");
}

#[tokio::test]
async fn an_unknown_path_is_404_whatever_the_method() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::GET, "/v1/nothing"),
        (
            Method::POST,
            "/v1/accounts/acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7/extra",
        ),
        (Method::PUT, "/v2/accounts"),
    ] {
        let response = app.send(app.client.request(method, app.url(path))).await;
        response.assert_problem(404, "not_found");
        assert_eq!(response.header("allow"), None);
    }
}
