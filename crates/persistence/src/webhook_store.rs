//! Webhooks and their deliveries in PostgreSQL. The outbox is filled by the statement that
//! records each event ([`crate::audit_store`]); this file claims, attempts and lists it.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Bytea, Integer, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use roster_app::ports::{
    DeliveryFilter, DueDelivery, Outbox, StoreError, WebhookFilter, WebhookInsertError, WebhookRows,
};
use roster_domain::audit::{AuditAction, AuditEvent};
use roster_domain::etag::Version;
use roster_domain::pagination::Scan;
use roster_domain::sign_in::Sealed;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::{EventPatterns, Webhook, WebhookDescription, WebhookSortField};
use roster_domain::webhook_delivery::{
    AfterAttempt, Delivery, DeliveryAttempt, DeliverySortField, DeliveryStatus,
};
use roster_domain::{AccountId, EventId, Timestamp, WebhookId};
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit_store::AuditRow;
use crate::error::{corrupt, from_diesel};
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::prepared::Prepared;
use crate::rows::{decoded, stored_version};
use crate::schema::{audit_events, webhook_deliveries, webhooks};
use crate::store::PgConn;

/// The channel a queued delivery is announced on (by the statement that queues it), so that
/// idle deliverers wake at once rather than at their next poll.
pub const CHANNEL: &str = "roster_webhooks";

// Selected by their rows (the secret and the queue order are not listed).
pub(crate) type WebhookQuery =
    webhooks::BoxedQuery<'static, Pg, diesel::dsl::AsSelect<WebhookRow, Pg>>;
pub(crate) type DeliveryQuery =
    webhook_deliveries::BoxedQuery<'static, Pg, diesel::dsl::AsSelect<DeliveryRow, Pg>>;

/// A `webhooks` row, without its secret.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks, check_for_backend(diesel::pg::Pg))]
pub struct WebhookRow {
    id: Uuid,
    account_id: Uuid,
    url: String,
    events: Vec<String>,
    description: Option<String>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl TryFrom<WebhookRow> for Webhook {
    type Error = StoreError;

    fn try_from(row: WebhookRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: WebhookId::from_uuid(row.id),
            account_id: AccountId::from_uuid(row.account_id),
            url: WebUrl::parse(&row.url).map_err(|_| corrupt("webhook url"))?,
            events: EventPatterns::parse(&row.events).map_err(|_| corrupt("webhook events"))?,
            description: row
                .description
                .as_deref()
                .map(WebhookDescription::parse)
                .transpose()
                .map_err(|_| corrupt("webhook description"))?,
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            version: stored_version(row.version)?,
        })
    }
}

/// The changeable columns of a webhook.
#[derive(AsChangeset)]
#[diesel(table_name = webhooks, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
struct WebhookChangeRow<'a> {
    url: &'a str,
    events: Vec<String>,
    description: Option<&'a str>,
    updated_at: OffsetDateTime,
}

impl WebhookRows for PgConn {
    async fn insert_webhook(
        &mut self,
        webhook: &Webhook,
        secret: &Sealed,
    ) -> Result<(), WebhookInsertError> {
        diesel::insert_into(webhooks::table)
            .values((
                webhooks::id.eq(webhook.id.to_uuid()),
                webhooks::account_id.eq(webhook.account_id.to_uuid()),
                webhooks::url.eq(webhook.url.as_str()),
                webhooks::events.eq(webhook.events.as_strings()),
                webhooks::description.eq(webhook.description.as_ref().map(|text| text.as_str())),
                webhooks::secret.eq(secret.as_bytes()),
                webhooks::created_at.eq(webhook.created_at.as_datetime()),
                webhooks::updated_at.eq(webhook.updated_at.as_datetime()),
            ))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(|error| match &error {
                DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                    WebhookInsertError::AccountMissing
                }
                _ => WebhookInsertError::Store(from_diesel(error)),
            })
    }

    async fn webhook(&mut self, id: WebhookId) -> Result<Option<Webhook>, StoreError> {
        let found = webhooks::table
            .find(id.to_uuid())
            .select(WebhookRow::as_select())
            .first::<WebhookRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_webhook(&mut self, id: WebhookId) -> Result<Option<Webhook>, StoreError> {
        // NO KEY UPDATE, as the UPDATE that follows takes: the outbox's foreign key inserts
        // (KEY SHARE) go on meanwhile.
        let found = webhooks::table
            .find(id.to_uuid())
            .select(WebhookRow::as_select())
            .for_no_key_update()
            .first::<WebhookRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_webhook(&mut self, webhook: &Webhook) -> Result<Version, StoreError> {
        let version = diesel::update(webhooks::table.find(webhook.id.to_uuid()))
            .set(WebhookChangeRow {
                url: webhook.url.as_str(),
                events: webhook.events.as_strings(),
                description: webhook.description.as_ref().map(|text| text.as_str()),
                updated_at: webhook.updated_at.as_datetime(),
            })
            .returning(webhooks::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(from_diesel)?;
        stored_version(version)
    }

    /// A transaction-scoped advisory lock keyed by the account: it blocks only other erasures.
    async fn lock_webhook_erasures(&mut self, account: AccountId) -> Result<(), StoreError> {
        Prepared::new("SELECT pg_advisory_xact_lock(hashtextextended('roster.webhook-erasures:' || $1::text, 0))")
            .bind::<SqlUuid, _>(account.to_uuid())
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn delete_webhook(&mut self, id: WebhookId) -> Result<bool, StoreError> {
        let deleted = diesel::delete(webhooks::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }
}

/// A webhook whose head was due when the claim looked.
#[derive(QueryableByName)]
struct ClaimedRow {
    #[diesel(sql_type = SqlUuid)]
    webhook_id: Uuid,
}

/// The head of a claimed webhook's queue.
#[derive(QueryableByName)]
struct DueRow {
    #[diesel(sql_type = SqlUuid)]
    webhook_id: Uuid,
    #[diesel(sql_type = Text)]
    url: String,
    #[diesel(sql_type = Bytea)]
    secret: Vec<u8>,
    #[diesel(sql_type = SqlUuid)]
    event_id: Uuid,
    #[diesel(sql_type = Integer)]
    attempt_count: i32,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    next_attempt_at: OffsetDateTime,
}

/// When the next head is due.
#[derive(QueryableByName)]
struct NextDueRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamptz>)]
    next: Option<OffsetDateTime>,
}

/// The head of each webhook's queue is its pending delivery of lowest `seq`
/// (`webhook_deliveries_queue_idx`); the claim locks the webhook's row, not the delivery's,
/// so that a held webhook is skipped whole rather than its second delivery taken. The lock
/// is NO KEY UPDATE: a change's insert into the outbox only takes KEY SHARE on the webhook
/// (its foreign key), so writes never wait for an attempt.
///
/// The head this statement sees is of its snapshot, taken before the lock: another
/// deliverer may have finished that very delivery and let go of the webhook in between. So
/// the claim only picks the webhook; [`HEAD`], run once the lock is held, reads the head.
const CLAIM: &str = "
    SELECT w.id AS webhook_id
    FROM webhooks w
    CROSS JOIN LATERAL (
        SELECT d.event_id, d.attempt_count, d.created_at, d.next_attempt_at
        FROM webhook_deliveries d
        WHERE d.webhook_id = w.id AND d.status = 'pending'
        ORDER BY d.seq
        LIMIT 1
    ) head
    WHERE head.next_attempt_at <= $1
    ORDER BY head.next_attempt_at
    LIMIT 1
    FOR NO KEY UPDATE OF w SKIP LOCKED";

/// The head of a locked webhook's queue, as committed now.
const HEAD: &str = "
    SELECT w.id AS webhook_id, w.url, w.secret, d.event_id, d.attempt_count, d.created_at,
           d.next_attempt_at
    FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.id
    WHERE w.id = $1 AND d.status = 'pending'
    ORDER BY d.seq
    LIMIT 1";

const NEXT_DUE: &str = "
    SELECT min(head.next_attempt_at) AS next
    FROM webhooks w
    CROSS JOIN LATERAL (
        SELECT d.next_attempt_at
        FROM webhook_deliveries d
        WHERE d.webhook_id = w.id AND d.status = 'pending'
        ORDER BY d.seq
        LIMIT 1
    ) head";

const RECORD_ATTEMPT: &str = "
    UPDATE webhook_deliveries
    SET status = $1, next_attempt_at = $2, finished_at = $3,
        attempt_count = attempt_count + 1, attempts = attempts || jsonb_build_array($4::jsonb)
    WHERE webhook_id = $5 AND event_id = $6";

fn attempt_json(attempt: &DeliveryAttempt) -> Value {
    json!({
        "at": attempt.at.to_rfc3339(),
        "status_code": attempt.status_code,
        "error": attempt.error,
        "duration_ms": attempt.duration_ms,
    })
}

fn attempt_from_json(value: &Value) -> Option<DeliveryAttempt> {
    let at = time::OffsetDateTime::parse(
        value.get("at")?.as_str()?,
        &time::format_description::well_known::Rfc3339,
    )
    .ok()?;
    let status_code = match value.get("status_code")? {
        Value::Null => None,
        code => Some(u16::try_from(code.as_u64()?).ok()?),
    };
    let error = match value.get("error")? {
        Value::Null => None,
        text => Some(text.as_str()?.to_owned()),
    };
    Some(DeliveryAttempt {
        at: Timestamp::from_datetime(at),
        status_code,
        error,
        duration_ms: value.get("duration_ms")?.as_u64()?,
    })
}

impl Outbox for PgConn {
    async fn claim_due(&mut self, now: Timestamp) -> Result<Option<DueDelivery>, StoreError> {
        let claimed = Prepared::new(CLAIM)
            .bind::<Timestamptz, _>(now.as_datetime())
            .get_result::<ClaimedRow>(self.pg())
            .await
            .optional()
            .map_err(from_diesel)?;
        let Some(claimed) = claimed else {
            return Ok(None);
        };
        let head = Prepared::new(HEAD)
            .bind::<SqlUuid, _>(claimed.webhook_id)
            .get_result::<DueRow>(self.pg())
            .await
            .optional()
            .map_err(from_diesel)?;
        // Finished by another deliverer, or its retry not yet due: nothing to attempt now.
        let Some(row) = head.filter(|row| row.next_attempt_at <= now.as_datetime()) else {
            return Ok(None);
        };
        Ok(Some(DueDelivery {
            webhook_id: WebhookId::from_uuid(row.webhook_id),
            url: WebUrl::parse(&row.url).map_err(|_| corrupt("webhook url"))?,
            secret: Sealed::from_bytes(row.secret),
            event_id: EventId::from_uuid(row.event_id),
            attempts_made: u32::try_from(row.attempt_count)
                .map_err(|_| corrupt("delivery attempts"))?,
            queued_at: Timestamp::from_datetime(row.created_at),
        }))
    }

    async fn event(&mut self, id: EventId) -> Result<Option<AuditEvent>, StoreError> {
        let found = audit_events::table
            .find(id.to_uuid())
            .select(AuditRow::as_select())
            .first::<AuditRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn record_attempt(
        &mut self,
        webhook: WebhookId,
        event: EventId,
        attempt: &DeliveryAttempt,
        after: AfterAttempt,
    ) -> Result<(), StoreError> {
        let (next, finished) = match after {
            AfterAttempt::RetryAt(at) => (Some(at.as_datetime()), None),
            AfterAttempt::Delivered | AfterAttempt::Failed => {
                (None, Some(attempt.at.as_datetime()))
            }
        };
        Prepared::new(RECORD_ATTEMPT)
            .bind::<Text, _>(after.status().as_str())
            .bind::<diesel::sql_types::Nullable<Timestamptz>, _>(next)
            .bind::<diesel::sql_types::Nullable<Timestamptz>, _>(finished)
            .bind::<diesel::sql_types::Jsonb, _>(attempt_json(attempt))
            .bind::<SqlUuid, _>(webhook.to_uuid())
            .bind::<SqlUuid, _>(event.to_uuid())
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn next_due(&mut self) -> Result<Option<Timestamp>, StoreError> {
        let row = Prepared::new(NEXT_DUE)
            .get_result::<NextDueRow>(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(row.next.map(Timestamp::from_datetime))
    }
}

fn webhook_key(field: WebhookSortField) -> Box<dyn KeyColumn<webhooks::table, WebhookQuery>> {
    match field {
        WebhookSortField::Id => Box::new(Key::<_, Uuid>::new(webhooks::id)),
        WebhookSortField::CreatedAt => {
            Box::new(Key::<_, OffsetDateTime>::new(webhooks::created_at))
        }
        WebhookSortField::UpdatedAt => {
            Box::new(Key::<_, OffsetDateTime>::new(webhooks::updated_at))
        }
    }
}

fn webhooks_filtered(filter: &WebhookFilter) -> WebhookQuery {
    let mut query = webhooks::table.select(WebhookRow::as_select()).into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(webhooks::account_id.eq(account.to_uuid()));
    }
    query
}

fn webhook_page_queries(
    filter: &WebhookFilter,
    scan: &Scan<'_, WebhookSortField>,
) -> Result<Vec<WebhookQuery>, StoreError> {
    keyset::paginate(|| webhooks_filtered(filter), scan, webhook_key)
}

list_rows!(WebhookFilter => Webhook, sort WebhookSortField, row WebhookRow,
           query WebhookQuery, queries webhook_page_queries, filtered webhooks_filtered,
           id webhooks::id);

/// A `webhook_deliveries` row as listed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries, check_for_backend(diesel::pg::Pg))]
pub struct DeliveryRow {
    webhook_id: Uuid,
    event_id: Uuid,
    action: String,
    status: String,
    created_at: OffsetDateTime,
    next_attempt_at: Option<OffsetDateTime>,
    finished_at: Option<OffsetDateTime>,
    attempts: Value,
}

impl TryFrom<DeliveryRow> for Delivery {
    type Error = StoreError;

    fn try_from(row: DeliveryRow) -> Result<Self, Self::Error> {
        let attempts = row
            .attempts
            .as_array()
            .ok_or_else(|| corrupt("delivery attempts"))?
            .iter()
            .map(|attempt| attempt_from_json(attempt).ok_or_else(|| corrupt("delivery attempt")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            webhook_id: WebhookId::from_uuid(row.webhook_id),
            id: EventId::from_uuid(row.event_id),
            action: AuditAction::parse(&row.action).ok_or_else(|| corrupt("delivery action"))?,
            status: DeliveryStatus::parse(&row.status).ok_or_else(|| corrupt("delivery status"))?,
            attempts,
            created_at: Timestamp::from_datetime(row.created_at),
            next_attempt_at: row.next_attempt_at.map(Timestamp::from_datetime),
            finished_at: row.finished_at.map(Timestamp::from_datetime),
        })
    }
}

fn delivery_key(
    field: DeliverySortField,
) -> Box<dyn KeyColumn<webhook_deliveries::table, DeliveryQuery>> {
    match field {
        DeliverySortField::Id => Box::new(Key::<_, Uuid>::new(webhook_deliveries::event_id)),
        DeliverySortField::CreatedAt => Box::new(Key::<_, OffsetDateTime>::new(
            webhook_deliveries::created_at,
        )),
    }
}

fn deliveries_filtered(filter: &DeliveryFilter) -> DeliveryQuery {
    let mut query = webhook_deliveries::table
        .select(DeliveryRow::as_select())
        .filter(webhook_deliveries::webhook_id.eq(filter.webhook.to_uuid()))
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(webhook_deliveries::status.eq(status.as_str()));
    }
    query
}

fn delivery_page_queries(
    filter: &DeliveryFilter,
    scan: &Scan<'_, DeliverySortField>,
) -> Result<Vec<DeliveryQuery>, StoreError> {
    keyset::paginate(|| deliveries_filtered(filter), scan, delivery_key)
}

list_rows!(DeliveryFilter => Delivery, sort DeliverySortField, row DeliveryRow,
           query DeliveryQuery, queries delivery_page_queries, filtered deliveries_filtered,
           id webhook_deliveries::event_id);

impl crate::store::PgStore {
    /// How many deliveries wait in the outbox, of every webhook (the metrics' backlog; the
    /// partial queue index holds exactly these).
    ///
    /// # Errors
    /// When the database fails or is out of reach.
    pub async fn pending_deliveries(&self) -> Result<i64, StoreError> {
        use roster_app::ports::Database as _;
        self.read(async |conn: &mut PgConn| {
            webhook_deliveries::table
                .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()))
                .count()
                .get_result::<i64>(conn.pg())
                .await
                .map_err(from_diesel)
        })
        .await
    }
}
