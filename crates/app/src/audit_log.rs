//! Reading the audit log: one list, scoped like users, newest first.

use roster_domain::AccountId;
use roster_domain::Timestamp;
use roster_domain::audit::{ActorFilter, AuditAction, AuditEvent, AuditSortField};
use roster_domain::pagination::{CursorCodec, FingerprintBuilder};
use roster_domain::policy;
use roster_domain::principal::Principal;

use crate::boxed::use_case_trait;
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{AuditFilter, Database, ListRows};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/audit-events";

/// What the audit log use case needs of a connection.
pub trait AuditConn: ListRows<AuditEvent, AuditSortField, AuditFilter> {}

impl<T: ListRows<AuditEvent, AuditSortField, AuditFilter>> AuditConn for T {}

/// A database whose connections offer what the audit log needs.
pub trait AuditDb: Database<Conn: AuditConn> {}

impl<D: Database<Conn: AuditConn>> AuditDb for D {}

/// A request to list events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAuditEvents {
    /// Only this account's events (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Only events of this action.
    pub action: Option<AuditAction>,
    /// Only events by this actor, or made with this API key.
    pub actor: Option<ActorFilter>,
    /// Only events whose target has this id.
    pub target_id: Option<String>,
    /// Only events strictly after this.
    pub occurred_after: Option<Timestamp>,
    /// Only events strictly before this.
    pub occurred_before: Option<Timestamp>,
    /// The page wanted.
    pub page: PageParams<AuditSortField>,
}

impl Fingerprinted for AuditFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("scope", self.account.map(|id| id.to_string()).as_deref())
            .filter("action", self.action.map(AuditAction::as_str))
            .filter(
                "actor_id",
                self.actor
                    .as_ref()
                    .map(|actor| match actor {
                        ActorFilter::Key(key) => key.to_string(),
                        ActorFilter::Actor(id) => id.clone(),
                    })
                    .as_deref(),
            )
            .filter("target_id", self.target_id.as_deref())
            .filter(
                "occurred_after",
                self.occurred_after.map(|at| at.to_rfc3339()).as_deref(),
            )
            .filter(
                "occurred_before",
                self.occurred_before.map(|at| at.to_rfc3339()).as_deref(),
            )
    }
}

/// The audit log over a database, signing cursors with a codec.
#[derive(Debug)]
pub struct AuditLog<D> {
    db: D,
    cursors: CursorCodec,
}

impl<D: AuditDb> AuditLog<D> {
    /// The use case over `db`, signing cursors with `cursors`.
    pub fn new(db: D, cursors: CursorCodec) -> Self {
        Self { db, cursors }
    }

    /// A superadmin lists every account's events (those of no account included), or one
    /// account's; anyone else their own account's.
    async fn list_events(
        &self,
        principal: &Principal,
        query: ListAuditEvents,
    ) -> Result<Listing<AuditEvent>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = AuditFilter {
            account: scope.account(),
            action: query.action,
            actor: query.actor,
            target_id: query.target_id,
            occurred_after: query.occurred_after,
            occurred_before: query.occurred_before,
        };
        pagination::list(&self.db, &self.cursors, ENDPOINT, &filter, &query.page).await
    }
}

use_case_trait! {
    /// The audit log as the HTTP adapter drives it.
    pub trait AuditLogUseCases for AuditLog<D> where { D: AuditDb } {
        /// Lists the events the principal may see.
        fn list(principal: &'a Principal, query: ListAuditEvents)
            -> Result<Listing<AuditEvent>, ListError> = list_events;
    }
}

#[cfg(test)]
mod tests {
    use roster_domain::audit::{Actor, AuditTarget, Changes, TargetKind};
    use roster_domain::pagination::Limit;

    use super::*;
    use crate::fakes::{FakeDb, admin_of, cursors, now, superadmin};

    fn event(account: AccountId, action: AuditAction, target: &str) -> AuditEvent {
        AuditEvent::new(
            Actor::System,
            action,
            AuditTarget::new(TargetKind::User, target),
            Some(account),
            Changes::none(),
            now(),
        )
    }

    #[tokio::test]
    async fn an_admin_reads_their_accounts_events_only_and_filters_narrow_them() {
        let db = FakeDb::default();
        let (home, other) = (AccountId::new(), AccountId::new());
        db.seed(|tables| {
            tables
                .events
                .push(event(home, AuditAction::UserCreated, "usr_a"));
            tables
                .events
                .push(event(home, AuditAction::UserUpdated, "usr_a"));
            tables
                .events
                .push(event(other, AuditAction::UserCreated, "usr_b"));
        });
        let log = AuditLog::new(db, cursors());
        let mine = log
            .list(&admin_of(home), ListAuditEvents::default())
            .await
            .unwrap();
        assert_eq!(mine.page.items.len(), 2);
        assert!(mine.page.items.iter().all(|e| e.account_id == Some(home)));
        let elsewhere = ListAuditEvents {
            account_id: Some(other),
            ..ListAuditEvents::default()
        };
        assert!(matches!(
            log.list(&admin_of(home), elsewhere.clone()).await,
            Err(ListError::Forbidden(_))
        ));
        assert_eq!(
            log.list(&superadmin(), elsewhere)
                .await
                .unwrap()
                .page
                .items
                .len(),
            1
        );
        let created = ListAuditEvents {
            action: Some(AuditAction::UserCreated),
            page: PageParams {
                limit: Limit::default(),
                ..PageParams::default()
            },
            ..ListAuditEvents::default()
        };
        let all_created = log.list(&superadmin(), created).await.unwrap();
        assert_eq!(all_created.page.items.len(), 2);
        let by_target = ListAuditEvents {
            target_id: Some("usr_b".into()),
            ..ListAuditEvents::default()
        };
        let found = log.list(&superadmin(), by_target).await.unwrap();
        assert_eq!(found.page.items.len(), 1);
        assert_eq!(found.page.items[0].account_id, Some(other));
    }
}
