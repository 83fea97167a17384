//! Query plans of the list queries, for the tests and benchmarks that prove keyset pages cost
//! the same at any depth.

use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use roster_app::ports::{AccountFilter, StoreError};
use roster_domain::account::AccountSortField;
use roster_domain::pagination::Scan;

use crate::account_store::account_page_query;
use crate::error::from_diesel;
use crate::store::PgStore;
use crate::wrapped::Wrapped;

impl PgStore {
    /// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of exactly the query [`AccountStore::list`]
    /// runs for `filter` and `scan`.
    ///
    /// [`AccountStore::list`]: roster_app::ports::AccountStore::list
    pub async fn explain_account_list(
        &self,
        filter: &AccountFilter,
        scan: Scan<'_, AccountSortField>,
    ) -> Result<String, StoreError> {
        let query = account_page_query(filter, &scan)?;
        let mut conn = self.conn().await?;
        Wrapped::<_, Text>::new("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ", query, "")
            .get_result(&mut conn)
            .await
            .map_err(from_diesel)
    }
}
