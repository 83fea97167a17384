//! The game endpoints: slugs unique per account, the account rules of users, pagination.

use roster_tests::{TestConfig, assert_leadr_id, spawn_app, spawn_app_with};
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
    assert_leadr_id(&game["id"], "gam");
    assert_eq!(game["slug"], "space-race");
    assert_eq!(game["account_id"], studio["id"]);
    // LEADR's defaults for what was not given.
    assert_eq!(game["anti_cheat_enabled"], true);
    assert_eq!(game["tags"], json!([]));
    for absent in [
        "steam_app_id",
        "default_board_id",
        "description",
        "page_url",
        "url",
    ] {
        assert_eq!(game[absent], Value::Null, "{absent}");
    }
    // Roster's sign-in settings beside LEADR's fields: none set, publisher bans refused.
    assert_eq!(game["has_steam_publisher_key"], false);
    assert_eq!(game["has_custom_auth_secret"], false);
    assert_eq!(game["steam_reject_publisher_banned"], true);
    assert_eq!(game.as_object().unwrap().len(), 16);

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
        &json!({"account_id": "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7", "name": "Orphan"}),
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

/// LEADR's `GameResponse` fields, in its order, then none of Roster's own.
const GAME_FIELDS: [&str; 16] = [
    "id",
    "account_id",
    "name",
    "slug",
    "steam_app_id",
    "default_board_id",
    "anti_cheat_enabled",
    "description",
    "tags",
    "page_url",
    "url",
    "has_steam_publisher_key",
    "steam_reject_publisher_banned",
    "has_custom_auth_secret",
    "created_at",
    "updated_at",
];

#[tokio::test]
async fn a_game_takes_every_field_of_leadrs_request_and_answers_them_all() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let created = app
        .post(
            "/v1/games",
            app.root(),
            &json!({
                "account_id": studio["id"], "name": "Space Race", "slug": "space-race",
                "steam_app_id": "480", "default_board_id": "brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
                "anti_cheat_enabled": false, "description": "  Race in orbit.  ",
                "tags": [" racing ", "space", "racing"], "page_url": "https://example.com/space-race"
            }),
        )
        .await;
    created.assert_status(201);
    let game = &created.json;
    let fields: Vec<&str> = game
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields, GAME_FIELDS);
    assert_eq!(game["steam_app_id"], "480");
    assert_eq!(
        game["default_board_id"],
        "brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"
    );
    assert_eq!(game["anti_cheat_enabled"], false);
    assert_eq!(game["description"], "Race in orbit.");
    assert_eq!(
        game["tags"],
        json!(["racing", "space"]),
        "trimmed, a repeat kept once"
    );
    assert_eq!(game["page_url"], "https://example.com/space-race");
    assert_eq!(game["url"], Value::Null, "no public page is configured");

    let read = app.get(&game_path(game), app.root()).await;
    read.assert_status(200);
    assert_eq!(&read.json, game, "stored as answered");
    let listed = app.get("/v1/games?slug=space-race", app.root()).await;
    assert_eq!(&listed.json["data"][0], game);
}

#[tokio::test]
async fn an_update_sets_clears_or_leaves_each_leadr_field() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let created = app
        .post(
            "/v1/games",
            app.root(),
            &json!({
                "account_id": studio["id"], "name": "Quest", "steam_app_id": "480",
                "default_board_id": "brd_1", "description": "Old", "tags": ["rpg"],
                "page_url": "https://example.com/quest"
            }),
        )
        .await;
    created.assert_status(201);
    let path = game_path(&created.json);

    let changed = app
        .patch(
            &path,
            app.root(),
            &json!({"steam_app_id": "570", "anti_cheat_enabled": false, "tags": ["rpg", "co-op"]}),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(changed.json["steam_app_id"], "570");
    assert_eq!(changed.json["anti_cheat_enabled"], false);
    assert_eq!(changed.json["tags"], json!(["rpg", "co-op"]));
    assert_eq!(changed.json["description"], "Old", "absent fields stay");
    assert!(changed.json["updated_at"].as_str() > created.json["updated_at"].as_str());

    let cleared = app
        .patch(
            &path,
            app.root(),
            &json!({
                "steam_app_id": null, "default_board_id": null, "description": null,
                "tags": null, "page_url": null, "anti_cheat_enabled": null, "name": null
            }),
        )
        .await;
    cleared.assert_status(200);
    for gone in [
        "steam_app_id",
        "default_board_id",
        "description",
        "page_url",
    ] {
        assert_eq!(cleared.json[gone], Value::Null, "null clears {gone}");
    }
    assert_eq!(cleared.json["tags"], json!([]));
    assert_eq!(
        cleared.json["anti_cheat_enabled"], false,
        "null leaves a boolean"
    );
    assert_eq!(cleared.json["name"], "Quest", "null leaves the name");
    let read = app.get(&path, app.root()).await;
    assert_eq!(read.json, cleared.json);
}

#[tokio::test]
async fn an_invalid_leadr_field_is_a_422_at_that_field_and_writes_nothing() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let game = app
        .create_game(studio["id"].as_str().unwrap(), "Quest")
        .await;
    let path = game_path(&game);
    let long_tag = "t".repeat(51);
    let many_tags: Vec<String> = (0..21).map(|n| format!("t{n}")).collect();
    let long_description = "d".repeat(2_001);
    let long_url = format!("https://example.com/{}", "a".repeat(2_048));
    let cases: Vec<(Value, Vec<Value>, &str)> = vec![
        (
            json!({"steam_app_id": "four-eighty"}),
            vec![json!("steam_app_id")],
            "string_pattern_mismatch",
        ),
        (
            json!({"steam_app_id": " 480"}),
            vec![json!("steam_app_id")],
            "string_pattern_mismatch",
        ),
        (
            json!({"steam_app_id": 480}),
            vec![json!("steam_app_id")],
            "string_type",
        ),
        (
            json!({"default_board_id": ""}),
            vec![json!("default_board_id")],
            "string_pattern_mismatch",
        ),
        (
            json!({"default_board_id": "a board"}),
            vec![json!("default_board_id")],
            "string_pattern_mismatch",
        ),
        (
            json!({"anti_cheat_enabled": "yes"}),
            vec![json!("anti_cheat_enabled")],
            "bool_type",
        ),
        (
            json!({"description": long_description}),
            vec![json!("description")],
            "string_too_long",
        ),
        (
            json!({"description": "a\u{0}b"}),
            vec![json!("description")],
            "string_pattern_mismatch",
        ),
        (json!({"tags": "racing"}), vec![json!("tags")], "list_type"),
        (json!({"tags": many_tags}), vec![json!("tags")], "too_long"),
        (
            json!({"tags": ["ok", " "]}),
            vec![json!("tags"), json!(1)],
            "string_too_short",
        ),
        (
            json!({"tags": ["ok", "fine", long_tag]}),
            vec![json!("tags"), json!(2)],
            "string_too_long",
        ),
        (
            json!({"tags": ["ok", 7]}),
            vec![json!("tags"), json!(1)],
            "string_type",
        ),
        (
            json!({"page_url": "example.com"}),
            vec![json!("page_url")],
            "url_parsing",
        ),
        (
            json!({"page_url": "ftp://example.com/"}),
            vec![json!("page_url")],
            "url_scheme",
        ),
        (
            json!({"page_url": "https://exa mple.com/"}),
            vec![json!("page_url")],
            "url_parsing",
        ),
        (
            json!({"page_url": "https://user:pw@example.com/"}),
            vec![json!("page_url")],
            "url_parsing",
        ),
        (
            json!({"page_url": long_url}),
            vec![json!("page_url")],
            "url_too_long",
        ),
    ];
    for (body, loc, kind) in cases {
        let mut full_loc = vec![json!("body")];
        full_loc.extend(loc);
        for (what, response) in [
            ("update", app.patch(&path, app.root(), &body).await),
            ("create", {
                let mut create = body.clone();
                create["account_id"] = studio["id"].clone();
                create["name"] = json!("Other");
                app.post("/v1/games", app.root(), &create).await
            }),
        ] {
            response.assert_status(422);
            let errors = response.json["detail"].as_array().unwrap();
            assert!(
                errors
                    .iter()
                    .any(|error| error["loc"] == json!(full_loc) && error["type"] == kind),
                "{what} {body}: expected {kind} at {full_loc:?}, got {}",
                response.text
            );
        }
    }
    let read = app.get(&path, app.root()).await;
    assert_eq!(read.json, game, "nothing was written");
    let games = app
        .get(
            &format!("/v1/games?account_id={}", studio["id"].as_str().unwrap()),
            app.root(),
        )
        .await;
    assert_eq!(
        games.json["data"].as_array().unwrap().len(),
        1,
        "nothing was created"
    );
}

#[tokio::test]
async fn the_public_url_follows_the_configured_template_and_the_slug() {
    let app = spawn_app_with(TestConfig {
        public_game_url: Some("https://boards.example.com/{slug}"),
        ..TestConfig::default()
    })
    .await;
    let studio = app.create_account("Studio", None).await;
    let game = app
        .create_game(studio["id"].as_str().unwrap(), "Space Race")
        .await;
    assert_eq!(game["url"], "https://boards.example.com/space-race");
    let renamed = app
        .patch(
            &game_path(&game),
            app.root(),
            &json!({"slug": "orbit", "url": "https://x/"}),
        )
        .await;
    renamed.assert_invalid(&["body", "url"], "extra_forbidden");
    let renamed = app
        .patch(&game_path(&game), app.root(), &json!({"slug": "orbit"}))
        .await;
    assert_eq!(renamed.json["url"], "https://boards.example.com/orbit");
}

#[tokio::test]
async fn the_steam_settings_are_set_write_only_and_removed_with_null() {
    let app = spawn_app().await;
    let studio = app.create_account("Studio", None).await;
    let game = app
        .post(
            "/v1/games",
            app.root(),
            &json!({"account_id": studio["id"], "name": "Quest"}),
        )
        .await;
    let path = format!("/v1/games/{}", game.json["id"].as_str().unwrap());
    let key = "0123456789ABCDEF0123456789ABCDEF";
    let set = app
        .patch(
            &path,
            app.root(),
            &json!({"steam_publisher_key": key, "steam_reject_publisher_banned": false}),
        )
        .await;
    set.assert_status(200);
    assert_eq!(set.json["has_steam_publisher_key"], true);
    assert_eq!(set.json["steam_reject_publisher_banned"], false);
    assert!(!set.text.contains(key));
    let read = app.get(&path, app.root()).await;
    assert!(!read.text.contains(key));
    assert_eq!(read.json["has_steam_publisher_key"], true);
    for bad in [
        "0123",
        "0123456789ABCDEF0123456789ABCDEG",
        " 0123456789ABCDEF0123456789ABCDE",
    ] {
        app.patch(&path, app.root(), &json!({"steam_publisher_key": bad}))
            .await
            .assert_invalid(&["body", "steam_publisher_key"], "string_pattern_mismatch");
    }
    let removed = app
        .patch(&path, app.root(), &json!({"steam_publisher_key": null}))
        .await;
    assert_eq!(removed.json["has_steam_publisher_key"], false);
    assert_eq!(removed.json["steam_reject_publisher_banned"], false);
}
