//! Idempotency keys: whether a POST carrying one runs, answers what it answered before, or is
//! refused (the rules are `roster_domain::idempotency`'s).
//!
//! The answer is kept by a second statement after the request's own transaction commits, not
//! in it: a server that dies between the two leaves the key running, and after its
//! [`LEASE`](roster_domain::idempotency::LEASE) a retry runs the request again. Everything
//! short of that (a retry after a 503, a retry racing the first, a client that lost the
//! answer) gets exactly one execution.

use roster_domain::idempotency::{
    self, IdempotencyKey, KeyScope, RETENTION, RequestFingerprint, Seen, StoredResponse,
};

use crate::BoxFuture;
use crate::ports::{Clock, Database, IdempotencyRecords, StoreError};

/// What a request carrying a key does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// Run it; then [`IdempotencyUseCases::finish`] with its answer.
    Run,
    /// Answer this again, without running anything.
    Replay(StoredResponse),
    /// Another request was made under this key: 422.
    OtherRequest,
    /// The first request under this key is still running: 409.
    StillRunning,
}

/// The idempotency use cases as the HTTP adapter drives them.
pub trait IdempotencyUseCases: Send + Sync + 'static {
    /// Decides what a request of `fingerprint` under `key` does, claiming the key when it runs.
    fn begin<'a>(
        &'a self,
        scope: &'a KeyScope,
        key: &'a IdempotencyKey,
        fingerprint: RequestFingerprint,
    ) -> BoxFuture<'a, Result<Begun, StoreError>>;

    /// Ends a run that [`Begun::Run`] started: keeps `response` when the domain says it is
    /// worth keeping, otherwise frees the key for a retry.
    fn finish<'a>(
        &'a self,
        scope: &'a KeyScope,
        key: &'a IdempotencyKey,
        response: &'a StoredResponse,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// The idempotency use cases over a database `D` and a clock `C`.
#[derive(Debug, Clone)]
pub struct Idempotency<D, C> {
    db: D,
    clock: C,
}

impl<D, C> Idempotency<D, C>
where
    D: Database<Conn: IdempotencyRecords>,
    C: Clock,
{
    /// The use cases over `db`.
    pub fn new(db: D, clock: C) -> Self {
        Self { db, clock }
    }

    async fn begin_run(
        &self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        fingerprint: RequestFingerprint,
    ) -> Result<Begun, StoreError> {
        let now = self.clock.now();
        let expired_before = now.plus(-RETENTION);
        // Each statement on its own: the claim must be visible to a racing request at once.
        self.db
            .read(async |conn: &mut D::Conn| -> Result<Begun, StoreError> {
                if conn
                    .claim(scope, key, fingerprint, now, expired_before)
                    .await?
                {
                    return Ok(Begun::Run);
                }
                let Some(recorded) = conn.recorded(scope, key).await? else {
                    // Released between the claim and the read: the first run's answer was not
                    // kept, so this is a retry of a failure. Ask the caller to retry.
                    return Ok(Begun::StillRunning);
                };
                Ok(match idempotency::on_seen(&recorded, fingerprint, now) {
                    Seen::Replay(response) => Begun::Replay(response),
                    Seen::OtherRequest => Begun::OtherRequest,
                    Seen::StillRunning => Begun::StillRunning,
                    Seen::Abandoned => {
                        let idempotency::Recorded::Running { started_at, .. } = recorded else {
                            return Ok(Begun::StillRunning);
                        };
                        if conn.take_over(scope, key, started_at, now).await? {
                            Begun::Run
                        } else {
                            Begun::StillRunning
                        }
                    }
                })
            })
            .await
    }

    async fn finish_run(
        &self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        self.db
            .read(async |conn: &mut D::Conn| {
                if idempotency::worth_keeping(response.status) {
                    conn.finish(scope, key, response).await
                } else {
                    conn.release(scope, key).await
                }
            })
            .await
    }
}

impl<D, C> IdempotencyUseCases for Idempotency<D, C>
where
    D: Database<Conn: IdempotencyRecords> + Send + Sync + 'static,
    C: Clock + Send + Sync + 'static,
{
    fn begin<'a>(
        &'a self,
        scope: &'a KeyScope,
        key: &'a IdempotencyKey,
        fingerprint: RequestFingerprint,
    ) -> BoxFuture<'a, Result<Begun, StoreError>> {
        Box::pin(self.begin_run(scope, key, fingerprint))
    }

    fn finish<'a>(
        &'a self,
        scope: &'a KeyScope,
        key: &'a IdempotencyKey,
        response: &'a StoredResponse,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(self.finish_run(scope, key, response))
    }
}

#[cfg(test)]
mod tests;
