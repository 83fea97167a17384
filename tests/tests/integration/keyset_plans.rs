//! Keyset pages cost the same at any depth: PostgreSQL's own plans, with `EXPLAIN (ANALYZE)`,
//! show index range scans that start at the position, read about `limit` rows, and sort
//! nothing, for every declared sort of accounts, users, API keys, games, identities, players
//! and the audit log, in both
//! directions (the declared sorts enumerated from the domain, `SortField::ALL`).

use roster_app::ports::{
    AccountFilter, AccountRows, ApiKeyFilter, ApiKeyRows, AuditFilter, Database, GameFilter,
    GameRows, IdentityFilter, IdentityRows, PlayerFilter, PlayerRows, StoreError, UserFilter,
    UserRows,
};
use roster_domain::account::AccountSortField;
use roster_domain::api_key::ApiKeySortField;
use roster_domain::audit::{
    Actor, AuditAction, AuditEvent, AuditSortField, AuditTarget, Changes, TargetKind,
};
use roster_domain::game::GameSortField;
use roster_domain::identity::IdentitySortField;
use roster_domain::pagination::{
    Cursor, CursorDirection, Direction, KeyValue, Keyed, Limit, PageRequest, QueryFingerprint,
    Sort, SortField,
};
use roster_domain::player::PlayerSortField;
use roster_domain::user::UserSortField;
use roster_domain::{
    AccountId, ApiKeyId, EventId, GameId, IdentityId, PlayerId, Timestamp, UserId,
};
use roster_persistence::{PgConn, PgStore, PoolConfig};
use roster_tests::TestDb;
use serde_json::Value;
use tokio_postgres::Client;

const ROWS: i64 = 20_000;
const DEPTH: i64 = 15_000;
const PAGE: usize = 20;
const SCANS: [CursorDirection; 2] = [CursorDirection::Next, CursorDirection::Prev];

/// Every declared sort field of `F`, each way: a field added to a resource is checked here
/// without editing this test.
fn every_sort<F: SortField>() -> Vec<String> {
    F::ALL
        .iter()
        .flat_map(|field| ["asc", "desc"].map(|way| format!("{}:{way}", field.name())))
        .collect()
}

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

/// `ORDER BY` of `sort`, reversed for backward scans, in PostgreSQL's NULL order.
fn sql_order<F: SortField>(sort: &Sort<F>, backward: bool) -> String {
    sort.keys()
        .iter()
        .map(|key| {
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

/// How many index ranges the rows after a position make: the rest of its tie on the leading
/// key (the whole scan when that key is `id`), then the leading key's later values (none after
/// NULL ascending, as NULL sorts last), then, ascending from a value of a nullable key, its
/// NULLs.
fn ranges<F: SortField>(sort: &Sort<F>, at_null: bool, ascending: bool) -> usize {
    let leading = sort.keys()[0].field;
    if leading == F::ID {
        return 1;
    }
    let later_values = usize::from(!(at_null && ascending));
    let nulls = usize::from(leading.nullable() && !at_null && ascending);
    1 + later_values + nulls
}

/// Asserts that every plan is an index scan on `table` bounded on the leading key, with no sort
/// node and about `limit` rows read; returns the rows the page's queries return together.
fn check(plans: &[String], table: &str, leading: &str, context: &str) {
    assert!(
        !plans.is_empty() && plans.len() <= 3,
        "{context}: {plans:?}"
    );
    let mut returned = 0.0;
    for explained in plans {
        let plan: Value = serde_json::from_str(explained).unwrap();
        let root = &plan[0]["Plan"];
        let all = nodes(root);
        let context = format!("{context}: {explained}");
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
                ) && node["Relation Name"] == table
            })
            .unwrap_or_else(|| panic!("an index scan of {table}: {context}"));
        let condition = scan["Index Cond"].as_str().unwrap_or_default();
        assert!(
            condition.contains(leading),
            "the range starts at the position: {context}"
        );
        let read = scan["Actual Rows"].as_f64().unwrap()
            + scan["Rows Removed by Filter"].as_f64().unwrap_or(0.0);
        // About `limit`, whatever the depth: the planner may walk the primary key for an `id`
        // sort and filter out the other accounts' rows it meets (a sixth of them here).
        assert!(
            read <= (2 * (PAGE + 1)) as f64,
            "about `limit` rows read, not {read}: {context}"
        );
        returned += root["Actual Rows"].as_f64().unwrap();
    }
    assert!(
        returned >= 1.0 && returned <= 2.0 * (PAGE + 1) as f64,
        "{context}"
    );
}

fn request<F: SortField, T: Keyed<F>>(
    sort: &Sort<F>,
    row: &T,
    direction: CursorDirection,
) -> PageRequest<F> {
    let fingerprint = QueryFingerprint::builder("plans").finish();
    let cursor = Cursor {
        direction,
        inclusive: false,
        fingerprint,
        sort: sort.canonical(),
        position: sort
            .keys()
            .iter()
            .map(|key| row.key_value(key.field))
            .collect::<Vec<KeyValue>>(),
    };
    PageRequest::new(
        Limit::new(PAGE as i64).unwrap(),
        sort.clone(),
        fingerprint,
        Some(cursor),
    )
    .unwrap()
}

/// The id (uuid text) of the row at `DEPTH` in the scan order of `sort` among `rows`.
async fn deep_row<F: SortField>(
    client: &Client,
    rows: &str,
    sort: &Sort<F>,
    backward: bool,
) -> uuid::Uuid {
    let row = client
        .query_one(
            &format!(
                "SELECT id::text FROM {rows} ORDER BY {} OFFSET {DEPTH} LIMIT 1",
                sql_order(sort, backward)
            ),
            &[],
        )
        .await
        .expect("a deep row");
    row.get::<_, String>(0).parse().unwrap()
}

async fn seeded() -> (TestDb, Client, PgStore, String) {
    let db = TestDb::new().await;
    let client = db.client().await;
    let account = AccountId::new();
    client
        .batch_execute(&format!(
            "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
             SELECT gen_random_uuid(), 'Studio ' || md5(i::text), 'studio-' || i, 'active',
                    now() - (random() * interval '1000 days'), now() - (random() * interval '1000 days')
             FROM generate_series(1, {ROWS}) AS i;
             INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
             VALUES ('{account}', 'Big', 'big', 'active', now(), now());
             INSERT INTO users (id, account_id, email, display_name, status, created_at, updated_at)
             SELECT gen_random_uuid(), a.id, md5(a.id::text) || '@example.com', 'User', 'active', now(), now()
             FROM (SELECT id FROM accounts WHERE slug <> 'big' LIMIT 2000) AS a;
             INSERT INTO users (id, account_id, email, display_name, status, created_at, updated_at)
             SELECT gen_random_uuid(), '{account}', md5(i::text) || '@example.com',
                    'Player ' || md5((i * 7)::text),
                    'active', now() - (random() * interval '1000 days'), now() - (random() * interval '1000 days')
             FROM generate_series(1, {ROWS}) AS i;
             INSERT INTO api_keys (id, account_id, user_id, name, key_digest, prefix, status,
                                   last_used_at, created_at, updated_at)
             SELECT gen_random_uuid(), u.account_id, u.id, 'key ' || md5(u.id::text),
                    sha256(u.id::text::bytea), 'ldr_xxxxxxxx', 'active',
                    CASE WHEN random() < 0.3 THEN NULL ELSE now() - (random() * interval '100 days') END,
                    now() - (random() * interval '1000 days'), now() - (random() * interval '1000 days')
             FROM users u WHERE u.account_id = '{account}';
             ANALYZE;",
            account = account.to_uuid()
        ))
        .await
        .expect("seed rows");
    let store = PgStore::connect(&PoolConfig::new(db.url.clone())).expect("a pool");
    (db, client, store, account.to_uuid().to_string())
}

#[tokio::test]
async fn a_deep_page_of_every_declared_sort_is_an_index_range_scan_without_a_sort() {
    let (_db, client, store, account) = seeded().await;
    let account_id = AccountId::from_uuid(account.parse().unwrap());

    for spec in every_sort::<AccountSortField>() {
        let sort = Sort::<AccountSortField>::parse(&spec).unwrap();
        for direction in SCANS {
            let id = deep_row(
                &client,
                "accounts",
                &sort,
                direction == CursorDirection::Prev,
            )
            .await;
            let row = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.account(AccountId::from_uuid(id)).await
                })
                .await
                .unwrap()
                .unwrap();
            let request = request(&sort, &row, direction);
            let plans = store
                .explain_list(&AccountFilter::default(), request.scan())
                .await
                .unwrap();
            assert_eq!(plans.len(), ranges(&sort, false, false), "{spec}");
            check(
                &plans,
                "accounts",
                sort.keys()[0].field.name(),
                &format!("accounts {spec} {direction:?}"),
            );
        }
    }

    let users = format!("users WHERE account_id = '{account}'");
    let filter = UserFilter {
        account: Some(account_id),
        ..UserFilter::default()
    };
    for spec in every_sort::<UserSortField>() {
        let sort = Sort::<UserSortField>::parse(&spec).unwrap();
        for direction in SCANS {
            let id = deep_row(&client, &users, &sort, direction == CursorDirection::Prev).await;
            let row = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.user(UserId::from_uuid(id)).await
                })
                .await
                .unwrap()
                .unwrap();
            let request = request(&sort, &row, direction);
            let plans = store.explain_list(&filter, request.scan()).await.unwrap();
            check(
                &plans,
                "users",
                sort.keys()[0].field.name(),
                &format!("users {spec} {direction:?}"),
            );
        }
    }

    let keys = format!("api_keys WHERE account_id = '{account}'");
    let filter = ApiKeyFilter {
        account: Some(account_id),
        user: None,
        status: None,
        expired: None,
        now: Timestamp::from_datetime(time::OffsetDateTime::now_utc()),
    };
    for spec in every_sort::<ApiKeySortField>() {
        let sort = Sort::<ApiKeySortField>::parse(&spec).unwrap();
        for direction in SCANS {
            let id = deep_row(&client, &keys, &sort, direction == CursorDirection::Prev).await;
            let row = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.key(ApiKeyId::from_uuid(id)).await
                })
                .await
                .unwrap()
                .unwrap();
            let request = request(&sort, &row, direction);
            let plans = store.explain_list(&filter, request.scan()).await.unwrap();
            check(
                &plans,
                "api_keys",
                sort.keys()[0].field.name(),
                &format!("api keys {spec} {direction:?}"),
            );
        }
    }

    // A nullable leading key at NULL, and at a value, in both directions; each position has
    // thousands of rows on either side, so that an ordered index scan is the plan to beat.
    let sort = Sort::<ApiKeySortField>::parse("last_used_at:desc").unwrap();
    for nulls in [true, false] {
        let row = client
            .query_one(
                &format!(
                    "SELECT id::text FROM {keys} AND last_used_at IS {} NULL
                     ORDER BY last_used_at DESC, id OFFSET 2500 LIMIT 1",
                    if nulls { "" } else { "NOT" }
                ),
                &[],
            )
            .await
            .unwrap();
        let id: String = row.get(0);
        let key = store
            .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                conn.key(ApiKeyId::from_uuid(id.parse().unwrap())).await
            })
            .await
            .unwrap()
            .unwrap();
        assert_eq!(key.last_used_at.is_none(), nulls);
        for direction in SCANS {
            let request = request(&sort, &key, direction);
            let plans = store.explain_list(&filter, request.scan()).await.unwrap();
            let ascending = direction == CursorDirection::Prev;
            assert_eq!(
                plans.len(),
                ranges(&sort, nulls, ascending),
                "nulls={nulls} {direction:?}"
            );
            check(
                &plans,
                "api_keys",
                "last_used_at",
                &format!("last_used_at nulls={nulls} {direction:?}"),
            );
        }
    }
}

/// An account with `ROWS` games and `ROWS` identities (a third without a display name) among
/// other accounts' games and identities.
async fn seeded_games() -> (TestDb, Client, PgStore, AccountId) {
    let db = TestDb::new().await;
    let client = db.client().await;
    let account = AccountId::new();
    client
        .batch_execute(&format!(
            "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
             SELECT gen_random_uuid(), 'Studio ' || i, 'studio-' || i, 'active', now(), now()
             FROM generate_series(1, 200) AS i;
             INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
             VALUES ('{account}', 'Big', 'big', 'active', now(), now());
             INSERT INTO games (id, account_id, name, slug, created_at, updated_at)
             SELECT gen_random_uuid(), a.id, 'Game ' || md5(a.id::text), 'game', now(), now()
             FROM accounts a WHERE a.slug <> 'big';
             INSERT INTO games (id, account_id, name, slug, created_at, updated_at)
             SELECT gen_random_uuid(), '{account}', 'Game ' || md5(i::text), 'game-' || i,
                    now() - (random() * interval '1000 days'), now() - (random() * interval '1000 days')
             FROM generate_series(1, {ROWS}) AS i;
             INSERT INTO identities (id, player_id, account_id, game_id, kind, external_key,
                                     display_name, created_at, updated_at)
             SELECT u, u, account_id, game_id, 'CUSTOM', 'player-' || i, 'Other', now(), now()
             FROM (SELECT gen_random_uuid() AS u, g.account_id, g.id AS game_id, i
                   FROM games g, generate_series(1, 20) AS i WHERE g.account_id <> '{account}') AS o;
             INSERT INTO identities (id, player_id, account_id, game_id, kind, external_key,
                                     display_name, created_at, updated_at)
             SELECT u, u, account_id, game_id, kind, external_key, display_name, created_at, updated_at
             FROM (SELECT gen_random_uuid() AS u, g.account_id, g.id AS game_id,
                    (ARRAY['DEVICE', 'STEAM', 'CUSTOM'])[1 + i % 3] AS kind,
                    CASE WHEN i % 3 = 0 THEN md5(i::text) || md5((i * 7)::text) ELSE 'player-' || i END
                        AS external_key,
                    CASE WHEN random() < 0.3 THEN NULL ELSE 'Player ' || md5((i * 11)::text) END
                        AS display_name,
                    now() - (random() * interval '1000 days') AS created_at,
                    now() - (random() * interval '1000 days') AS updated_at
                   FROM (SELECT id, account_id FROM games WHERE account_id = '{account}' LIMIT 1) AS g,
                        generate_series(1, {ROWS}) AS i) AS mine;
             -- Each identity a player of its own, named and dated as it is.
             INSERT INTO players (id, account_id, game_id, display_name, created_at, updated_at)
             SELECT player_id, account_id, game_id, display_name, created_at, updated_at FROM identities;
             ANALYZE;",
            account = account.to_uuid()
        ))
        .await
        .expect("seed rows");
    let store = PgStore::connect(&PoolConfig::new(db.url.clone())).expect("a pool");
    (db, client, store, account)
}

#[tokio::test]
async fn a_deep_page_of_games_identities_and_players_is_an_index_range_scan_without_a_sort() {
    let (_db, client, store, account) = seeded_games().await;
    let account_uuid = account.to_uuid();

    let games = format!("games WHERE account_id = '{account_uuid}'");
    let filter = GameFilter {
        account: Some(account),
        ..GameFilter::default()
    };
    for spec in every_sort::<GameSortField>() {
        let sort = Sort::<GameSortField>::parse(&spec).unwrap();
        for direction in SCANS {
            let id = deep_row(&client, &games, &sort, direction == CursorDirection::Prev).await;
            let row = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.game(GameId::from_uuid(id)).await
                })
                .await
                .unwrap()
                .unwrap();
            let request = request(&sort, &row, direction);
            let plans = store.explain_list(&filter, request.scan()).await.unwrap();
            assert_eq!(plans.len(), ranges(&sort, false, false), "{spec}");
            check(
                &plans,
                "games",
                sort.keys()[0].field.name(),
                &format!("games {spec} {direction:?}"),
            );
        }
    }

    let identities = format!("identities WHERE account_id = '{account_uuid}'");
    let filter = IdentityFilter {
        account: Some(account),
        ..IdentityFilter::default()
    };
    for spec in every_sort::<IdentitySortField>() {
        let sort = Sort::<IdentitySortField>::parse(&spec).unwrap();
        for direction in SCANS {
            let id = deep_row(
                &client,
                &identities,
                &sort,
                direction == CursorDirection::Prev,
            )
            .await;
            let row = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.identity(IdentityId::from_uuid(id)).await
                })
                .await
                .unwrap()
                .unwrap();
            let request = request(&sort, &row, direction);
            let plans = store.explain_list(&filter, request.scan()).await.unwrap();
            check(
                &plans,
                "identities",
                sort.keys()[0].field.name(),
                &format!("identities {spec} {direction:?}"),
            );
        }
    }

    let players = format!("players WHERE account_id = '{account_uuid}' AND deleted_at IS NULL");
    let player_filter = PlayerFilter {
        account: Some(account),
        game: None,
        status: None,
        q: None,
        at: Timestamp::from_datetime(time::OffsetDateTime::now_utc()),
    };
    for spec in every_sort::<PlayerSortField>() {
        let sort = Sort::<PlayerSortField>::parse(&spec).unwrap();
        for direction in SCANS {
            let id = deep_row(&client, &players, &sort, direction == CursorDirection::Prev).await;
            let row = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.player(PlayerId::from_uuid(id)).await
                })
                .await
                .unwrap()
                .unwrap();
            let request = request(&sort, &row, direction);
            let plans = store
                .explain_list(&player_filter, request.scan())
                .await
                .unwrap();
            check(
                &plans,
                "players",
                sort.keys()[0].field.name(),
                &format!("players {spec} {direction:?}"),
            );
        }
    }

    // The nullable display name at NULL and at a value, both sorts, both directions: one index
    // range, or two where the rows after the position straddle the NULLs.
    for spec in ["display_name:asc", "display_name:desc"] {
        let sort = Sort::<IdentitySortField>::parse(spec).unwrap();
        let descending = spec.ends_with("desc");
        for nulls in [true, false] {
            let row = client
                .query_one(
                    &format!(
                        "SELECT id::text FROM {identities} AND display_name IS {} NULL
                         ORDER BY display_name {}, id OFFSET 2500 LIMIT 1",
                        if nulls { "" } else { "NOT" },
                        if descending { "DESC" } else { "ASC" },
                    ),
                    &[],
                )
                .await
                .unwrap();
            let id: String = row.get(0);
            let identity = store
                .read(async |conn: &mut PgConn| -> Result<_, StoreError> {
                    conn.identity(IdentityId::from_uuid(id.parse().unwrap()))
                        .await
                })
                .await
                .unwrap()
                .unwrap();
            assert_eq!(identity.display_name.is_none(), nulls);
            for direction in SCANS {
                let request = request(&sort, &identity, direction);
                let plans = store.explain_list(&filter, request.scan()).await.unwrap();
                let ascending = descending == (direction == CursorDirection::Prev);
                assert_eq!(
                    plans.len(),
                    ranges(&sort, nulls, ascending),
                    "{spec} nulls={nulls} {direction:?}"
                );
                check(
                    &plans,
                    "identities",
                    "display_name",
                    &format!("{spec} nulls={nulls} {direction:?}"),
                );
            }
        }
    }
}

/// The exact lookup of `GET /v1/identities?kind=&external_key=` at 1,000,000 identities: one
/// index probe that reads the one matching row, whatever the scope (a superadmin's, an
/// account's, a game's).
#[tokio::test]
async fn the_exact_identity_lookup_is_one_index_probe_at_a_million_identities() {
    let db = TestDb::new().await;
    let client = db.client().await;
    let account = AccountId::new();
    let game = GameId::new();
    let player = PlayerId::new();
    client
        .batch_execute(&format!(
            "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
             VALUES ('{account}', 'Big', 'big', 'active', now(), now());
             INSERT INTO games (id, account_id, name, slug, created_at, updated_at)
             VALUES ('{game}', '{account}', 'Game', 'game', now(), now());
             INSERT INTO players (id, account_id, game_id, created_at, updated_at)
             VALUES ('{player}', '{account}', '{game}', now(), now());
             INSERT INTO identities (id, player_id, account_id, game_id, kind, external_key,
                                     created_at, updated_at)
             SELECT gen_random_uuid(), '{player}', '{account}', '{game}',
                    (ARRAY['DEVICE', 'STEAM', 'CUSTOM'])[1 + i % 3],
                    CASE WHEN i % 3 = 0 THEN md5(i::text) || md5((i * 7)::text) ELSE 'key-' || i END,
                    now(), now()
             FROM generate_series(1, 1000000) AS i;
             ANALYZE identities;",
            account = account.to_uuid(),
            game = game.to_uuid(),
            player = player.to_uuid(),
        ))
        .await
        .expect("seed a million identities");
    let store = PgStore::connect(&PoolConfig::new(db.url.clone())).expect("a pool");
    let sort = Sort::<IdentitySortField>::parse("created_at:desc").unwrap();
    let scopes = [
        (None, None),
        (Some(account), None),
        (Some(account), Some(game)),
    ];
    for (scope, in_game) in scopes {
        let filter = IdentityFilter {
            account: scope,
            game: in_game,
            kind: Some(roster_domain::identity::IdentityKind::Custom),
            external_key: Some("key-500000".to_owned()),
            ..IdentityFilter::default()
        };
        let request = PageRequest::new(
            Limit::new(PAGE as i64).unwrap(),
            sort.clone(),
            QueryFingerprint::builder("plans").finish(),
            None,
        )
        .unwrap();
        let plans = store.explain_list(&filter, request.scan()).await.unwrap();
        assert_eq!(plans.len(), 1);
        let plan: Value = serde_json::from_str(&plans[0]).unwrap();
        let root = &plan[0]["Plan"];
        let scans: Vec<&Value> = nodes(root)
            .into_iter()
            .filter(|node| node["Relation Name"] == "identities")
            .collect();
        assert_eq!(scans.len(), 1, "{scope:?} {in_game:?}: {}", plans[0]);
        let scan = scans[0];
        assert!(
            matches!(
                scan["Node Type"].as_str(),
                Some("Index Scan" | "Bitmap Heap Scan")
            ),
            "an index lookup: {}",
            plans[0]
        );
        let read = scan["Actual Rows"].as_f64().unwrap()
            + scan["Rows Removed by Filter"].as_f64().unwrap_or(0.0)
            + scan["Rows Removed by Index Recheck"]
                .as_f64()
                .unwrap_or(0.0);
        assert!(read <= 1.0, "one row read, not {read}: {}", plans[0]);
        assert_eq!(root["Actual Rows"].as_f64(), Some(1.0), "{}", plans[0]);
    }
}

/// An event of the audit log whose keys (the only fields a cursor reads) are `id` and
/// `occurred_at` as stored.
fn event_at(id: uuid::Uuid, micros: i64) -> AuditEvent {
    AuditEvent {
        id: EventId::from_uuid(id),
        occurred_at: Timestamp::from_unix_micros(micros).unwrap(),
        actor: Actor::System,
        action: AuditAction::UserUpdated,
        target: AuditTarget::new(TargetKind::User, "usr_x"),
        account_id: None,
        changes: Changes::none(),
        request_id: None,
    }
}

#[tokio::test]
async fn a_deep_page_of_the_audit_log_is_an_index_range_scan_without_a_sort() {
    let db = TestDb::new().await;
    let client = db.client().await;
    let account = AccountId::new();
    client
        .batch_execute(&format!(
            "INSERT INTO audit_events (id, occurred_at, account_id, actor_type, actor_id, action,
                                       target_type, target_id, changes)
             SELECT gen_random_uuid(), now() - (random() * interval '300 days'),
                    CASE WHEN i % 2 = 0 THEN '{account}'::uuid ELSE gen_random_uuid() END,
                    'system', 'roster', 'user.updated', 'user', 'usr_' || i, '{{}}'
             FROM generate_series(1, {rows}) AS i;
             ANALYZE;",
            account = account.to_uuid(),
            rows = 2 * ROWS,
        ))
        .await
        .expect("seed events");
    let store = PgStore::connect(&PoolConfig::new(db.url.clone())).expect("a pool");
    let scoped = format!("audit_events WHERE account_id = '{}'", account.to_uuid());
    let cases = [
        ("audit_events", AuditFilter::default()),
        (
            scoped.as_str(),
            AuditFilter {
                account: Some(account),
                ..AuditFilter::default()
            },
        ),
    ];
    for (rows, filter) in &cases {
        for spec in every_sort::<AuditSortField>() {
            let sort = Sort::<AuditSortField>::parse(&spec).unwrap();
            for direction in SCANS {
                let backward = direction == CursorDirection::Prev;
                let row = client
                    .query_one(
                        &format!(
                            "SELECT id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint
                             FROM {rows} ORDER BY {} OFFSET {DEPTH} LIMIT 1",
                            sql_order(&sort, backward)
                        ),
                        &[],
                    )
                    .await
                    .unwrap();
                let event = event_at(row.get::<_, String>(0).parse().unwrap(), row.get(1));
                let request = request(&sort, &event, direction);
                let plans = store.explain_list(filter, request.scan()).await.unwrap();
                check(
                    &plans,
                    "audit_events",
                    sort.keys()[0].field.name(),
                    &format!("audit events of {rows} {spec} {direction:?}"),
                );
            }
        }
    }
}
