//! The audit log's rows.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use roster_app::ports::{AuditFilter, AuditTrail, StoreError};
use roster_domain::audit::{
    Actor, ActorFilter, ActorKind, AuditAction, AuditEvent, AuditSortField, AuditTarget, Changes,
    RequestId, TargetKind,
};
use roster_domain::pagination::Scan;
use roster_domain::{AccountId, ApiKeyId, EventId, IdentityId, PlayerId, Timestamp, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel};
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::prepared::Prepared;
use crate::schema::audit_events;
use crate::store::PgConn;

pub(crate) type AuditQuery = audit_events::BoxedQuery<'static, Pg>;

/// An event as inserted.
struct NewEventRow<'a> {
    id: Uuid,
    occurred_at: OffsetDateTime,
    account_id: Option<Uuid>,
    actor_type: &'static str,
    actor_id: String,
    api_key_id: Option<Uuid>,
    player_id: Option<Uuid>,
    action: &'static str,
    target_type: &'static str,
    target_id: &'a str,
    changes: serde_json::Value,
    request_id: Option<&'a str>,
}

impl<'a> From<&'a AuditEvent> for NewEventRow<'a> {
    fn from(event: &'a AuditEvent) -> Self {
        let (api_key_id, player_id) = match event.actor {
            Actor::User { api_key_id, .. } => (Some(api_key_id.to_uuid()), None),
            Actor::Identity { player_id, .. } => (None, Some(player_id.to_uuid())),
            Actor::System => (None, None),
        };
        Self {
            id: event.id.to_uuid(),
            occurred_at: event.occurred_at.as_datetime(),
            account_id: event.account_id.map(|id| id.to_uuid()),
            actor_type: event.actor.kind().as_str(),
            actor_id: event.actor.id(),
            api_key_id,
            player_id,
            action: event.action.as_str(),
            target_type: event.target.kind.as_str(),
            target_id: &event.target.id,
            changes: event.changes.to_json(),
            request_id: event.request_id.as_ref().map(|id| id.as_str()),
        }
    }
}

/// Records the event and, in the same statement, queues its delivery to every webhook of its
/// account that takes it (`EventPattern::matches` in SQL: `*`, `<resource>.*`, or the
/// action), announcing the queue on [`crate::webhook_store::CHANNEL`] when it grew. One
/// statement, so an event and its deliveries exist together or not at all. The webhooks are
/// locked `FOR KEY SHARE` (what their foreign key takes anyway), in id order: a webhook being
/// erased meanwhile is waited for and then skipped, rather than failing the change on the
/// foreign key; edits and attempts, which take NO KEY UPDATE, are not waited for.
const RECORD: &str = "
    WITH event AS (
        INSERT INTO audit_events (id, occurred_at, account_id, actor_type, actor_id, api_key_id,
                                  player_id, action, target_type, target_id, changes, request_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        RETURNING id, account_id, action, occurred_at
    ), queued AS (
        INSERT INTO webhook_deliveries (webhook_id, event_id, action, created_at, next_attempt_at)
        SELECT w.id, event.id, event.action, event.occurred_at, event.occurred_at
        FROM event JOIN webhooks w ON w.account_id = event.account_id
        WHERE w.events && ARRAY['*', split_part(event.action, '.', 1) || '.*', event.action]
        ORDER BY w.id
        FOR KEY SHARE OF w
        RETURNING 1
    )
    SELECT pg_notify($13, '') FROM (SELECT 1 FROM queued LIMIT 1) AS announced";

impl AuditTrail for PgConn {
    async fn record(&mut self, event: &AuditEvent) -> Result<(), StoreError> {
        let row = NewEventRow::from(event);
        Prepared::new(RECORD)
            .bind::<SqlUuid, _>(row.id)
            .bind::<Timestamptz, _>(row.occurred_at)
            .bind::<Nullable<SqlUuid>, _>(row.account_id)
            .bind::<Text, _>(row.actor_type)
            .bind::<Text, _>(row.actor_id)
            .bind::<Nullable<SqlUuid>, _>(row.api_key_id)
            .bind::<Nullable<SqlUuid>, _>(row.player_id)
            .bind::<Text, _>(row.action)
            .bind::<Text, _>(row.target_type)
            .bind::<Text, _>(row.target_id)
            .bind::<Jsonb, _>(row.changes)
            .bind::<Nullable<Text>, _>(row.request_id)
            .bind::<Text, _>(crate::webhook_store::CHANNEL)
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }
}

/// An `audit_events` row as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events, check_for_backend(diesel::pg::Pg))]
pub(crate) struct AuditRow {
    id: Uuid,
    occurred_at: OffsetDateTime,
    account_id: Option<Uuid>,
    actor_type: String,
    actor_id: String,
    api_key_id: Option<Uuid>,
    player_id: Option<Uuid>,
    action: String,
    target_type: String,
    target_id: String,
    changes: serde_json::Value,
    request_id: Option<String>,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> Result<Self, Self::Error> {
        let actor = match ActorKind::parse(&row.actor_type) {
            Some(ActorKind::User) => Actor::User {
                user_id: UserId::parse(&row.actor_id).map_err(|_| corrupt("event actor"))?,
                api_key_id: ApiKeyId::from_uuid(
                    row.api_key_id.ok_or_else(|| corrupt("event key"))?,
                ),
            },
            Some(ActorKind::Identity) => Actor::Identity {
                identity_id: IdentityId::parse(&row.actor_id)
                    .map_err(|_| corrupt("event actor"))?,
                player_id: PlayerId::from_uuid(
                    row.player_id.ok_or_else(|| corrupt("event player"))?,
                ),
            },
            Some(ActorKind::System) => Actor::System,
            None => return Err(corrupt("event actor type")),
        };
        Ok(Self {
            id: EventId::from_uuid(row.id),
            occurred_at: Timestamp::from_datetime(row.occurred_at),
            actor,
            action: AuditAction::parse(&row.action).ok_or_else(|| corrupt("event action"))?,
            target: AuditTarget {
                kind: TargetKind::parse(&row.target_type)
                    .ok_or_else(|| corrupt("event target type"))?,
                id: row.target_id,
            },
            account_id: row.account_id.map(AccountId::from_uuid),
            changes: Changes::from_json(&row.changes).ok_or_else(|| corrupt("event changes"))?,
            request_id: match row.request_id {
                Some(id) => Some(RequestId::parse(&id).ok_or_else(|| corrupt("event request"))?),
                None => None,
            },
        })
    }
}

fn event_key(field: AuditSortField) -> Box<dyn KeyColumn<audit_events::table, AuditQuery>> {
    match field {
        AuditSortField::Id => Box::new(Key::<_, Uuid>::new(audit_events::id)),
        AuditSortField::OccurredAt => {
            Box::new(Key::<_, OffsetDateTime>::new(audit_events::occurred_at))
        }
    }
}

/// The events `filter` covers: [`AuditFilter::covers`] in SQL.
fn events_filtered(filter: &AuditFilter) -> AuditQuery {
    let mut query = audit_events::table.into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(audit_events::account_id.eq(account.to_uuid()));
    }
    if let Some(action) = filter.action {
        query = query.filter(audit_events::action.eq(action.as_str()));
    }
    match &filter.actor {
        Some(ActorFilter::Key(key)) => {
            query = query.filter(audit_events::api_key_id.eq(key.to_uuid()));
        }
        Some(ActorFilter::Actor(id)) => {
            query = query.filter(audit_events::actor_id.eq(id.clone()));
        }
        None => {}
    }
    if let Some(target) = &filter.target_id {
        query = query.filter(audit_events::target_id.eq(target.clone()));
    }
    if let Some(after) = filter.occurred_after {
        query = query.filter(audit_events::occurred_at.gt(after.as_datetime()));
    }
    if let Some(before) = filter.occurred_before {
        query = query.filter(audit_events::occurred_at.lt(before.as_datetime()));
    }
    query
}

/// The queries of one page of events.
pub(crate) fn event_page_queries(
    filter: &AuditFilter,
    scan: &Scan<'_, AuditSortField>,
) -> Result<Vec<AuditQuery>, StoreError> {
    keyset::paginate(|| events_filtered(filter), scan, event_key)
}

list_rows!(AuditFilter => AuditEvent, sort AuditSortField, row AuditRow,
           query AuditQuery, queries event_page_queries, filtered events_filtered,
           id audit_events::id);
