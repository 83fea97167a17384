//! Uniqueness under concurrency: the database constraint decides, never a prior read.

use std::collections::HashSet;

use roster_tests::spawn_app;
use serde_json::json;
use tokio::task::JoinSet;

#[tokio::test]
async fn fifty_concurrent_creates_with_one_slug_give_one_201_and_forty_nine_409s() {
    let app = std::sync::Arc::new(spawn_app().await);
    let mut requests = JoinSet::new();
    for i in 0..50 {
        let app = app.clone();
        requests.spawn(async move {
            app.post(
                "/v1/accounts",
                app.root(),
                &json!({"name": format!("Racer {i}"), "slug": "contested"}),
            )
            .await
        });
    }
    let mut statuses = Vec::new();
    while let Some(response) = requests.join_next().await {
        let response = response.expect("a request task");
        if response.status == 409 {
            response.assert_problem(409, "conflict");
        }
        statuses.push(response.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        49,
        "{statuses:?}"
    );

    let client = app.db().client().await;
    let rows: i64 = client
        .query_one(
            "SELECT count(*) FROM accounts WHERE slug = 'contested'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn concurrent_creates_with_one_name_all_succeed_with_distinct_generated_slugs() {
    let app = std::sync::Arc::new(spawn_app().await);
    let mut requests = JoinSet::new();
    for _ in 0..20 {
        let app = app.clone();
        requests.spawn(async move {
            app.post("/v1/accounts", app.root(), &json!({"name": "Rush"}))
                .await
        });
    }
    let mut slugs = HashSet::new();
    while let Some(response) = requests.join_next().await {
        let response = response.expect("a request task");
        response.assert_status(201);
        slugs.insert(response.json["slug"].as_str().unwrap().to_owned());
    }
    let expected: HashSet<String> = std::iter::once("rush".to_owned())
        .chain((2..=20).map(|n| format!("rush-{n}")))
        .collect();
    assert_eq!(slugs, expected);
}
