//! The fake idempotency records: a map of scope and key to what is recorded, with the
//! adapter's replace-when-expired claim.

use roster_domain::Timestamp;
use roster_domain::idempotency::{
    IdempotencyKey, KeyScope, Recorded, RequestFingerprint, StoredResponse,
};

use super::FakeConn;
use crate::ports::{IdempotencyRecords, StoreError};

fn started(recorded: &(Recorded, Timestamp)) -> Timestamp {
    recorded.1
}

impl IdempotencyRecords for FakeConn {
    async fn claim(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        fingerprint: RequestFingerprint,
        now: Timestamp,
        expired_before: Timestamp,
    ) -> Result<bool, StoreError> {
        let slot = (scope.as_str().to_owned(), key.as_str().to_owned());
        if let Some(existing) = self.tables.idempotency.get(&slot)
            && started(existing) > expired_before
        {
            return Ok(false);
        }
        self.tables.idempotency.insert(
            slot,
            (
                Recorded::Running {
                    fingerprint,
                    started_at: now,
                },
                now,
            ),
        );
        Ok(true)
    }

    async fn recorded(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
    ) -> Result<Option<Recorded>, StoreError> {
        let slot = (scope.as_str().to_owned(), key.as_str().to_owned());
        Ok(self
            .tables
            .idempotency
            .get(&slot)
            .map(|(recorded, _)| recorded.clone()))
    }

    async fn take_over(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        started_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let slot = (scope.as_str().to_owned(), key.as_str().to_owned());
        match self.tables.idempotency.get_mut(&slot) {
            Some((
                Recorded::Running {
                    started_at: running,
                    ..
                },
                at,
            )) if *running == started_at => {
                *running = now;
                *at = now;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn finish(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        let slot = (scope.as_str().to_owned(), key.as_str().to_owned());
        if let Some((recorded, _)) = self.tables.idempotency.get_mut(&slot)
            && let Recorded::Running { fingerprint, .. } = recorded
        {
            *recorded = Recorded::Finished {
                fingerprint: *fingerprint,
                response: response.clone(),
            };
        }
        Ok(())
    }

    async fn release(&mut self, scope: &KeyScope, key: &IdempotencyKey) -> Result<(), StoreError> {
        let slot = (scope.as_str().to_owned(), key.as_str().to_owned());
        if matches!(
            self.tables.idempotency.get(&slot),
            Some((Recorded::Running { .. }, _))
        ) {
            self.tables.idempotency.remove(&slot);
        }
        Ok(())
    }
}
