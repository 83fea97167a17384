//! The admin identity endpoints, and sorting by the nullable display name.

use std::collections::HashSet;

use roster_tests::{TestApp, assert_leadr_id, fingerprint, spawn_app};
use serde_json::{Value, json};

async fn create_identity(
    app: &TestApp,
    key: Option<&str>,
    body: Value,
) -> roster_tests::TestResponse {
    app.post("/v1/identities", key, &body).await
}

fn path(identity: &Value) -> String {
    format!("/v1/identities/{}", identity["id"].as_str().unwrap())
}

#[tokio::test]
async fn identities_of_any_kind_are_created_server_to_server() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let admin = app.admin_key(&account, false).await;
    let steam = create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "STEAM", "external_key": "76561197960287930", "display_name": "Gabe"}),
    )
    .await;
    steam.assert_status(201);
    assert_leadr_id(&steam.json["id"], "idn");
    assert_eq!(steam.json["account_id"], account.as_str());
    assert_eq!(steam.json["kind"], "STEAM");
    assert_eq!(steam.json["display_name"], "Gabe");
    create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "STEAM", "external_key": "76561197960287930"}),
    )
    .await
    .assert_problem(409, "conflict");
    create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "CUSTOM", "external_key": "76561197960287930"}),
    )
    .await
    .assert_status(201);
    create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "DEVICE", "external_key": "short"}),
    )
    .await
    .assert_invalid(&["body", "external_key"], "string_pattern_mismatch");
    create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "device", "external_key": "x"}),
    )
    .await
    .assert_invalid(&["body", "kind"], "enum");
    let device = create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "DEVICE", "external_key": fingerprint(9).to_uppercase()}),
    )
    .await;
    device.assert_status(201);
    assert_eq!(device.json["external_key"], fingerprint(9));
    // The client API finds the imported device.
    let session = app.session(&game, &fingerprint(9)).await;
    assert_eq!(session["identity_id"], device.json["id"]);
    create_identity(
        &app,
        admin.key(),
        json!({"game_id": "gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7", "kind": "CUSTOM", "external_key": "x"}),
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn an_identity_is_renamed_cleared_soft_deleted_restored_and_erased() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let identity = create_identity(
        &app,
        app.root(),
        json!({"game_id": game, "kind": "CUSTOM", "external_key": "player-1", "display_name": "One"}),
    )
    .await
    .json;
    let renamed = app
        .patch(
            &path(&identity),
            app.root(),
            &json!({"display_name": "Uno"}),
        )
        .await;
    assert_eq!(renamed.json["display_name"], "Uno");
    let untouched = app.patch(&path(&identity), app.root(), &json!({})).await;
    assert_eq!(
        untouched.json["display_name"], "Uno",
        "an absent field stays"
    );
    let cleared = app
        .patch(&path(&identity), app.root(), &json!({"display_name": null}))
        .await;
    assert_eq!(cleared.json["display_name"], Value::Null, "null clears");
    app.patch(
        &path(&identity),
        app.root(),
        &json!({"display_name": "x".repeat(65)}),
    )
    .await
    .assert_invalid(&["body", "display_name"], "string_too_long");

    app.patch(&path(&identity), app.root(), &json!({"deleted": true}))
        .await
        .assert_status(200);
    app.get(&path(&identity), app.root())
        .await
        .assert_problem(404, "not_found");
    let listed = app.get("/v1/identities", app.root()).await;
    assert!(!listed.text.contains(identity["id"].as_str().unwrap()));
    app.patch(&path(&identity), app.root(), &json!({"deleted": false}))
        .await
        .assert_status(200);
    app.delete(&path(&identity), app.root())
        .await
        .assert_status(204);
    app.get(&path(&identity), app.root())
        .await
        .assert_problem(404, "not_found");
    app.delete(&path(&identity), app.root())
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_server_vouched_identity_gets_a_session_of_its_own() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let admin = app.admin_key(&account, false).await;
    let identity = create_identity(
        &app,
        admin.key(),
        json!({"game_id": game, "kind": "STEAM", "external_key": "76561197960287930"}),
    )
    .await
    .json;
    let minted = app
        .send(
            app.client
                .post(app.url(&format!("{}/sessions", path(&identity))))
                .header("leadr-api-key", &admin.secret),
        )
        .await;
    minted.assert_status(201);
    assert_eq!(minted.json["identity_id"], identity["id"]);
    assert_eq!(minted.json["kind"], "STEAM");
    assert_eq!(minted.json["expires_in"], 900);
    let access = minted.json["access_token"].as_str().unwrap();
    let me = app.get_as_client("/v1/client/me", access).await;
    me.assert_status(200);
    assert_eq!(me.json["id"], identity["id"]);

    let stranger = app.create_account("Other", None).await;
    let outsider = app.admin_key(stranger["id"].as_str().unwrap(), false).await;
    let refused = app
        .send(
            app.client
                .post(app.url(&format!("{}/sessions", path(&identity))))
                .header("leadr-api-key", &outsider.secret),
        )
        .await;
    refused.assert_problem(403, "forbidden");
}

#[tokio::test]
async fn lists_filter_by_game_kind_and_q_and_refuse_unknown_kinds() {
    let app = spawn_app().await;
    let (account, game) = app.account_with_game("Studio").await;
    let other_game = app.create_game(&account, "Second").await;
    let other_game = other_game["id"].as_str().unwrap();
    let admin = app.admin_key(&account, false).await;
    for (game, kind, key, name) in [
        (game.as_str(), "STEAM", "s-1", Some("Ace")),
        (game.as_str(), "CUSTOM", "c-1", Some("Bee")),
        (other_game, "CUSTOM", "c-2", None),
    ] {
        let mut body = json!({"game_id": game, "kind": kind, "external_key": key});
        if let Some(name) = name {
            body["display_name"] = json!(name);
        }
        create_identity(&app, admin.key(), body)
            .await
            .assert_status(201);
    }
    let keys = |response: &roster_tests::TestResponse| -> Vec<String> {
        let mut keys: Vec<String> = response.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|identity| identity["external_key"].as_str().unwrap().to_owned())
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(
            &app.get(&format!("/v1/identities?game_id={game}"), admin.key())
                .await
        ),
        ["c-1", "s-1"]
    );
    assert_eq!(
        keys(&app.get("/v1/identities?kind=CUSTOM", admin.key()).await),
        ["c-1", "c-2"]
    );
    assert_eq!(
        keys(&app.get("/v1/identities?q=ac", admin.key()).await),
        ["s-1"]
    );
    assert_eq!(
        keys(&app.get("/v1/identities?q=C-", admin.key()).await),
        ["c-1", "c-2"]
    );
    let unknown = app.get("/v1/identities?kind=EMAIL", admin.key()).await;
    unknown.assert_problem(400, "invalid_filter");
    let detail = unknown.json["detail"].as_str().unwrap();
    assert!(
        detail.contains("DEVICE") && detail.contains("STEAM") && detail.contains("CUSTOM"),
        "{detail}"
    );

    let stranger = app.create_account("Other", None).await;
    let outsider = app.admin_key(stranger["id"].as_str().unwrap(), false).await;
    let theirs = app.get("/v1/identities", outsider.key()).await;
    assert!(
        keys(&theirs).is_empty(),
        "another account sees none of them"
    );
    app.get(
        &format!("/v1/identities?account_id={account}"),
        outsider.key(),
    )
    .await
    .assert_problem(403, "forbidden");
}

/// Walks with `limit=3` from the first page to the last and back, returning both orders.
async fn walk(app: &TestApp, sort: &str) -> (Vec<Value>, Vec<Value>) {
    let page = |cursor: Option<String>| async move {
        let mut url = format!("/v1/identities?limit=3&sort={sort}");
        if let Some(cursor) = cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let response = app.get(&url, app.root()).await;
        response.assert_status(200);
        response.json
    };
    let mut forward = vec![page(None).await];
    while let Some(next) = forward.last().unwrap()["pagination"]["next_cursor"].as_str() {
        let next = next.to_owned();
        forward.push(page(Some(next)).await);
        assert!(forward.len() < 50);
    }
    let mut backward = vec![forward.last().unwrap().clone()];
    while let Some(prev) = backward.last().unwrap()["pagination"]["prev_cursor"].as_str() {
        let prev = prev.to_owned();
        backward.push(page(Some(prev)).await);
        assert!(backward.len() < 50);
    }
    let flatten = |pages: Vec<Value>| -> Vec<Value> {
        pages
            .into_iter()
            .flat_map(|page| page["data"].as_array().unwrap().clone())
            .collect()
    };
    backward.reverse();
    (flatten(forward), flatten(backward))
}

#[tokio::test]
async fn sorting_by_the_nullable_display_name_walks_every_row_once_in_both_directions() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    let names = [
        Some("Delta"),
        None,
        Some("alpha"),
        None,
        Some("Charlie"),
        Some("Bravo"),
        None,
        Some("Bravo"),
        None,
        Some("Echo"),
        Some("Alpha"),
        None,
        None,
    ];
    for (i, name) in names.iter().enumerate() {
        let mut body =
            json!({"game_id": game, "kind": "CUSTOM", "external_key": format!("k{i:02}")});
        if let Some(name) = name {
            body["display_name"] = json!(name);
        }
        create_identity(&app, app.root(), body)
            .await
            .assert_status(201);
    }
    let name_of = |identity: &Value| identity["display_name"].as_str().map(str::to_owned);

    for (sort, nulls_first) in [("display_name:asc", false), ("display_name:desc", true)] {
        let (forward, backward) = walk(&app, sort).await;
        let ids: Vec<&str> = forward.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), names.len(), "{sort}: every row");
        assert_eq!(unique.len(), names.len(), "{sort}: once each");
        let back_ids: Vec<&str> = backward.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(
            back_ids, ids,
            "{sort}: the walk back visits the same rows in the same order"
        );

        let shown: Vec<Option<String>> = forward.iter().map(name_of).collect();
        let nulls = names.iter().filter(|name| name.is_none()).count();
        let (null_part, value_part) = if nulls_first {
            (&shown[..nulls], &shown[nulls..])
        } else {
            (&shown[shown.len() - nulls..], &shown[..shown.len() - nulls])
        };
        assert!(
            null_part.iter().all(Option::is_none),
            "{sort}: NULLs {}: {shown:?}",
            if nulls_first { "first" } else { "last" }
        );
        let values: Vec<&String> = value_part
            .iter()
            .map(|name| name.as_ref().unwrap())
            .collect();
        let mut expected = values.clone();
        expected.sort();
        if nulls_first {
            expected.reverse();
        }
        assert_eq!(values, expected, "{sort}: values in order");
        // Ties (the two "Bravo" and the NULLs) are broken by id ascending.
        for pair in forward.windows(2) {
            if name_of(&pair[0]) == name_of(&pair[1]) {
                assert!(
                    pair[0]["id"].as_str() < pair[1]["id"].as_str(),
                    "{sort}: ties by id"
                );
            }
        }
    }
}
