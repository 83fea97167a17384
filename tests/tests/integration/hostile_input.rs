//! Input PostgreSQL cannot store: NUL (U+0000) in any text, key or JSON string is a 422 at its
//! field, never a 500, and nothing is written.

use roster_tests::{fingerprint, spawn_app};
use serde_json::json;

#[tokio::test]
async fn nul_in_a_body_field_is_a_422_at_that_field() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let cases = [
        ("/v1/accounts", json!({"name": "Ac\u{0}me"}), "name"),
        (
            "/v1/users",
            json!({"account_id": account, "email": "a@example.com", "display_name": "Ada\u{0}"}),
            "display_name",
        ),
        (
            "/v1/games",
            json!({"account_id": account, "name": "\u{0}Game"}),
            "name",
        ),
        (
            "/v1/identities",
            json!({"game_id": game, "kind": "CUSTOM", "external_key": "k\u{0}"}),
            "external_key",
        ),
        (
            "/v1/identities",
            json!({"game_id": game, "kind": "CUSTOM", "external_key": "k", "display_name": "\u{0}"}),
            "display_name",
        ),
    ];
    for (path, body, field) in cases {
        app.post(path, app.root(), &body)
            .await
            .assert_invalid(&["body", field], "string_pattern_mismatch");
    }
    for (body, field) in [
        (
            json!({"game_id": game, "client_fingerprint": fingerprint(1), "platform": "i\u{0}s"}),
            "platform",
        ),
        (
            json!({"game_id": game, "client_fingerprint": fingerprint(1), "metadata": {"k": "v\u{0}"}}),
            "metadata",
        ),
        (
            json!({"game_id": game, "client_fingerprint": fingerprint(1), "metadata": {"\u{0}": 1}}),
            "metadata",
        ),
    ] {
        app.start_session(&game, &fingerprint(1))
            .await
            .assert_status(201);
        app.post("/v1/client/sessions", None, &body)
            .await
            .assert_invalid(&["body", field], "string_pattern_mismatch");
    }
    let identities = app
        .get(&format!("/v1/identities?game_id={game}"), app.root())
        .await;
    assert_eq!(
        identities.json["data"].as_array().unwrap().len(),
        1,
        "only the valid session's identity exists"
    );
}

#[tokio::test]
async fn nul_in_a_query_filter_is_a_422_at_that_parameter() {
    let app = spawn_app().await;
    for (path, parameter) in [
        ("/v1/accounts?q=a%00b", "q"),
        ("/v1/users?q=%00", "q"),
        ("/v1/users?email=a%00%40example.com", "email"),
        ("/v1/games?q=x%00", "q"),
        ("/v1/identities?q=x%00", "q"),
    ] {
        app.get(path, app.root())
            .await
            .assert_invalid(&["query", parameter], "string_pattern_mismatch");
    }
}
