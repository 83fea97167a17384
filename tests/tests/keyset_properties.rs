//! The keyset builder against PostgreSQL, property-tested: for random rows (with ties), sorts,
//! page sizes and inserts and deletes between pages, walking forward, or backward from the end,
//! visits every row that existed throughout exactly once, in sort order.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use roster_app::ports::{AccountFilter, AccountStore};
use roster_domain::account::{Account, AccountChanges, AccountName, AccountSortField};
use roster_domain::pagination::{
    CursorCodec, KeyValue, Keyed, Limit, Page, PageRequest, QueryFingerprint, Sort,
};
use roster_domain::slug::Slug;
use roster_domain::{AccountId, Timestamp};
use roster_persistence::{PgStore, PoolConfig, build_pool};
use roster_tests::TestDb;

#[derive(Debug, Clone)]
struct Case {
    rows: Vec<(u8, u8)>,
    sort: &'static str,
    limit: u8,
    /// Per page: how many rows to insert, and which live row (by index) to delete, if any.
    churn: Vec<(u8, Option<prop::sample::Index>)>,
    backward: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0u8..5, 0u8..4), 1..30),
        prop::sample::select(vec![
            "name:asc",
            "name:desc",
            "created_at:desc",
            "created_at:asc,name:desc",
            "slug:desc",
            "updated_at:asc,name:asc",
            "id:desc",
        ]),
        1u8..8,
        prop::collection::vec(
            (0u8..3, prop::option::of(any::<prop::sample::Index>())),
            0..12,
        ),
        any::<bool>(),
    )
        .prop_map(|(rows, sort, limit, churn, backward)| Case {
            rows,
            sort,
            limit,
            churn,
            backward,
        })
}

fn at(micros: i64) -> Timestamp {
    Timestamp::from_unix_micros(1_700_000_000_000_000 + micros).unwrap()
}

async fn insert(store: &PgStore, serial: &mut u32, name: u8, time: u8) -> Account {
    *serial += 1;
    let account = Account {
        updated_at: at(i64::from(time % 2)),
        ..Account::new(
            AccountId::new(),
            AccountName::parse(&format!("Name {name}")).unwrap(),
            Slug::parse(&format!("slug-{serial}")).unwrap(),
            at(i64::from(time)),
        )
    };
    store.insert(&account).await.unwrap();
    account
}

fn position(sort: &Sort<AccountSortField>, account: &Account) -> Vec<KeyValue> {
    sort.keys()
        .iter()
        .map(|key| account.key_value(key.field))
        .collect()
}

async fn fetch(
    store: &PgStore,
    codec: &CursorCodec,
    sort: &Sort<AccountSortField>,
    limit: u8,
    cursor: Option<&str>,
) -> Page<Account> {
    let fingerprint = QueryFingerprint::builder("test").finish();
    let request = PageRequest::decode(
        Limit::new(limit.into()).unwrap(),
        sort.clone(),
        fingerprint,
        cursor,
        codec,
    )
    .unwrap();
    let rows = store
        .list(&AccountFilter::default(), request.scan())
        .await
        .unwrap();
    request.assemble(rows, codec)
}

async fn check(db: &TestDb, store: &PgStore, case: Case) {
    db.client()
        .await
        .batch_execute("TRUNCATE accounts CASCADE")
        .await
        .unwrap();
    let codec = CursorCodec::new(&[7; 32]).unwrap();
    let sort = Sort::<AccountSortField>::parse(case.sort).unwrap();
    let mut serial = 0;
    let mut live: Vec<Account> = Vec::new();
    for (name, time) in &case.rows {
        live.push(insert(store, &mut serial, *name, *time).await);
    }
    let originals: Vec<AccountId> = live.iter().map(|account| account.id).collect();
    let mut deleted: HashSet<AccountId> = HashSet::new();

    // Backward walks start from the last page.
    let mut start_cursor: Option<String> = None;
    if case.backward {
        loop {
            let page = fetch(store, &codec, &sort, case.limit, start_cursor.as_deref()).await;
            match page.next_cursor {
                Some(next) => start_cursor = Some(next),
                None => break,
            }
        }
    }

    let mut visited: Vec<Account> = Vec::new();
    let mut pages: Vec<Vec<Account>> = Vec::new();
    let mut cursor = start_cursor;
    let mut step = 0;
    loop {
        let page = fetch(store, &codec, &sort, case.limit, cursor.as_deref()).await;
        assert_eq!(page.has_next, page.next_cursor.is_some());
        assert_eq!(page.has_prev, page.prev_cursor.is_some());
        pages.push(page.items.clone());
        // Churn between pages.
        if let Some((inserts, victim)) = case.churn.get(step) {
            for k in 0..*inserts {
                let account = insert(store, &mut serial, k * 2, k).await;
                live.push(account);
            }
            if let Some(victim) = victim {
                let index = victim.index(live.len());
                let account = live.remove(index);
                store
                    .update(account.id, move |current: Account, _census| {
                        current.apply(
                            &AccountChanges {
                                deleted: Some(true),
                                ..AccountChanges::default()
                            },
                            at(99),
                        )
                    })
                    .await
                    .unwrap();
                deleted.insert(account.id);
            }
        }
        step += 1;
        let next = if case.backward {
            page.prev_cursor
        } else {
            page.next_cursor
        };
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(step < 200, "the walk does not end");
    }
    if case.backward {
        pages.reverse();
    }
    for page in pages {
        visited.extend(page);
    }

    // Every row that existed throughout, exactly once, and nothing twice.
    let mut counts: HashMap<AccountId, usize> = HashMap::new();
    for account in &visited {
        *counts.entry(account.id).or_default() += 1;
    }
    assert!(
        counts.values().all(|n| *n == 1),
        "a row was visited twice: {case:?}"
    );
    for id in &originals {
        if !deleted.contains(id) {
            assert_eq!(counts.get(id), Some(&1), "{id} was skipped: {case:?}");
        }
    }
    // In sort order.
    for pair in visited.windows(2) {
        assert_eq!(
            sort.compare(&position(&sort, &pair[0]), &position(&sort, &pair[1])),
            std::cmp::Ordering::Less,
            "out of order: {case:?}"
        );
    }
}

#[test]
fn walks_visit_every_row_that_existed_throughout_exactly_once_in_order() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (db, store) = runtime.block_on(async {
        let db = TestDb::new().await;
        let store = PgStore::new(build_pool(&PoolConfig::new(db.url.clone())).unwrap());
        (db, store)
    });
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&case(), |case| {
            runtime.block_on(check(&db, &store, case));
            Ok(())
        })
        .unwrap();
}
