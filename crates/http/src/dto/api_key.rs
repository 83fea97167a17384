//! API-key bodies and parameters.

use roster_app::api_keys::{ApiKeyView, CreateApiKey, CreatedApiKey, ListApiKeys};
use roster_domain::api_key::{ApiKeyChanges, ApiKeyName, ApiKeyStatus};
use roster_domain::{AccountId, ApiKeyId, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};

use super::pagination::{ListFilters, PageQuery, Unparsable, page_schema, parse_bool};
use super::schema::{
    AccountIdSchema, ApiKeyIdSchema, ApiKeyNameSchema, TimestampSchema, UserIdSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, NotOneOf, Violation, enum_filter};

const STATUSES: &[&str] = &["active", "revoked"];

/// API key status, LEADR's `APIKeyStatus`: `active` or `revoked`. Whether the key's expiry has
/// passed is the separate `expired` field: an expired key that was not revoked stays `active`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = APIKeyStatus)]
pub enum ApiKeyStatusDto {
    /// Not revoked: authenticates while it has not expired and its user and account are active.
    /// In a change, leaves a key that is not revoked as it is (a revoked key stays revoked: 409).
    Active,
    /// Revoked for good.
    Revoked,
}

impl From<ApiKeyStatus> for ApiKeyStatusDto {
    fn from(status: ApiKeyStatus) -> Self {
        match status {
            ApiKeyStatus::Active => Self::Active,
            ApiKeyStatus::Revoked => Self::Revoked,
        }
    }
}

/// An API key (never its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = APIKeyResponse)]
pub struct ApiKeyResponse {
    /// Unique identifier for the API key.
    #[schema(value_type = ApiKeyIdSchema)]
    pub id: ApiKeyId,
    /// The account of the key's user.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// The key's user.
    #[schema(value_type = UserIdSchema)]
    pub user_id: UserId,
    /// Name, for people.
    #[schema(value_type = ApiKeyNameSchema)]
    pub name: String,
    /// The first 12 characters of the secret, to recognise the key.
    #[schema(example = "ldr_Zm9vYmFy", pattern = "^ldr_[A-Za-z0-9_-]{8}$")]
    pub prefix: String,
    /// `revoked` once revoked, otherwise `active` (even past its expiry: see `expired`).
    pub status: ApiKeyStatusDto,
    /// Whether `expires_at` has passed: an expired key no longer authenticates.
    #[schema(example = false)]
    pub expired: bool,
    /// When the key stops working, or null if never.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub expires_at: Option<Timestamp>,
    /// When the key last authenticated a request (kept to the minute), or null if never.
    #[schema(value_type = Option<TimestampSchema>, required = true)]
    pub last_used_at: Option<Timestamp>,
    /// When the key was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the key last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<ApiKeyView> for ApiKeyResponse {
    fn from(view: ApiKeyView) -> Self {
        let key = view.key;
        Self {
            id: key.id,
            account_id: key.account_id,
            user_id: key.user_id,
            name: key.name.as_str().to_owned(),
            prefix: key.prefix,
            status: key.status.into(),
            expired: view.expired,
            expires_at: key.expires_at,
            last_used_at: key.last_used_at,
            created_at: key.created_at,
            updated_at: key.updated_at,
        }
    }
}

/// A new API key, with its secret: the only time the secret is ever shown.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CreateAPIKeyResponse)]
pub struct CreateApiKeyResponse {
    /// The key.
    #[serde(flatten)]
    pub key: ApiKeyResponse,
    /// The secret (`ldr_` and 43 base64url characters). Returned only here: store it securely.
    #[schema(
        example = "ldr_Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE",
        pattern = "^ldr_[A-Za-z0-9_-]{43}$"
    )]
    #[serde(rename = "key")]
    pub secret: String,
}

impl From<CreatedApiKey> for CreateApiKeyResponse {
    fn from(created: CreatedApiKey) -> Self {
        Self {
            secret: created.secret.expose().to_owned(),
            key: created.view.into(),
        }
    }
}

/// A timestamp that is not RFC 3339.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NotADateTime;

impl Violation for NotADateTime {
    fn describe(&self) -> (&'static str, String) {
        (
            "datetime_parsing",
            "Input should be a valid datetime (RFC 3339, e.g. 2027-01-01T00:00:00Z)".to_owned(),
        )
    }
}

pub(crate) fn parse_datetime(raw: &str) -> Result<Timestamp, NotADateTime> {
    OffsetDateTime::parse(raw, &Rfc3339)
        .map(Timestamp::from_datetime)
        .map_err(|_| NotADateTime)
}

/// A new API key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CreateAPIKeyRequest)]
pub struct CreateApiKeyRequest {
    /// The account of the key's user (your own, unless you are a superadmin).
    #[schema(value_type = AccountIdSchema)]
    pub account_id: String,
    /// The user the key authenticates as (404 when not in the account).
    #[schema(value_type = UserIdSchema)]
    pub user_id: String,
    /// Name, for people.
    #[schema(value_type = ApiKeyNameSchema)]
    pub name: String,
    /// When the key stops working (RFC 3339, in the future: a past instant is a 422); never
    /// when omitted or null.
    #[serde(default)]
    #[schema(value_type = Option<TimestampSchema>)]
    pub expires_at: Option<String>,
}

impl CreateApiKeyRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateApiKey, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.check(&["body", "account_id"], AccountId::parse(&self.account_id));
        let user_id = errors.check(&["body", "user_id"], UserId::parse(&self.user_id));
        let name = errors.check(&["body", "name"], ApiKeyName::parse(&self.name));
        let expires_at = errors.optional(
            &["body", "expires_at"],
            self.expires_at.as_deref(),
            parse_datetime,
        );
        errors.finish(|| {
            Some(CreateApiKey {
                account_id: account_id?,
                user_id: user_id?,
                name: name?,
                expires_at: expires_at?,
            })
        })
    }
}

/// Changes to an API key; absent or null fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = UpdateAPIKeyRequest)]
pub struct UpdateApiKeyRequest {
    /// New name.
    #[serde(default)]
    #[schema(value_type = Option<ApiKeyNameSchema>)]
    pub name: Option<String>,
    /// `revoked` revokes the key for good; `active` is accepted only for a key not revoked (409).
    #[serde(default)]
    #[schema(value_type = Option<ApiKeyStatusDto>)]
    pub status: Option<String>,
    /// `true` soft-deletes the key, `false` restores it.
    #[serde(default)]
    #[schema(example = false)]
    pub deleted: Option<bool>,
}

impl UpdateApiKeyRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<ApiKeyChanges, ApiError> {
        let mut errors = Collector::new();
        let name = errors.optional(&["body", "name"], self.name.as_deref(), ApiKeyName::parse);
        let status = errors.optional(&["body", "status"], self.status.as_deref(), |raw| {
            ApiKeyStatus::parse(raw).ok_or(NotOneOf(STATUSES))
        });
        errors.finish(|| {
            Some(ApiKeyChanges {
                name: name?,
                status: status?,
                deleted: self.deleted,
            })
        })
    }
}

/// The filters of the API-key list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiKeyListFilters {
    /// Only this account's keys. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only this user's keys.
    #[param(value_type = Option<UserIdSchema>)]
    user_id: Option<String>,
    /// Only keys with this status, `active` or `revoked` (another value is a 400).
    #[param(value_type = Option<ApiKeyStatusDto>)]
    status: Option<String>,
    /// `true`: only keys whose expiry has passed; `false`: only keys that have not expired
    /// (keys without an expiry among them).
    #[param(value_type = Option<bool>)]
    expired: Option<String>,
}

impl ListFilters for ApiKeyListFilters {
    type Query = ListApiKeys;

    /// The use case's query, or the 422 or 400 it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListApiKeys, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let user_id = errors.optional(
            &["query", "user_id"],
            self.user_id.as_deref(),
            UserId::parse,
        );
        let expired = errors.optional(&["query", "expired"], self.expired.as_deref(), |raw| {
            parse_bool(raw).ok_or(Unparsable::Boolean)
        });
        let page = page.parse(&mut errors);
        let (account_id, user_id, expired, page) =
            errors.finish(|| Some((account_id?, user_id?, expired?, page?)))?;
        let status = enum_filter(
            "status",
            self.status.as_deref(),
            STATUSES,
            ApiKeyStatus::parse,
        )?;
        Ok(ListApiKeys {
            account_id,
            user_id,
            status,
            expired,
            page,
        })
    }
}

page_schema!(
    /// A page of API keys.
    #[schema(as = APIKeyPage)]
    ApiKeyPage,
    ApiKeyResponse
);
