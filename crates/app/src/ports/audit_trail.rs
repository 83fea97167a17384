//! Recording audit events.

use std::future::Future;

use roster_domain::audit::{ActorFilter, AuditAction, AuditEvent};
use roster_domain::{AccountId, Timestamp};

use super::StoreError;

/// Appending to the audit log.
pub trait AuditTrail: Send {
    /// Appends `event` in the transaction the connection is in: it is recorded when the
    /// transaction commits, and never when it rolls back.
    ///
    /// MUST fail only with `StoreError` (an event id is fresh, so there is no conflict to
    /// report); the use case then fails, and so does its change.
    fn record(&mut self, event: &AuditEvent)
    -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Which events a list or a count covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only events of this account.
    pub account: Option<AccountId>,
    /// Only events of this action.
    pub action: Option<AuditAction>,
    /// Only events by this actor, or made with this API key.
    pub actor: Option<ActorFilter>,
    /// Only events whose target has this id.
    pub target_id: Option<String>,
    /// Only events that occurred strictly after this.
    pub occurred_after: Option<Timestamp>,
    /// Only events that occurred strictly before this.
    pub occurred_before: Option<Timestamp>,
}

impl AuditFilter {
    /// Whether `event` is one the filter covers: the rule the adapter's query states in SQL.
    #[must_use]
    pub fn covers(&self, event: &AuditEvent) -> bool {
        self.account
            .is_none_or(|account| event.account_id == Some(account))
            && self.action.is_none_or(|action| event.action == action)
            && self
                .actor
                .as_ref()
                .is_none_or(|actor| actor.covers(&event.actor))
            && self
                .target_id
                .as_ref()
                .is_none_or(|id| *id == event.target.id)
            && self
                .occurred_after
                .is_none_or(|after| event.occurred_at > after)
            && self
                .occurred_before
                .is_none_or(|before| event.occurred_at < before)
    }
}
