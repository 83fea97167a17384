//! Query plans of the list queries, for the tests and benchmarks that prove keyset pages cost
//! the same at any depth.

use diesel::sql_types::Text;
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
