//! The list primitives: one page of a resource's rows, and their bounded total.

use std::future::Future;

use roster_domain::pagination::{Scan, SortField, Total};

use super::StoreError;

/// How a connection lists the live rows `R`, sorted by `F` and filtered by `Q`.
pub trait ListRows<R, F: SortField, Q>: Send {
    /// The live rows that match `filter`, as `scan` asks: beyond its position in scan order,
    /// ordered by its keys, at most `scan.fetch` of them.
    fn page(
        &mut self,
        filter: &Q,
        scan: Scan<'_, F>,
    ) -> impl Future<Output = Result<Vec<R>, StoreError>> + Send;

    /// How many live rows match `filter`: exact up to the domain's limit, an estimate above
    /// it, never an unbounded count.
    fn total(&mut self, filter: &Q) -> impl Future<Output = Result<Total, StoreError>> + Send;
}
