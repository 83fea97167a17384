//! Cursor pagination over HTTP: complete walks in both directions, stability under inserts
//! and deletes, and the refusal of every cursor that is not exactly ours.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use roster_domain::pagination::{Cursor, CursorCodec, CursorDirection, KeyValue, QueryFingerprint};
use roster_tests::{TestApp, TestResponse, spawn_app};
use serde_json::{Value, json};

const LIMIT: usize = 7;

/// Creates `n` accounts whose names repeat (so that ties are broken by later keys and `id`).
async fn seed(app: &TestApp, n: usize) -> Vec<Value> {
    let mut created = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("Studio {:02}", (i * 7) % 13);
        created.push(app.create_account(&name, None).await);
    }
    created
}

/// Every account the superadmin can list, as created (the seeded ones and `Operators`).
async fn all_accounts(app: &TestApp) -> Vec<Value> {
    let mut all = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let query = match &next {
            Some(cursor) => format!("/v1/accounts?limit=100&cursor={cursor}"),
            None => "/v1/accounts?limit=100".to_owned(),
        };
        let page = app.get(&query, app.root()).await;
        page.assert_status(200);
        all.extend(page.json["data"].as_array().unwrap().iter().cloned());
        match page.json["pagination"]["next_cursor"].as_str() {
            Some(cursor) => next = Some(cursor.to_owned()),
            None => return all,
        }
    }
}

/// Orders accounts as `sort` does (C collation; RFC 3339 UTC timestamps and ids, lowercase UUID
/// text, order as text the way their values do).
fn compare(sort: &str, a: &Value, b: &Value) -> Ordering {
    let mut keys: Vec<(&str, bool)> = sort
        .split(',')
        .map(|key| {
            let (field, direction) = key.split_once(':').unwrap();
            (field, direction == "desc")
        })
        .collect();
    if !keys.iter().any(|(field, _)| *field == "id") {
        keys.push(("id", false));
    }
    for (field, descending) in keys {
        let ordering = a[field].as_str().unwrap().cmp(b[field].as_str().unwrap());
        let ordering = if descending {
            ordering.reverse()
        } else {
            ordering
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn page(app: &TestApp, sort: &str, cursor: Option<&str>) -> TestResponse {
    let mut query = format!("/v1/accounts?limit={LIMIT}&sort={}", encode(sort));
    if let Some(cursor) = cursor {
        query.push_str(&format!("&cursor={cursor}"));
    }
    let response = app.get(&query, app.root()).await;
    response.assert_status(200);
    let pagination = &response.json["pagination"];
    assert_eq!(
        pagination["has_next"].as_bool().unwrap(),
        pagination["next_cursor"].is_string(),
        "next flag and cursor agree: {pagination}"
    );
    assert_eq!(
        pagination["has_prev"].as_bool().unwrap(),
        pagination["prev_cursor"].is_string(),
        "prev flag and cursor agree: {pagination}"
    );
    assert_eq!(
        pagination["count"].as_u64().unwrap() as usize,
        response.json["data"].as_array().unwrap().len()
    );
    response
}

fn items(response: &TestResponse) -> Vec<Value> {
    response.json["data"].as_array().unwrap().clone()
}

fn cursor(response: &TestResponse, which: &str) -> Option<String> {
    response.json["pagination"][which]
        .as_str()
        .map(str::to_owned)
}

/// Walks from the first page to the last, then back to the first, checking every page.
async fn walk_both_ways(app: &TestApp, sort: &str, expected: &[Value]) {
    // Forward.
    let mut forward = vec![page(app, sort, None).await];
    while let Some(next) = cursor(forward.last().unwrap(), "next_cursor") {
        forward.push(page(app, sort, Some(&next)).await);
        assert!(
            forward.len() <= expected.len(),
            "{sort}: the walk does not end"
        );
    }
    for (i, response) in forward.iter().enumerate() {
        let pagination = &response.json["pagination"];
        assert_eq!(pagination["has_prev"], i > 0, "{sort}: page {i} has_prev");
        assert_eq!(
            pagination["has_next"],
            i + 1 < forward.len(),
            "{sort}: page {i} has_next"
        );
        let size = items(response).len();
        if i + 1 < forward.len() {
            assert_eq!(size, LIMIT, "{sort}: full pages before the last");
        }
    }
    let visited: Vec<Value> = forward.iter().flat_map(items).collect();
    assert_eq!(ids(&visited), ids(expected), "{sort}: forward walk");

    // Backward from the last page.
    let mut backward = vec![forward.last().unwrap().clone()];
    while let Some(prev) = cursor(backward.last().unwrap(), "prev_cursor") {
        let earlier = page(app, sort, Some(&prev)).await;
        assert_eq!(
            earlier.json["pagination"]["has_next"], true,
            "{sort}: a previous page has a next"
        );
        let shown = items(&earlier);
        let mut sorted = shown.clone();
        sorted.sort_by(|a, b| compare(sort, a, b));
        assert_eq!(
            ids(&shown),
            ids(&sorted),
            "{sort}: previous pages keep display order"
        );
        backward.push(earlier);
        assert!(
            backward.len() <= expected.len() + 1,
            "{sort}: the walk back does not end"
        );
    }
    assert_eq!(
        backward.last().unwrap().json["pagination"]["has_prev"],
        false
    );
    let revisited: Vec<Value> = backward.iter().rev().flat_map(items).collect();
    assert_eq!(ids(&revisited), ids(expected), "{sort}: backward walk");
}

#[tokio::test]
async fn walking_forward_to_the_end_and_back_visits_every_account_once_for_every_sort() {
    let app = spawn_app().await;
    seed(&app, 52).await;
    // Make updated_at differ from created_at order for some rows.
    let accounts = all_accounts(&app).await;
    for account in accounts.iter().step_by(5) {
        let path = format!("/v1/accounts/{}", account["id"].as_str().unwrap());
        app.patch(
            &path,
            app.root(),
            &json!({"name": format!("{} x", account["name"].as_str().unwrap())}),
        )
        .await
        .assert_status(200);
    }
    let accounts = all_accounts(&app).await;
    assert!(accounts.len() >= 50);
    for sort in [
        "name:desc",
        "slug:asc,created_at:desc",
        "created_at:desc",
        "name:asc,updated_at:desc",
        "updated_at:asc",
        "id:desc",
        "slug:desc",
        "created_at:asc,name:desc",
    ] {
        let mut expected = accounts.clone();
        expected.sort_by(|a, b| compare(sort, a, b));
        walk_both_ways(&app, sort, &expected).await;
    }
}

#[tokio::test]
async fn a_walk_while_accounts_are_inserted_and_deleted_yields_every_surviving_account_once() {
    let app = spawn_app().await;
    seed(&app, 50).await;
    let originals = all_accounts(&app).await;
    let sort = "name:asc";
    let mut expected = originals.clone();
    expected.sort_by(|a, b| compare(sort, a, b));

    // Forward, inserting before, among and after the remaining rows, and deleting rows ahead.
    let mut seen: Vec<String> = Vec::new();
    let mut deleted: HashSet<String> = HashSet::new();
    let mut current = page(&app, sort, None).await;
    let mut round = 0;
    loop {
        seen.extend(ids(&items(&current)));
        for name in ["Aaa", "Studio 05", "Zzz"] {
            app.create_account(&format!("{name} {round}"), None).await;
        }
        // Delete an original that has not been visited yet.
        if let Some(victim) = ids(&expected)
            .into_iter()
            .rev()
            .find(|id| !seen.contains(id) && !deleted.contains(id))
        {
            app.patch(
                &format!("/v1/accounts/{victim}"),
                app.root(),
                &json!({"deleted": true}),
            )
            .await
            .assert_status(200);
            deleted.insert(victim);
        }
        round += 1;
        match cursor(&current, "next_cursor") {
            Some(next) => current = page(&app, sort, Some(&next)).await,
            None => break,
        }
    }
    let mut counts: HashMap<&String, usize> = HashMap::new();
    for id in &seen {
        *counts.entry(id).or_default() += 1;
    }
    assert!(
        counts.values().all(|n| *n == 1),
        "no account is visited twice"
    );
    for original in ids(&expected) {
        if !deleted.contains(&original) {
            assert_eq!(
                counts.get(&original),
                Some(&1),
                "{original} is visited once"
            );
        }
    }
    let visited_originals: Vec<String> = seen
        .iter()
        .filter(|id| ids(&expected).contains(id))
        .cloned()
        .collect();
    let surviving: Vec<String> = ids(&expected)
        .into_iter()
        .filter(|id| !deleted.contains(id))
        .collect();
    assert_eq!(visited_originals, surviving, "in sort order");

    // Backward from the end, inserting between pages.
    let mut last = page(&app, sort, None).await;
    while let Some(next) = cursor(&last, "next_cursor") {
        last = page(&app, sort, Some(&next)).await;
    }
    let mut pages = vec![items(&last)];
    let mut current = last;
    let mut round = 100;
    while let Some(prev) = cursor(&current, "prev_cursor") {
        for name in ["Aaa", "Studio 07", "Zzz"] {
            app.create_account(&format!("{name} {round}"), None).await;
        }
        round += 1;
        current = page(&app, sort, Some(&prev)).await;
        pages.push(items(&current));
    }
    let seen_back: Vec<String> = pages.iter().rev().flat_map(|p| ids(p)).collect();
    let unique: HashSet<&String> = seen_back.iter().collect();
    assert_eq!(
        unique.len(),
        seen_back.len(),
        "no account is visited twice going back"
    );
    let back_originals: Vec<String> = seen_back
        .iter()
        .filter(|id| surviving.contains(id))
        .cloned()
        .collect();
    assert_eq!(
        back_originals, surviving,
        "every surviving original once, in order"
    );
}

#[tokio::test]
async fn edited_truncated_garbage_and_foreign_cursors_are_400_invalid_cursor() {
    let app = spawn_app().await;
    seed(&app, 10).await;
    let first = page(&app, "name:asc", None).await;
    let cursor = cursor(&first, "next_cursor").unwrap();

    let mut edited = cursor.clone().into_bytes();
    let middle = edited.len() / 2;
    edited[middle] = if edited[middle] == b'A' { b'B' } else { b'A' };
    let edited = String::from_utf8(edited).unwrap();
    let truncated = cursor[..cursor.len() - 4].to_owned();

    // A cursor with a valid shape and the right sort, signed with another secret.
    let foreign_codec = CursorCodec::new(b"some other deployment's cursor secret!").unwrap();
    let foreign = foreign_codec.encode(&Cursor {
        direction: CursorDirection::Next,
        inclusive: false,
        fingerprint: QueryFingerprint::builder("GET /v1/accounts").finish(),
        sort: "name:asc,id:asc".to_owned(),
        position: vec![
            KeyValue::Text("Studio 00".to_owned()),
            KeyValue::Id([0; 16]),
        ],
    });

    for bad in [
        edited,
        truncated,
        foreign,
        "not-a-cursor".to_owned(),
        "%%%".to_owned(),
    ] {
        let response = app
            .get(
                &format!(
                    "/v1/accounts?limit={LIMIT}&sort=name:asc&cursor={}",
                    encode(&bad)
                ),
                app.root(),
            )
            .await;
        response.assert_problem(400, "invalid_cursor");
    }
}

#[tokio::test]
async fn a_cursor_reused_with_another_sort_or_filter_is_400() {
    let app = spawn_app().await;
    seed(&app, 12).await;
    let first = page(&app, "name:asc", None).await;
    let cursor = cursor(&first, "next_cursor").unwrap();
    for query in [
        format!("sort=name:desc&cursor={cursor}"),
        format!("sort=slug:asc&cursor={cursor}"),
        format!("cursor={cursor}"),
        format!("sort=name:asc&q=stu&cursor={cursor}"),
        format!("sort=name:asc&status=active&cursor={cursor}"),
    ] {
        let response = app.get(&format!("/v1/accounts?{query}"), app.root()).await;
        response.assert_problem(400, "invalid_cursor");
        assert_eq!(
            response.json["detail"],
            "Query parameters don't match cursor state. Start a new pagination sequence."
        );
    }
    // The page size may change.
    let bigger = app
        .get(
            &format!("/v1/accounts?sort=name:asc&limit=3&cursor={cursor}"),
            app.root(),
        )
        .await;
    bigger.assert_status(200);
    assert_eq!(bigger.json["data"].as_array().unwrap().len(), 3);
    // An equivalent spelling of the same sort is the same sort.
    app.get(
        &format!("/v1/accounts?sort=NAME:ASC&cursor={cursor}"),
        app.root(),
    )
    .await
    .assert_problem(400, "invalid_sort");
    app.get(
        &format!("/v1/accounts?sort=name:ASC,id:asc&cursor={cursor}"),
        app.root(),
    )
    .await
    .assert_status(200);
}

#[tokio::test]
async fn limits_outside_one_to_a_hundred_are_422() {
    let app = spawn_app().await;
    app.get("/v1/accounts?limit=0", app.root())
        .await
        .assert_invalid(&["query", "limit"], "greater_than_equal");
    app.get("/v1/accounts?limit=101", app.root())
        .await
        .assert_invalid(&["query", "limit"], "less_than_equal");
    app.get("/v1/accounts?limit=-3", app.root())
        .await
        .assert_invalid(&["query", "limit"], "greater_than_equal");
    app.get("/v1/accounts?limit=ten", app.root())
        .await
        .assert_invalid(&["query", "limit"], "int_parsing");
    app.get("/v1/accounts?limit=1", app.root())
        .await
        .assert_status(200);
    app.get("/v1/accounts?limit=100", app.root())
        .await
        .assert_status(200);
}

#[tokio::test]
async fn the_default_page_holds_twenty_newest_first() {
    let app = spawn_app().await;
    seed(&app, 25).await;
    let first = app.get("/v1/accounts", app.root()).await;
    let shown = items(&first);
    assert_eq!(shown.len(), 20);
    let mut expected = all_accounts(&app).await;
    expected.sort_by(|a, b| compare("created_at:desc", a, b));
    assert_eq!(ids(&shown), ids(&expected[..20]));
}

#[tokio::test]
async fn invalid_sorts_are_400_naming_the_valid_fields() {
    let app = spawn_app().await;
    let unknown = app.get("/v1/accounts?sort=score:desc", app.root()).await;
    unknown.assert_problem(400, "invalid_sort");
    assert!(
        unknown.json["detail"]
            .as_str()
            .unwrap()
            .contains("id, name, slug, created_at, updated_at")
    );
    for bad in [
        "name:up",
        "name:asc,name:desc",
        "name,slug,created_at,updated_at,id:desc",
        "name:asc,,slug:asc",
    ] {
        app.get(&format!("/v1/accounts?sort={}", encode(bad)), app.root())
            .await
            .assert_problem(400, "invalid_sort");
    }
}
