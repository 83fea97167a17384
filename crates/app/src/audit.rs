//! Recording the change a use case makes, with the request that asked for it.
//!
//! Every use case that changes something records exactly one event through [`record`], inside
//! the transaction of the change, so that the event commits with the change or not at all.
//!
//! The request id is correlation data, never an input to a decision, so it does not travel
//! through every use case's signature: the HTTP adapter runs each request inside
//! [`in_request`], and [`record`] stamps the event with the id of the request it runs in (none
//! at the command line).

use std::future::Future;

use roster_domain::AccountId;
use roster_domain::audit::{Actor, AuditAction, AuditEvent, AuditTarget, Changes, RequestId};
use roster_domain::client_session::ClientPrincipal;
use roster_domain::principal::Principal;
use roster_domain::timestamp::Timestamp;

use crate::ports::{AuditTrail, StoreError};

tokio::task_local! {
    static REQUEST: RequestId;
}

/// Runs `work` as the request `id`: the changes it makes are recorded with that id.
pub async fn in_request<F: Future>(id: RequestId, work: F) -> F::Output {
    REQUEST.scope(id, work).await
}

/// The id of the request this task serves, if it serves one.
#[must_use]
pub fn current_request() -> Option<RequestId> {
    REQUEST.try_with(Clone::clone).ok()
}

/// Appends `event`, stamped with the current request, in the transaction `tx` is in.
///
/// # Errors
///
/// As [`AuditTrail::record`].
pub async fn record<C: AuditTrail>(tx: &mut C, event: AuditEvent) -> Result<(), StoreError> {
    tx.record(&event.during(current_request())).await
}

/// What changed, to what, and when: the part of an event every use case decides.
#[derive(Debug, Clone)]
pub struct Change {
    /// What it did.
    pub action: AuditAction,
    /// To what.
    pub target: AuditTarget,
    /// The account the target belongs to.
    pub account_id: AccountId,
    /// The fields that changed.
    pub changes: Changes,
    /// When.
    pub at: Timestamp,
}

/// Records `change`, made by the admin `principal`, in the transaction `tx` is in.
///
/// # Errors
///
/// As [`AuditTrail::record`].
pub async fn by_admin<C: AuditTrail>(
    tx: &mut C,
    principal: &Principal,
    change: Change,
) -> Result<(), StoreError> {
    by_actor(tx, Actor::admin(principal), change).await
}

/// Records `change`, made by the signed-in game client `client`, in the transaction `tx` is in.
///
/// # Errors
///
/// As [`AuditTrail::record`].
pub async fn by_client<C: AuditTrail>(
    tx: &mut C,
    client: &ClientPrincipal,
    change: Change,
) -> Result<(), StoreError> {
    by_actor(tx, Actor::client(client), change).await
}

/// Records `change`, made by `actor`, in the transaction `tx` is in.
///
/// # Errors
///
/// As [`AuditTrail::record`].
pub async fn by_actor<C: AuditTrail>(
    tx: &mut C,
    actor: Actor,
    change: Change,
) -> Result<(), StoreError> {
    let event = AuditEvent::new(
        actor,
        change.action,
        change.target,
        Some(change.account_id),
        change.changes,
        change.at,
    );
    record(tx, event).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_scope_names_the_request_and_outside_it_there_is_none() {
        assert_eq!(current_request(), None);
        let id = RequestId::parse("req-1").unwrap();
        let seen = in_request(id.clone(), async { current_request() }).await;
        assert_eq!(seen, Some(id));
        assert_eq!(current_request(), None);
    }
}
