//! The answers kept for idempotency keys.

use std::future::Future;

use roster_domain::Timestamp;
use roster_domain::idempotency::{
    IdempotencyKey, KeyScope, Recorded, RequestFingerprint, StoredResponse,
};

use super::StoreError;

/// The idempotency records, one per scope and key. Every method fails with
/// [`StoreError::Unavailable`] when the database is out of reach and [`StoreError::Internal`]
/// otherwise; none fails for anything a caller sent.
pub trait IdempotencyRecords: Send {
    /// Records that `fingerprint` runs under `key` since `now`, unless something is recorded
    /// there that started after `expired_before` (a record older than that is replaced). True
    /// when this call made the record: its caller runs the request. Atomic: of two callers
    /// racing for one key, exactly one gets true.
    fn claim(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        fingerprint: RequestFingerprint,
        now: Timestamp,
        expired_before: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// What is recorded under `key`, if anything.
    fn recorded(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
    ) -> impl Future<Output = Result<Option<Recorded>, StoreError>> + Send;

    /// Moves the running record that started at `started_at` to `now`, for a caller that takes
    /// over an abandoned run. True when this call did it (another taker may have first).
    fn take_over(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        started_at: Timestamp,
        now: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Keeps `response` as the answer of the run recorded under `key`.
    fn finish(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Forgets the run recorded under `key` that has no answer yet (its answer is not kept).
    fn release(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}
