//! Audit event bodies and parameters.

use std::borrow::Cow;

use roster_app::audit_log::ListAuditEvents;
use roster_domain::audit::{Actor, ActorFilter, AuditAction, AuditEvent, EventRef};
use roster_domain::{AccountId, ApiKeyId, EventId, PlayerId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, Object, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::api_key::parse_datetime;
use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, ApiKeyIdSchema, AuditActionSchema, AuditActorTypeSchema,
    AuditTargetTypeSchema, EventIdSchema, EventRefSchema, PlayerIdSchema, TimestampSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, enum_filter};

/// Who made a change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditActor)]
pub struct AuditActorResponse {
    /// `user`, `identity` or `system`.
    #[serde(rename = "type")]
    #[schema(value_type = AuditActorTypeSchema)]
    pub kind: &'static str,
    /// The user's id (`usr_…`), the identity's (`idn_…`), or `roster` for the system.
    #[schema(value_type = EventRefSchema)]
    pub id: String,
    /// The API key a user acted through; null for other actors.
    #[schema(value_type = Option<ApiKeyIdSchema>, required = true)]
    pub api_key_id: Option<ApiKeyId>,
    /// The player of an identity that acted; null for other actors.
    #[schema(value_type = Option<PlayerIdSchema>, required = true)]
    pub player_id: Option<PlayerId>,
}

/// What a change was made to.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditTarget)]
pub struct AuditTargetResponse {
    /// The kind of thing.
    #[serde(rename = "type")]
    #[schema(value_type = AuditTargetTypeSchema)]
    pub kind: &'static str,
    /// Its id (`acc_…`, `usr_…`; `gam_…/<provider>` for an OpenID provider).
    #[schema(value_type = EventRefSchema)]
    pub id: String,
}

/// `AuditChanges` in the document: each changed field's value before and after.
#[derive(Debug)]
pub struct AuditChangesSchema;

impl PartialSchema for AuditChangesSchema {
    fn schema() -> RefOr<Schema> {
        let any = || Schema::Object(Object::with_type(SchemaType::AnyValue));
        let change = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("before", any())
            .property("after", any())
            .required("before")
            .required("after")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "Each field that changed, with its value before and after (null when the thing \
                 did not exist before, or does not after). Secrets, digests and tokens never \
                 appear: a game shows `custom_auth_secret_set`, never the secret.",
            ))
            .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::Object(
                change.build(),
            )))))
            .into()
    }
}

impl ToSchema for AuditChangesSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AuditChanges")
    }
}

/// One change, as the audit log shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditEvent)]
pub struct AuditEventResponse {
    /// Unique identifier for the event.
    #[schema(value_type = EventIdSchema)]
    pub id: EventId,
    /// When the change was made (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub occurred_at: Timestamp,
    /// Who made it.
    pub actor: AuditActorResponse,
    /// What it did.
    #[schema(value_type = AuditActionSchema)]
    pub action: &'static str,
    /// To what.
    pub target: AuditTargetResponse,
    /// The account of the target.
    #[schema(value_type = Option<AccountIdSchema>, required = true)]
    pub account_id: Option<AccountId>,
    /// What changed.
    #[schema(value_type = AuditChangesSchema)]
    pub changes: serde_json::Value,
    /// The `x-request-id` of the request that made it; null at the command line.
    #[schema(required = true)]
    pub request_id: Option<String>,
}

impl From<AuditEvent> for AuditEventResponse {
    fn from(event: AuditEvent) -> Self {
        let (api_key_id, player_id) = match event.actor {
            Actor::User { api_key_id, .. } => (Some(api_key_id), None),
            Actor::Identity { player_id, .. } => (None, Some(player_id)),
            Actor::System => (None, None),
        };
        Self {
            id: event.id,
            occurred_at: event.occurred_at,
            actor: AuditActorResponse {
                kind: event.actor.kind().as_str(),
                id: event.actor.id(),
                api_key_id,
                player_id,
            },
            action: event.action.as_str(),
            target: AuditTargetResponse {
                kind: event.target.kind.as_str(),
                id: event.target.id,
            },
            account_id: event.account_id,
            changes: event.changes.to_json(),
            request_id: event.request_id.map(|id| id.as_str().to_owned()),
        }
    }
}

/// The audit log's filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditEventListFilters {
    /// Only this account's events. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only events of this action (another value is a 400).
    #[param(value_type = Option<AuditActionSchema>)]
    action: Option<String>,
    /// Only events by this actor (`usr_…`, `idn_…`, `roster`), or made with this API key
    /// (`key_…`).
    #[param(value_type = Option<EventRefSchema>)]
    actor_id: Option<String>,
    /// Only events whose target has this id.
    #[param(value_type = Option<EventRefSchema>)]
    target_id: Option<String>,
    /// Only events strictly after this instant (RFC 3339).
    #[param(value_type = Option<TimestampSchema>)]
    occurred_after: Option<String>,
    /// Only events strictly before this instant (RFC 3339).
    #[param(value_type = Option<TimestampSchema>)]
    occurred_before: Option<String>,
}

impl ListFilters for AuditEventListFilters {
    type Query = ListAuditEvents;

    /// The use case's query, or the 422 or 400 it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListAuditEvents, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let actor_id = errors.optional(
            &["query", "actor_id"],
            self.actor_id.as_deref(),
            EventRef::parse,
        );
        let target_id = errors.optional(
            &["query", "target_id"],
            self.target_id.as_deref(),
            EventRef::parse,
        );
        let occurred_after = errors.optional(
            &["query", "occurred_after"],
            self.occurred_after.as_deref(),
            parse_datetime,
        );
        let occurred_before = errors.optional(
            &["query", "occurred_before"],
            self.occurred_before.as_deref(),
            parse_datetime,
        );
        let page = page.parse(&mut errors);
        let (account_id, actor_id, target_id, occurred_after, occurred_before, page) = errors
            .finish(|| {
                Some((
                    account_id?,
                    actor_id?,
                    target_id?,
                    occurred_after?,
                    occurred_before?,
                    page?,
                ))
            })?;
        let actions: Vec<&'static str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        let action = enum_filter(
            "action",
            self.action.as_deref(),
            &actions,
            AuditAction::parse,
        )?;
        Ok(ListAuditEvents {
            account_id,
            action,
            actor: actor_id.as_ref().map(ActorFilter::of),
            target_id: target_id.map(|id| id.as_str().to_owned()),
            occurred_after,
            occurred_before,
            page,
        })
    }
}

page_schema!(
    /// A page of audit events.
    AuditEventPage,
    AuditEventResponse
);
