//! The connection pool as PostgreSQL sees it: every connection carries a statement timeout
//! and the service's name, and checking a connection out costs no round trip.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use roster_tests::spawn_app;

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    setting: String,
}

async fn setting(conn: &mut diesel_async::AsyncPgConnection, name: &str) -> String {
    diesel::sql_query(format!("SELECT current_setting('{name}') AS setting"))
        .get_result::<Setting>(conn)
        .await
        .unwrap()
        .setting
}

#[tokio::test]
async fn every_pooled_connection_has_a_statement_timeout_and_the_service_name() {
    let app = spawn_app().await;
    let mut first = app.store.pool().get().await.unwrap();
    let mut second = app.store.pool().get().await.unwrap();
    for conn in [&mut first, &mut second] {
        assert_eq!(setting(conn, "statement_timeout").await, "30s");
        assert_eq!(setting(conn, "application_name").await, "roster");
    }
}

#[tokio::test]
async fn checking_out_a_connection_costs_no_round_trip() {
    let app = spawn_app().await;
    let client = app.db().client().await;
    client
        .batch_execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .await
        .expect("pg_stat_statements (make test preloads it)");
    // Warm the pool, then count from zero.
    app.get("/v1/accounts", app.root()).await.assert_status(200);
    client
        .batch_execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)")
        .await
        .unwrap();
    for _ in 0..30 {
        app.get("/v1/accounts", app.root()).await.assert_status(200);
    }
    let rows = client
        .query(
            "SELECT query, calls FROM pg_stat_statements
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        )
        .await
        .unwrap();
    let statements: Vec<(String, i64)> = rows.iter().map(|row| (row.get(0), row.get(1))).collect();
    let pings: i64 = statements
        .iter()
        .filter(|(query, _)| {
            let query = query.trim().to_lowercase();
            query == "select $1" || query == "select 1"
        })
        .map(|(_, calls)| calls)
        .sum();
    assert_eq!(pings, 0, "no ping per checkout: {statements:?}");
    let total: i64 = statements
        .iter()
        .filter(|(query, _)| query.contains("accounts"))
        .map(|(_, calls)| calls)
        .sum();
    assert!(total >= 30, "the requests were counted: {statements:?}");
}
