//! Webhook bodies and parameters, the deliveries list, and the body each delivery POSTs.

use roster_app::webhooks::{CreateWebhook, CreatedWebhook, ListDeliveries, ListWebhooks};
use roster_domain::audit::AuditEvent;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::{
    EventPatterns, PatternsError, Webhook, WebhookChanges, WebhookDescription,
};
use roster_domain::webhook_delivery::{Delivery, DeliveryAttempt, DeliveryStatus};
use roster_domain::{AccountId, EventId, Timestamp, WebhookId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::audit::AuditEventResponse;
use super::identity::absent_or_nullable;
use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, AuditActionSchema, DeliveryStatusSchema, EventIdSchema, EventPatternSchema,
    TimestampSchema, WebUrlSchema, WebhookDescriptionSchema, WebhookIdSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, Violation, enum_filter};

impl Violation for PatternsError {
    fn describe(&self) -> (&'static str, String) {
        let kind = match self {
            Self::Empty => "too_short",
            Self::TooMany => "too_long",
            Self::Pattern(_) => "enum",
        };
        (kind, self.to_string())
    }
}

/// A new webhook.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookCreateRequest {
    /// The account whose events it takes: yours when absent (superadmins name any account).
    #[serde(default)]
    #[schema(value_type = Option<AccountIdSchema>)]
    pub account_id: Option<String>,
    /// Where each delivery is POSTed: http or https, no user name or password, and (unless the
    /// operator set `ROSTER_WEBHOOK_ALLOW_PRIVATE`) resolving to public addresses only.
    #[schema(value_type = WebUrlSchema)]
    pub url: String,
    /// Which events it takes (1–50; one given twice is kept once).
    #[schema(value_type = Vec<EventPatternSchema>, min_items = 1, max_items = 50)]
    pub events: Vec<String>,
    /// What it is for.
    #[serde(default)]
    #[schema(value_type = Option<WebhookDescriptionSchema>)]
    pub description: Option<String>,
}

impl WebhookCreateRequest {
    /// The use case's input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateWebhook, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["body", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let url = errors.check(&["body", "url"], WebUrl::parse(&self.url));
        let events = errors.check(&["body", "events"], EventPatterns::parse(&self.events));
        let description = errors.optional(
            &["body", "description"],
            self.description.as_deref(),
            WebhookDescription::parse,
        );
        errors.finish(|| {
            Some(CreateWebhook {
                account_id: account_id?,
                url: url?,
                events: events?,
                description: description?,
            })
        })
    }
}

/// Changes to a webhook: an absent (or null) `url` or `events` stays; a null `description`
/// removes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookUpdateRequest {
    /// A new URL (checked as at creation).
    #[serde(default)]
    #[schema(value_type = Option<WebUrlSchema>)]
    pub url: Option<String>,
    /// New patterns, replacing the old ones.
    #[serde(default)]
    #[schema(value_type = Option<Vec<EventPatternSchema>>, min_items = 1, max_items = 50)]
    pub events: Option<Vec<String>>,
    /// A new description; null removes it.
    #[serde(default, deserialize_with = "absent_or_nullable")]
    #[schema(value_type = Option<WebhookDescriptionSchema>)]
    pub description: Option<Option<String>>,
}

impl WebhookUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<WebhookChanges, ApiError> {
        let mut errors = Collector::new();
        let url = errors.optional(&["body", "url"], self.url.as_deref(), WebUrl::parse);
        let events = match &self.events {
            None => Some(None),
            Some(events) => errors
                .check(&["body", "events"], EventPatterns::parse(events))
                .map(Some),
        };
        let description = errors.nullable(
            &["body", "description"],
            self.description.as_ref().map(Option::as_deref),
            WebhookDescription::parse,
        );
        errors.finish(|| {
            Some(WebhookChanges {
                url: url?,
                events: events?,
                description: description?,
            })
        })
    }
}

/// A webhook.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookResponse {
    /// Unique identifier for the webhook.
    #[schema(value_type = WebhookIdSchema)]
    pub id: WebhookId,
    /// The account whose events it takes.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// Where deliveries are POSTed.
    #[schema(value_type = WebUrlSchema)]
    pub url: String,
    /// Which events it takes.
    #[schema(value_type = Vec<EventPatternSchema>)]
    pub events: Vec<String>,
    /// What it is for.
    #[schema(value_type = Option<WebhookDescriptionSchema>, required = true)]
    pub description: Option<String>,
    /// When it was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When it was last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<Webhook> for WebhookResponse {
    fn from(webhook: Webhook) -> Self {
        Self {
            id: webhook.id,
            account_id: webhook.account_id,
            url: webhook.url.as_str().to_owned(),
            events: webhook.events.as_strings(),
            description: webhook.description.map(|text| text.as_str().to_owned()),
            created_at: webhook.created_at,
            updated_at: webhook.updated_at,
        }
    }
}

/// A webhook just created, with its signing secret: shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookCreatedResponse {
    /// The webhook.
    #[serde(flatten)]
    pub webhook: WebhookResponse,
    /// The signing secret: `whsec_` and the base64 of 32 bytes. Each delivery's
    /// `webhook-signature` is `v1,` and the base64 of HMAC-SHA256, keyed with the decoded
    /// bytes, of `<webhook-id>.<webhook-timestamp>.<body>`. It is never shown again.
    #[schema(
        pattern = "^whsec_[A-Za-z0-9+/]{43}=$",
        example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo="
    )]
    pub secret: String,
}

impl From<CreatedWebhook> for WebhookCreatedResponse {
    fn from(created: CreatedWebhook) -> Self {
        Self {
            secret: created.secret.expose(),
            webhook: created.webhook.into(),
        }
    }
}

/// The webhooks list's filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WebhookListFilters {
    /// Only this account's webhooks. Superadmins may name any account; others only their own
    /// (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
}

impl ListFilters for WebhookListFilters {
    type Query = ListWebhooks;

    fn try_into_domain(self, page: PageQuery) -> Result<ListWebhooks, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let page = page.parse(&mut errors);
        errors.finish(|| {
            Some(ListWebhooks {
                account_id: account_id?,
                page: page?,
            })
        })
    }
}

/// One attempt of a delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryAttemptResponse {
    /// When it started (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub at: Timestamp,
    /// The receiver's status code; null when none came.
    #[schema(required = true, example = 503)]
    pub status_code: Option<u16>,
    /// Why no status came (no connection, no answer in time, a refused address); null when
    /// one did.
    #[schema(required = true, example = "no answer in time")]
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    #[schema(example = 42)]
    pub duration_ms: u64,
}

impl From<DeliveryAttempt> for DeliveryAttemptResponse {
    fn from(attempt: DeliveryAttempt) -> Self {
        Self {
            at: attempt.at,
            status_code: attempt.status_code,
            error: attempt.error,
            duration_ms: attempt.duration_ms,
        }
    }
}

/// One event's delivery to a webhook, with its attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryResponse {
    /// The event, and each attempt's `webhook-id`.
    #[schema(value_type = EventIdSchema)]
    pub event_id: EventId,
    /// The webhook.
    #[schema(value_type = WebhookIdSchema)]
    pub webhook_id: WebhookId,
    /// The event's action.
    #[schema(value_type = AuditActionSchema)]
    pub action: &'static str,
    /// Where it stands.
    #[schema(value_type = DeliveryStatusSchema)]
    pub status: &'static str,
    /// Its attempts, oldest first.
    pub attempts: Vec<DeliveryAttemptResponse>,
    /// When it was queued: the event's time (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When it is next attempted; null once delivered or failed.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub next_attempt_at: Option<Timestamp>,
    /// When it was delivered or failed; null while pending.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub finished_at: Option<Timestamp>,
}

impl From<Delivery> for DeliveryResponse {
    fn from(delivery: Delivery) -> Self {
        Self {
            event_id: delivery.id,
            webhook_id: delivery.webhook_id,
            action: delivery.action.as_str(),
            status: delivery.status.as_str(),
            attempts: delivery.attempts.into_iter().map(Into::into).collect(),
            created_at: delivery.created_at,
            next_attempt_at: delivery.next_attempt_at,
            finished_at: delivery.finished_at,
        }
    }
}

/// The deliveries list's filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryListFilters {
    /// Only deliveries in this status (another value is a 400).
    #[param(value_type = Option<DeliveryStatusSchema>)]
    status: Option<String>,
}

impl ListFilters for DeliveryListFilters {
    type Query = ListDeliveries;

    fn try_into_domain(self, page: PageQuery) -> Result<ListDeliveries, ApiError> {
        let mut errors = Collector::new();
        let page = page.parse(&mut errors);
        let page = errors.finish(|| page)?;
        let statuses: Vec<&'static str> = DeliveryStatus::ALL.iter().map(|s| s.as_str()).collect();
        let status = enum_filter(
            "status",
            self.status.as_deref(),
            &statuses,
            DeliveryStatus::parse,
        )?;
        Ok(ListDeliveries { status, page })
    }
}

page_schema!(
    /// A page of webhooks.
    WebhookPage,
    WebhookResponse
);

page_schema!(
    /// A page of a webhook's deliveries.
    DeliveryPage,
    DeliveryResponse
);

/// The body of each delivery: Standard Webhooks' `{type, timestamp, data}`, `data` being the
/// event as `GET /v1/audit-events` shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookPayload {
    /// The event's action.
    #[serde(rename = "type")]
    #[schema(value_type = AuditActionSchema)]
    pub kind: &'static str,
    /// When the change was made.
    #[schema(value_type = TimestampSchema)]
    pub timestamp: Timestamp,
    /// The event.
    pub data: AuditEventResponse,
}

impl From<AuditEvent> for WebhookPayload {
    fn from(event: AuditEvent) -> Self {
        Self {
            kind: event.action.as_str(),
            timestamp: event.occurred_at,
            data: event.into(),
        }
    }
}
