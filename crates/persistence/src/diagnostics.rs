//! Query plans of the list queries, for the tests and benchmarks that prove keyset pages cost
//! the same at any depth.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use roster_app::ports::{Database, StoreError};
use roster_domain::pagination::Scan;

use crate::error::from_diesel;
use crate::listing::PageQueries;
use crate::store::{PgConn, PgStore};
use crate::wrapped::Wrapped;

impl PgStore {
    /// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of exactly the queries a page of the list
    /// that `filter` filters runs for `scan`, one plan per query.
    pub async fn explain_list<Q: PageQueries + Sync>(
        &self,
        filter: &Q,
        scan: Scan<'_, Q::Sort>,
    ) -> Result<Vec<String>, StoreError> {
        let queries = filter.page_queries(&scan)?;
        self.read(async |conn: &mut PgConn| -> Result<_, StoreError> {
            let mut plans = Vec::with_capacity(queries.len());
            for query in queries {
                let plan: String =
                    Wrapped::<_, Text>::new("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ", query, "")
                        .get_result(conn.pg())
                        .await
                        .map_err(from_diesel)?;
                plans.push(plan);
            }
            Ok(plans)
        })
        .await
    }
}

/// A statement this connection holds prepared, and how often it ran (`pg_prepared_statements`).
#[derive(Debug, Clone, QueryableByName)]
pub struct PreparedStatement {
    #[diesel(sql_type = Text)]
    pub statement: String,
    #[diesel(sql_type = BigInt)]
    pub runs: i64,
}

impl PgConn {
    /// The statements prepared on this connection, for the tests that prove a statement every
    /// write runs is parsed and planned once per connection, not once per run.
    pub async fn prepared_statements(&mut self) -> Result<Vec<PreparedStatement>, StoreError> {
        diesel::sql_query(
            "SELECT statement, generic_plans + custom_plans AS runs FROM pg_prepared_statements",
        )
        .load(self.pg())
        .await
        .map_err(from_diesel)
    }
}
