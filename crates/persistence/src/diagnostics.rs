//! Query plans of the list queries, for the tests and benchmarks that prove keyset pages cost
//! the same at any depth.

use diesel::pg::Pg;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use roster_app::ports::{AccountFilter, ApiKeyFilter, StoreError, UserFilter};
use roster_domain::account::AccountSortField;
use roster_domain::api_key::ApiKeySortField;
use roster_domain::pagination::Scan;
use roster_domain::user::UserSortField;

use crate::account_store::account_page_queries;
use crate::api_key_store::api_key_page_queries;
use crate::error::from_diesel;
use crate::listing::PageQueries;
use crate::store::PgStore;
use crate::user_store::user_page_queries;
use crate::wrapped::Wrapped;

impl PgStore {
    async fn explain_all<Q: QueryFragment<Pg> + Send>(
        &self,
        queries: Vec<Q>,
    ) -> Result<Vec<String>, StoreError> {
        self.run(async |conn| {
            let mut plans = Vec::with_capacity(queries.len());
            for query in queries {
                let plan: String =
                    Wrapped::<_, Text>::new("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ", query, "")
                        .get_result(conn)
                        .await
                        .map_err(from_diesel)?;
                plans.push(plan);
            }
            Ok(plans)
        })
        .await
    }

    /// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of exactly the queries
    /// [`AccountStore::list`] runs for `filter` and `scan`, one plan per query.
    ///
    /// [`AccountStore::list`]: roster_app::ports::AccountStore::list
    pub async fn explain_account_list(
        &self,
        filter: &AccountFilter,
        scan: Scan<'_, AccountSortField>,
    ) -> Result<Vec<String>, StoreError> {
        let queries = account_page_queries(filter, &scan)?;
        self.explain_all(queries).await
    }

    /// The plans of the queries [`UserStore::list`] runs.
    ///
    /// [`UserStore::list`]: roster_app::ports::UserStore::list
    pub async fn explain_user_list(
        &self,
        filter: &UserFilter,
        scan: Scan<'_, UserSortField>,
    ) -> Result<Vec<String>, StoreError> {
        self.explain_all(user_page_queries(filter, &scan)?).await
    }

    /// The plans of the queries [`ApiKeyStore::list`] runs.
    ///
    /// [`ApiKeyStore::list`]: roster_app::ports::ApiKeyStore::list
    pub async fn explain_api_key_list(
        &self,
        filter: &ApiKeyFilter,
        scan: Scan<'_, ApiKeySortField>,
    ) -> Result<Vec<String>, StoreError> {
        self.explain_all(api_key_page_queries(filter, &scan)?).await
    }

    /// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of exactly the queries a page of the list
    /// that `filter` filters runs for `scan`, one plan per query.
    pub async fn explain_list<Q: PageQueries>(
        &self,
        filter: &Q,
        scan: Scan<'_, Q::Sort>,
    ) -> Result<Vec<String>, StoreError> {
        self.explain_all(filter.page_queries(&scan)?).await
    }
}
