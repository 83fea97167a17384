//! The fake audit log.

use roster_domain::audit::{AuditEvent, AuditSortField};
use roster_domain::pagination::{Scan, Total};

use super::FakeConn;
use crate::ports::{AuditFilter, AuditTrail, ListRows, StoreError};

impl AuditTrail for FakeConn {
    async fn record(&mut self, event: &AuditEvent) -> Result<(), StoreError> {
        self.tables.events.push(event.clone());
        super::webhooks::enqueue(self, event);
        Ok(())
    }
}

impl ListRows<AuditEvent, AuditSortField, AuditFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &AuditFilter,
        scan: Scan<'_, AuditSortField>,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let events = self
            .tables
            .events
            .iter()
            .filter(|event| filter.covers(event));
        Ok(scan.select(events.cloned()))
    }

    async fn total(&mut self, filter: &AuditFilter) -> Result<Total, StoreError> {
        let count = self
            .tables
            .events
            .iter()
            .filter(|event| filter.covers(event))
            .count();
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}
