//! The list primitives of every resource, from one descriptor each: the filtered query, the
//! keyset queries of a page, the diesel row, the id column.

use diesel::pg::Pg;
use diesel::query_builder::QueryFragment;
use roster_app::ports::StoreError;
use roster_domain::pagination::{Scan, SortField};

/// A list's filter, as the database reads it: the keyset queries of one page.
pub trait PageQueries {
    /// The fields the list sorts by.
    type Sort: SortField;
    /// One of the page's queries.
    type Query: QueryFragment<Pg> + Send;

    /// The queries of the page `scan` asks for, to run in order (see [`crate::keyset`]).
    fn page_queries(&self, scan: &Scan<'_, Self::Sort>) -> Result<Vec<Self::Query>, StoreError>;
}

/// Implements [`PageQueries`] for a filter and `ListRows` for `PgConn` from a resource's
/// descriptor:
///
/// ```ignore
/// list_rows!(GameFilter => Game, sort GameSortField, row GameRow, query GameQuery,
///            queries game_page_queries, filtered filtered, id games::id);
/// ```
macro_rules! list_rows {
    (
        $filter:ty => $row:ty, sort $sort:ty, row $db_row:ty, query $query:ty,
        queries $queries:path, filtered $filtered:path, id $id:expr
    ) => {
        impl $crate::listing::PageQueries for $filter {
            type Sort = $sort;
            type Query = $query;

            fn page_queries(
                &self,
                scan: &roster_domain::pagination::Scan<'_, $sort>,
            ) -> Result<Vec<Self::Query>, roster_app::ports::StoreError> {
                $queries(self, scan)
            }
        }

        impl roster_app::ports::ListRows<$row, $sort, $filter> for $crate::store::PgConn {
            async fn page(
                &mut self,
                filter: &$filter,
                scan: roster_domain::pagination::Scan<'_, $sort>,
            ) -> Result<Vec<$row>, roster_app::ports::StoreError> {
                let queries = $queries(filter, &scan)?;
                let rows =
                    $crate::segments::load_in_order!(self.pg(), queries, scan.fetch, $db_row)
                        .map_err($crate::error::from_diesel)?;
                rows.into_iter().map(<$row>::try_from).collect()
            }

            async fn total(
                &mut self,
                filter: &$filter,
            ) -> Result<roster_domain::pagination::Total, roster_app::ports::StoreError> {
                $crate::total::bounded_total(self.pg(), || $filtered(filter).select($id)).await
            }
        }
    };
}

pub(crate) use list_rows;
