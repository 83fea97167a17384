//! Keyset pages cost the same at any depth: PostgreSQL's own plans, with `EXPLAIN (ANALYZE)`,
//! show an index range scan that starts at the position, reads about `limit` rows, and sorts
//! nothing, for every declared account sort in both directions.

use roster_app::ports::{AccountFilter, AccountStore};
use roster_domain::AccountId;
use roster_domain::account::AccountSortField;
use roster_domain::pagination::{
    Cursor, CursorDirection, Keyed, Limit, PageRequest, QueryFingerprint, Sort,
};
use roster_tests::TestDb;
use serde_json::Value;

const ROWS: i64 = 20_000;
const DEPTH: i64 = 15_000;
const PAGE: usize = 20;

/// Every node of a plan, depth first.
fn nodes(plan: &Value) -> Vec<&Value> {
    let mut all = vec![plan];
    if let Some(children) = plan["Plans"].as_array() {
        for child in children {
            all.extend(nodes(child));
        }
    }
    all
}

fn sql_order(sort: &Sort<AccountSortField>, backward: bool) -> String {
    sort.keys()
        .iter()
        .map(|key| {
            use roster_domain::pagination::{Direction, SortField};
            let descending = (key.direction == Direction::Desc) != backward;
            format!(
                "{} {}",
                key.field.name(),
                if descending { "DESC" } else { "ASC" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::test]
async fn a_deep_page_of_every_declared_sort_is_an_index_range_scan_without_a_sort() {
    let db = TestDb::new().await;
    let client = db.client().await;
    client
        .batch_execute(&format!(
            "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
             SELECT gen_random_uuid(),
                    'Studio ' || md5(i::text),
                    'studio-' || i,
                    'active',
                    now() - (random() * interval '1000 days'),
                    now() - (random() * interval '1000 days')
             FROM generate_series(1, {ROWS}) AS i;
             ANALYZE accounts;"
        ))
        .await
        .expect("seed accounts");
    let store = roster_persistence::PgStore::new(
        roster_persistence::build_pool(&roster_persistence::PoolConfig::new(db.url.clone()))
            .expect("a pool"),
    );
    let fingerprint = QueryFingerprint::builder("GET /v1/accounts").finish();

    for spec in [
        "created_at:desc",
        "created_at:asc",
        "updated_at:asc",
        "updated_at:desc",
        "name:asc",
        "name:desc",
        "slug:asc",
        "slug:desc",
        "id:asc",
        "id:desc",
    ] {
        let sort = Sort::<AccountSortField>::parse(spec).unwrap();
        for direction in [CursorDirection::Next, CursorDirection::Prev] {
            // The row at the given depth in scan order.
            let backward = direction == CursorDirection::Prev;
            let row = client
                .query_one(
                    &format!(
                        "SELECT id::text FROM accounts WHERE deleted_at IS NULL ORDER BY {} OFFSET {DEPTH} LIMIT 1",
                        sql_order(&sort, backward)
                    ),
                    &[],
                )
                .await
                .expect("a deep row");
            let id: String = row.get(0);
            let account = store
                .get(AccountId::from_uuid(id.parse().unwrap()))
                .await
                .unwrap()
                .unwrap();
            let cursor = Cursor {
                direction,
                inclusive: false,
                fingerprint,
                sort: sort.canonical(),
                position: sort
                    .keys()
                    .iter()
                    .map(|key| account.key_value(key.field))
                    .collect(),
            };
            let request = PageRequest::new(
                Limit::new(PAGE as i64).unwrap(),
                sort.clone(),
                fingerprint,
                Some(cursor),
            )
            .unwrap();
            let plans = store
                .explain_account_list(&AccountFilter::default(), request.scan())
                .await
                .expect("an explained plan");
            assert_eq!(plans.len(), 1, "one range: {plans:?}");
            let explained = &plans[0];
            let plan: Value = serde_json::from_str(explained).unwrap();
            let root = &plan[0]["Plan"];
            let all = nodes(root);
            let context = format!("{spec} {direction:?}: {explained}");

            assert!(
                all.iter()
                    .all(|node| !node["Node Type"].as_str().unwrap().contains("Sort")),
                "no sort node: {context}"
            );
            let scan = all
                .iter()
                .find(|node| {
                    matches!(
                        node["Node Type"].as_str(),
                        Some("Index Scan" | "Index Only Scan")
                    ) && node["Relation Name"] == "accounts"
                })
                .unwrap_or_else(|| panic!("an index scan of accounts: {context}"));
            let leading = sort.keys()[0].field;
            use roster_domain::pagination::SortField;
            let condition = scan["Index Cond"].as_str().unwrap_or_default();
            assert!(
                condition.contains(leading.name()),
                "the index condition starts the range at the position: {context}"
            );
            let read = scan["Actual Rows"].as_f64().unwrap()
                + scan["Rows Removed by Filter"].as_f64().unwrap_or(0.0);
            assert!(
                read <= (PAGE + 1) as f64 + 2.0,
                "about `limit` rows read, not {read}: {context}"
            );
            assert_eq!(
                root["Actual Rows"].as_f64().unwrap(),
                (PAGE + 1) as f64,
                "{context}"
            );
        }
    }
}
