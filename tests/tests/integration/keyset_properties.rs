//! The keyset builder against PostgreSQL, property-tested: for random rows (with ties), sorts,
//! page sizes and inserts and deletes between pages, walking forward, or backward from the end,
//! visits every row that existed throughout exactly once, in sort order.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use roster_app::ports::{AccountFilter, AccountRows, Database, ListRows, StoreError};
use roster_domain::account::{Account, AccountChanges, AccountName, AccountSortField};
use roster_domain::pagination::{
    CursorCodec, KeyValue, Keyed, Limit, Page, PageRequest, QueryFingerprint, Sort,
};
use roster_domain::slug::Slug;
use roster_domain::{AccountId, Timestamp};
use roster_persistence::{PgConn, PgStore, PoolConfig};
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
    store
        .transaction(async |conn: &mut PgConn| conn.insert_account(&account).await)
        .await
        .unwrap();
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
        .read(
            async |conn: &mut PgConn| -> Result<Vec<Account>, StoreError> {
                conn.page(&AccountFilter::default(), request.scan()).await
            },
        )
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
                    .transaction(async |conn: &mut PgConn| -> Result<(), StoreError> {
                        let current = conn.lock_account(account.id).await?.unwrap();
                        let deleted = current
                            .apply(
                                &AccountChanges {
                                    deleted: Some(true),
                                    ..AccountChanges::default()
                                },
                                at(99),
                            )
                            .unwrap();
                        conn.update_account(&deleted).await.unwrap();
                        Ok(())
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
        let store = PgStore::connect(&PoolConfig::new(db.url.clone())).unwrap();
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

mod nullable {
    //! The same property over a nullable sort key: API keys by `last_used_at`.

    use super::*;
    use roster_app::ports::{ApiKeyFilter, ApiKeyRows};
    use roster_domain::UserId;
    use roster_domain::api_key::{
        ApiKey, ApiKeyChanges, ApiKeyName, ApiKeySecret, ApiKeySortField, NewApiKey,
    };

    #[derive(Debug, Clone)]
    struct NullableCase {
        rows: Vec<(u8, Option<u8>)>,
        sort: &'static str,
        limit: u8,
        churn: Vec<(u8, Option<prop::sample::Index>)>,
        backward: bool,
    }

    fn nullable_case() -> impl Strategy<Value = NullableCase> {
        (
            prop::collection::vec((0u8..4, prop::option::of(0u8..4)), 1..30),
            prop::sample::select(vec![
                "last_used_at:asc",
                "last_used_at:desc",
                "last_used_at:desc,name:asc",
                "last_used_at:asc,name:desc",
                "name:asc,last_used_at:desc",
                "name:desc,last_used_at:asc",
            ]),
            1u8..8,
            prop::collection::vec(
                (0u8..3, prop::option::of(any::<prop::sample::Index>())),
                0..12,
            ),
            any::<bool>(),
        )
            .prop_map(|(rows, sort, limit, churn, backward)| NullableCase {
                rows,
                sort,
                limit,
                churn,
                backward,
            })
    }

    struct Owner {
        account: AccountId,
        user: UserId,
    }

    async fn insert_key(
        store: &PgStore,
        db: &TestDb,
        owner: &Owner,
        name: u8,
        used: Option<u8>,
    ) -> ApiKey {
        let secret = ApiKeySecret::from_random_bytes(rand_bytes());
        let new = NewApiKey::for_secret(
            &secret,
            owner.account,
            owner.user,
            ApiKeyName::parse(&format!("key {name}")).unwrap(),
            None,
            at(0),
        );
        store
            .transaction(async |conn: &mut PgConn| conn.insert_key(&new).await)
            .await
            .unwrap();
        let mut key = ApiKey::from_new(&new);
        if let Some(used) = used {
            let when = at(i64::from(used) * 1_000);
            db.client()
                .await
                .execute(
                    "UPDATE api_keys SET last_used_at = $1::text::timestamptz WHERE id = $2::text::uuid",
                    &[&when.to_rfc3339(), &key.id.to_uuid().to_string()],
                )
                .await
                .unwrap();
            key.last_used_at = Some(when);
        }
        key
    }

    fn rand_bytes() -> [u8; 32] {
        let mut bytes = [0; 32];
        for (i, byte) in ulid::Ulid::generate()
            .to_bytes()
            .iter()
            .cycle()
            .take(32)
            .enumerate()
        {
            bytes[i] = byte.wrapping_add(u8::try_from(i).unwrap());
        }
        bytes
    }

    fn position(sort: &Sort<ApiKeySortField>, key: &ApiKey) -> Vec<KeyValue> {
        sort.keys().iter().map(|k| key.key_value(k.field)).collect()
    }

    async fn fetch_keys(
        store: &PgStore,
        codec: &CursorCodec,
        sort: &Sort<ApiKeySortField>,
        limit: u8,
        cursor: Option<&str>,
    ) -> Page<ApiKey> {
        let fingerprint = QueryFingerprint::builder("test").finish();
        let request = PageRequest::decode(
            Limit::new(limit.into()).unwrap(),
            sort.clone(),
            fingerprint,
            cursor,
            codec,
        )
        .unwrap();
        let filter = ApiKeyFilter {
            account: None,
            user: None,
            status: None,
            expired: None,
            now: at(0),
        };
        let rows = store
            .read(
                async |conn: &mut PgConn| -> Result<Vec<ApiKey>, StoreError> {
                    conn.page(&filter, request.scan()).await
                },
            )
            .await
            .unwrap();
        request.assemble(rows, codec)
    }

    async fn check_nullable(db: &TestDb, store: &PgStore, owner: &Owner, case: NullableCase) {
        db.client()
            .await
            .batch_execute("DELETE FROM api_keys")
            .await
            .unwrap();
        let codec = CursorCodec::new(&[9; 32]).unwrap();
        let sort = Sort::<ApiKeySortField>::parse(case.sort).unwrap();
        let mut live: Vec<ApiKey> = Vec::new();
        for (name, used) in &case.rows {
            live.push(insert_key(store, db, owner, *name, *used).await);
        }
        let originals: Vec<_> = live.iter().map(|key| key.id).collect();
        let mut deleted = HashSet::new();

        let mut cursor: Option<String> = None;
        if case.backward {
            loop {
                let page = fetch_keys(store, &codec, &sort, case.limit, cursor.as_deref()).await;
                match page.next_cursor {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
        }
        let mut pages: Vec<Vec<ApiKey>> = Vec::new();
        let mut step = 0;
        loop {
            let page = fetch_keys(store, &codec, &sort, case.limit, cursor.as_deref()).await;
            assert_eq!(page.has_next, page.next_cursor.is_some());
            assert_eq!(page.has_prev, page.prev_cursor.is_some());
            pages.push(page.items.clone());
            if let Some((inserts, victim)) = case.churn.get(step) {
                for k in 0..*inserts {
                    let used = (k % 2 == 0).then_some(k);
                    live.push(insert_key(store, db, owner, k, used).await);
                }
                if let Some(victim) = victim {
                    let key = live.remove(victim.index(live.len()));
                    store
                        .transaction(async |conn: &mut PgConn| -> Result<(), StoreError> {
                            let current = conn.lock_key(key.id).await?.unwrap();
                            let deleted = current
                                .apply(
                                    &ApiKeyChanges {
                                        deleted: Some(true),
                                        ..ApiKeyChanges::default()
                                    },
                                    at(99),
                                )
                                .unwrap();
                            conn.update_key(&deleted).await.map(drop)
                        })
                        .await
                        .unwrap();
                    deleted.insert(key.id);
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
        let visited: Vec<ApiKey> = pages.into_iter().flatten().collect();
        let mut counts: HashMap<_, usize> = HashMap::new();
        for key in &visited {
            *counts.entry(key.id).or_default() += 1;
        }
        assert!(
            counts.values().all(|n| *n == 1),
            "a key was visited twice: {case:?}"
        );
        for id in &originals {
            if !deleted.contains(id) {
                assert_eq!(counts.get(id), Some(&1), "{id} was skipped: {case:?}");
            }
        }
        for pair in visited.windows(2) {
            assert_eq!(
                sort.compare(&position(&sort, &pair[0]), &position(&sort, &pair[1])),
                std::cmp::Ordering::Less,
                "out of order: {case:?}"
            );
        }
    }

    #[test]
    fn walks_over_a_nullable_key_visit_every_row_that_existed_throughout_exactly_once_in_order() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (db, store, owner) = runtime.block_on(async {
            let db = TestDb::new().await;
            let store = PgStore::connect(&PoolConfig::new(db.url.clone())).unwrap();
            let account = AccountId::new();
            let user = UserId::new();
            db.client()
                .await
                .batch_execute(&format!(
                    "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
                     VALUES ('{a}', 'Owner', 'owner', 'active', now(), now());
                     INSERT INTO users (id, account_id, email, display_name, status, created_at, updated_at)
                     VALUES ('{u}', '{a}', 'owner@example.com', 'Owner', 'active', now(), now());",
                    a = account.to_uuid(),
                    u = user.to_uuid()
                ))
                .await
                .unwrap();
            (db, store, Owner { account, user })
        });
        let mut runner = TestRunner::new(Config {
            cases: 48,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&nullable_case(), |case| {
                runtime.block_on(check_nullable(&db, &store, &owner, case));
                Ok(())
            })
            .unwrap();
    }
}
