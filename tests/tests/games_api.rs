//! The game endpoints: slugs unique per account, the account rules of users, pagination.

use roster_tests::spawn_app;
use serde_json::{Value, json};

fn game_path(game: &Value) -> String {
    format!("/v1/games/{}", game["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_game_is_created_with_a_slug_unique_within_its_account() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let other = app.create_account("Other", None).await;
    let studio_id = studio["id"].as_str().unwrap();
    let admin = app.admin_key(studio_id, false).await;

    let created = app
        .post(
            "/v1/games",
            admin.key(),
            &json!({"account_id": studio_id, "name": "Space Race"}),
        )
        .await;
    created.assert_status(201);
    let game = &created.json;
    assert!(game["id"].as_str().unwrap().starts_with("gam_"));
    assert_eq!(game["slug"], "space-race");
    assert_eq!(game["account_id"], studio["id"]);
    assert_eq!(game.as_object().unwrap().len(), 6);

    let second = app
        .post(
            "/v1/games",
            admin.key(),
            &json!({"account_id": studio_id, "name": "Space  Race!"}),
        )
        .await;
    assert_eq!(second.json["slug"], "space-race-2");
    app.post(
        "/v1/games",
        admin.key(),
        &json!({"account_id": studio_id, "name": "Clash", "slug": "space-race"}),
    )
    .await
    .assert_problem(409, "conflict");
    let elsewhere = app
        .post(
            "/v1/games",
            app.root(),
            &json!({"account_id": other["id"], "name": "Space Race", "slug": "space-race"}),
        )
        .await;
    elsewhere.assert_status(201);

    app.patch(&game_path(game), admin.key(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get(&game_path(game), admin.key())
        .await
        .assert_problem(404, "not_found");
    let reused = app
        .post(
            "/v1/games",
            admin.key(),
            &json!({"account_id": studio_id, "name": "Reborn", "slug": "space-race"}),
        )
        .await;
    reused.assert_status(201);
    app.patch(&game_path(game), admin.key(), &json!({"deleted": false}))
        .await
        .assert_problem(409, "conflict");
}

#[tokio::test]
async fn games_follow_the_account_rules_of_users() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let other = app.create_account("Other", None).await;
    let admin = app.admin_key(studio["id"].as_str().unwrap(), false).await;
    let foreign = app
        .create_game(other["id"].as_str().unwrap(), "Foreign")
        .await;
    app.post(
        "/v1/games",
        admin.key(),
        &json!({"account_id": other["id"], "name": "Mine"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get(&game_path(&foreign), admin.key())
        .await
        .assert_problem(403, "forbidden");
    app.patch(&game_path(&foreign), admin.key(), &json!({"name": "Mine"}))
        .await
        .assert_problem(403, "forbidden");
    app.delete(&game_path(&foreign), admin.key())
        .await
        .assert_problem(403, "forbidden");
    app.get(
        &format!("/v1/games?account_id={}", other["id"].as_str().unwrap()),
        admin.key(),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        "/v1/games",
        app.root(),
        &json!({"account_id": "acc_01JD3M7ZQ4W8X5Y6Z7A8B9C0DE", "name": "Orphan"}),
    )
    .await
    .assert_problem(404, "not_found");
    app.post(
        "/v1/games",
        admin.key(),
        &json!({"account_id": studio["id"], "name": ""}),
    )
    .await
    .assert_invalid(&["body", "name"], "string_too_short");
}

#[tokio::test]
async fn games_are_listed_per_account_filtered_and_sorted() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let studio_id = studio["id"].as_str().unwrap();
    let admin = app.admin_key(studio_id, false).await;
    for name in ["Bravo", "Alpha", "Charlie", "Alpine"] {
        app.create_game(studio_id, name).await;
    }
    let other = app.create_account("Other", None).await;
    app.create_game(other["id"].as_str().unwrap(), "Alpha Elsewhere")
        .await;

    let names = |response: &roster_tests::TestResponse| -> Vec<String> {
        response.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|game| game["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let sorted = app.get("/v1/games?sort=name:asc", admin.key()).await;
    sorted.assert_status(200);
    assert_eq!(names(&sorted), ["Alpha", "Alpine", "Bravo", "Charlie"]);
    let q = app.get("/v1/games?q=alp&sort=name:desc", admin.key()).await;
    assert_eq!(names(&q), ["Alpine", "Alpha"]);
    let by_slug = app.get("/v1/games?slug=bravo", admin.key()).await;
    assert_eq!(names(&by_slug), ["Bravo"]);
    let everywhere = app.get("/v1/games?q=alpha&sort=name:asc", app.root()).await;
    assert_eq!(names(&everywhere), ["Alpha", "Alpha Elsewhere"]);

    let first = app
        .get("/v1/games?limit=3&sort=slug:asc", admin.key())
        .await;
    assert_eq!(first.json["pagination"]["has_next"], true);
    let cursor = first.json["pagination"]["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/v1/games?limit=3&sort=slug:asc&cursor={cursor}"),
            admin.key(),
        )
        .await;
    assert_eq!(names(&second), ["Charlie"]);
    app.get(
        &format!("/v1/games?limit=3&sort=slug:desc&cursor={cursor}"),
        admin.key(),
    )
    .await
    .assert_problem(400, "invalid_cursor");
}

#[tokio::test]
async fn deleting_a_game_erases_its_identities_and_sessions() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let session = app.session(&game, &roster_tests::fingerprint(1)).await;
    let access = session["access_token"].as_str().unwrap();
    app.delete(&format!("/v1/games/{game}"), app.root())
        .await
        .assert_status(204);
    app.get_as_client("/v1/client/me", access)
        .await
        .assert_problem(401, "unauthorized");
    let left: i64 = app
        .db()
        .client()
        .await
        .query_one(
            "SELECT (SELECT count(*) FROM identities) + (SELECT count(*) FROM client_sessions)",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}
