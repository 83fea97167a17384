//! Migrations: each `down.sql` undoes its `up.sql`, concurrent runs apply each migration once,
//! and the hand-kept `schema.rs` names exactly the columns the migrations create.

use diesel::QueryDsl;
use diesel::pg::Pg;
use diesel::query_builder::debug_query;
use roster_persistence::migrate;
use roster_persistence::schema::{
    accounts, api_keys, audit_events, client_nonces, client_sessions, games, idempotency_keys,
    identities, oidc_providers, player_bans, players, users, webhook_deliveries, webhooks,
};
use roster_tests::TestDb;
use tokio::task::JoinSet;

/// Tables, columns, indexes and constraints of the public schema, as comparable text.
async fn schema_snapshot(db: &TestDb) -> Vec<String> {
    let client = db.client().await;
    let mut lines = Vec::new();
    for row in client
        .query(
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                    || ' ' || coalesce(column_default, '')
             FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
             ORDER BY table_name, ordinal_position",
            &[],
        )
        .await
        .unwrap()
    {
        lines.push(row.get(0));
    }
    for row in client
        .query(
            "SELECT indexdef FROM pg_indexes
             WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'
             ORDER BY indexname",
            &[],
        )
        .await
        .unwrap()
    {
        lines.push(row.get(0));
    }
    for row in client
        .query(
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
             FROM pg_constraint
             WHERE connamespace = 'public'::regnamespace
               AND conrelid::regclass::text <> '__diesel_schema_migrations'
             ORDER BY conrelid::regclass::text, conname",
            &[],
        )
        .await
        .unwrap()
    {
        lines.push(row.get(0));
    }
    lines
}

#[tokio::test]
async fn every_down_migration_reverts_its_up_migration() {
    let db = TestDb::empty().await;
    assert!(schema_snapshot(&db).await.is_empty());

    let applied = migrate::run_pending(&db.url).await.unwrap();
    assert!(!applied.is_empty());
    let migrated = schema_snapshot(&db).await;
    assert!(
        migrated
            .iter()
            .any(|line| line.starts_with("accounts.slug text"))
    );

    let reverted = migrate::revert_all(&db.url).await.unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert_eq!(
        schema_snapshot(&db).await,
        Vec::<String>::new(),
        "down.sql leaves nothing"
    );

    migrate::run_pending(&db.url).await.unwrap();
    assert_eq!(
        schema_snapshot(&db).await,
        migrated,
        "up after down rebuilds the same schema"
    );
}

#[tokio::test]
async fn concurrent_migration_runs_apply_each_migration_once() {
    let db = TestDb::empty().await;
    let mut runs = JoinSet::new();
    for _ in 0..4 {
        let url = db.url.clone();
        runs.spawn(async move { migrate::run_pending(&url).await });
    }
    let mut applied = Vec::new();
    while let Some(run) = runs.join_next().await {
        applied.extend(run.unwrap().expect("a migration run"));
    }
    let unique: std::collections::HashSet<&String> = applied.iter().collect();
    assert_eq!(
        unique.len(),
        applied.len(),
        "no migration applied twice: {applied:?}"
    );
    assert_eq!(
        applied.len(),
        migrate::run_pending(&db.url).await.unwrap().len() + applied.len()
    );
    assert!(!applied.is_empty());
}

#[tokio::test]
async fn the_players_migration_gives_every_identity_and_session_a_player_of_its_own() {
    let db = TestDb::empty().await;
    migrate::run_pending(&db.url).await.unwrap();
    // Back to the schema before the players migration: the later ones reverted first.
    loop {
        let reverted = migrate::revert_latest(&db.url).await.unwrap();
        if reverted.ends_with("000008") {
            break;
        }
        assert!(reverted.as_str() > "20261202000008", "{reverted}");
    }
    let client = db.client().await;
    client
        .batch_execute(
            "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
                 VALUES ('0193a5b2-0000-7000-8000-000000000001', 'Studio', 'studio', 'active', now(), now());
             INSERT INTO games (id, account_id, name, slug, created_at, updated_at)
                 VALUES ('0193a5b2-0000-7000-8000-000000000002',
                         '0193a5b2-0000-7000-8000-000000000001', 'Game', 'game', now(), now());
             INSERT INTO identities (id, account_id, game_id, kind, external_key, display_name,
                                     created_at, updated_at, deleted_at)
                 VALUES ('0193a5b2-0000-7000-8000-000000000003',
                         '0193a5b2-0000-7000-8000-000000000001',
                         '0193a5b2-0000-7000-8000-000000000002', 'CUSTOM', 'k1', 'Ada',
                         now(), now(), NULL),
                        ('0193a5b2-0000-7000-8000-000000000004',
                         '0193a5b2-0000-7000-8000-000000000001',
                         '0193a5b2-0000-7000-8000-000000000002', 'CUSTOM', 'k2', NULL,
                         now(), now(), now());
             INSERT INTO client_sessions (id, identity_id, account_id, game_id, version, issued_at,
                                          refresh_expires_at, created_at, updated_at)
                 VALUES ('0193a5b2-0000-7000-8000-000000000005',
                         '0193a5b2-0000-7000-8000-000000000003',
                         '0193a5b2-0000-7000-8000-000000000001',
                         '0193a5b2-0000-7000-8000-000000000002', 1, now(), now(), now(), now());",
        )
        .await
        .unwrap();
    migrate::run_pending(&db.url).await.unwrap();
    let players: Vec<(String, Option<String>, bool)> = client
        .query(
            "SELECT p.id::text, p.display_name, p.deleted_at IS NULL FROM players p ORDER BY p.id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    let identity = |tail: u8| format!("0193a5b2-0000-7000-8000-00000000000{tail}");
    assert_eq!(
        players,
        vec![
            (identity(3), Some("Ada".to_owned()), true),
            (identity(4), None, true),
        ],
        "one live player per identity, deleted ones included, named as the identity was"
    );
    let unowned: i64 = client
        .query_one(
            "SELECT count(*) FROM identities i JOIN players p ON p.id = i.player_id
             WHERE p.id <> i.id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(unowned, 0);
    let session_player: String = client
        .query_one("SELECT player_id::text FROM client_sessions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(session_player, identity(3));
}

/// The column names a `SELECT table.all_columns` statement lists, in order.
fn column_names(sql: &str) -> Vec<String> {
    let columns = sql
        .strip_prefix("SELECT ")
        .and_then(|rest| rest.split(" FROM ").next())
        .expect("a SELECT");
    columns
        .split(", ")
        .map(|column| {
            column
                .rsplit('.')
                .next()
                .unwrap()
                .trim_matches('"')
                .to_owned()
        })
        .collect()
}

/// The columns `schema.rs` declares for `table`.
macro_rules! declared {
    ($table:ident) => {
        column_names(&debug_query::<Pg, _>(&$table::table.select($table::all_columns)).to_string())
    };
}

#[tokio::test]
async fn schema_rs_declares_exactly_the_migrated_columns() {
    let db = TestDb::new().await;
    let client = db.client().await;
    let tables = [
        ("accounts", declared!(accounts)),
        ("users", declared!(users)),
        ("api_keys", declared!(api_keys)),
        ("games", declared!(games)),
        ("identities", declared!(identities)),
        ("client_sessions", declared!(client_sessions)),
        ("client_nonces", declared!(client_nonces)),
        ("oidc_providers", declared!(oidc_providers)),
        ("players", declared!(players)),
        ("player_bans", declared!(player_bans)),
        ("audit_events", declared!(audit_events)),
        ("webhooks", declared!(webhooks)),
        ("webhook_deliveries", declared!(webhook_deliveries)),
        ("idempotency_keys", declared!(idempotency_keys)),
    ];
    let mut migrated: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    migrated.sort();
    let mut covered: Vec<String> = tables.iter().map(|(name, _)| (*name).to_owned()).collect();
    covered.sort();
    assert_eq!(
        covered, migrated,
        "every migrated table is declared and checked"
    );
    for (table, declared) in tables {
        let actual: Vec<String> = client
            .query(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                &[&table],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        assert_eq!(declared, actual, "{table}");
    }
}
