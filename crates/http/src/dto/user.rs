//! User bodies and parameters.

use roster_app::users::{CreateUser, ListUsers};
use roster_domain::search::SearchPrefix;
use roster_domain::text::{TextError, without_nul};
use roster_domain::user::{DisplayName, EMAIL_MAX, Email, User, UserChanges, UserStatus};
use roster_domain::{AccountId, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, SearchTextSchema, TimestampSchema, UserDisplayNameSchema, UserIdSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, NotOneOf, Violation, enum_filter};

const STATUSES: &[&str] = &["invited", "active", "suspended"];

fn parse_status(raw: &str) -> Result<UserStatus, NotOneOf> {
    UserStatus::parse(raw).ok_or(NotOneOf(STATUSES))
}

/// User status.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = UserStatus)]
pub enum UserStatusDto {
    /// Created but not yet active; cannot authenticate.
    Invited,
    /// May authenticate.
    Active,
    /// May not authenticate.
    Suspended,
}

impl From<UserStatus> for UserStatusDto {
    fn from(status: UserStatus) -> Self {
        match status {
            UserStatus::Invited => Self::Invited,
            UserStatus::Active => Self::Active,
            UserStatus::Suspended => Self::Suspended,
        }
    }
}

/// A user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    /// Unique identifier for the user.
    #[schema(value_type = UserIdSchema)]
    pub id: UserId,
    /// The account the user belongs to.
    #[schema(value_type = AccountIdSchema)]
    pub account_id: AccountId,
    /// Email address, unique per account (ignoring case) among users that are not deleted.
    #[schema(format = Email, max_length = 254, example = "ada@example.com")]
    pub email: String,
    /// Display name.
    #[schema(value_type = UserDisplayNameSchema)]
    pub display_name: String,
    /// Whether the user may act on every account.
    #[schema(example = false)]
    pub super_admin: bool,
    /// Current status.
    pub status: UserStatusDto,
    /// When the user was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the user last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<User> for UserResponse {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            account_id: user.account_id,
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.as_str().to_owned(),
            super_admin: user.super_admin,
            status: user.status.into(),
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCreateRequest {
    /// The account the user joins (your own, unless you are a superadmin).
    #[schema(value_type = AccountIdSchema)]
    pub account_id: String,
    /// Email address (409 when a user of the account has it, ignoring case); surrounding
    /// whitespace is trimmed.
    #[schema(format = Email, max_length = 254, example = "ada@example.com")]
    pub email: String,
    /// Display name.
    #[schema(value_type = UserDisplayNameSchema)]
    pub display_name: String,
    /// Status; `active` when omitted.
    #[serde(default)]
    #[schema(value_type = Option<UserStatusDto>)]
    pub status: Option<String>,
    /// Superadmin privileges; only a superadmin may grant them (403 otherwise).
    #[serde(default)]
    #[schema(example = false)]
    pub super_admin: Option<bool>,
}

impl UserCreateRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateUser, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.check(&["body", "account_id"], AccountId::parse(&self.account_id));
        let email = errors.check(&["body", "email"], Email::parse(&self.email));
        let display_name = errors.check(
            &["body", "display_name"],
            DisplayName::parse(&self.display_name),
        );
        let status = errors.optional(&["body", "status"], self.status.as_deref(), parse_status);
        errors.finish(|| {
            Some(CreateUser {
                account_id: account_id?,
                email: email?,
                display_name: display_name?,
                status: status?,
                super_admin: self.super_admin.unwrap_or(false),
            })
        })
    }
}

/// Changes to a user; absent or null fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserUpdateRequest {
    /// New email (409 when another user of the account has it); surrounding whitespace is
    /// trimmed.
    #[serde(default)]
    #[schema(format = Email, max_length = 254, example = "ada@example.com")]
    pub email: Option<String>,
    /// New display name.
    #[serde(default)]
    #[schema(value_type = Option<UserDisplayNameSchema>)]
    pub display_name: Option<String>,
    /// New status. Nobody changes their own status; changing the last active superadmin's is a 409.
    #[serde(default)]
    #[schema(value_type = Option<UserStatusDto>)]
    pub status: Option<String>,
    /// Grant or withdraw superadmin privileges (superadmins only).
    #[serde(default)]
    #[schema(example = false)]
    pub super_admin: Option<bool>,
    /// `true` soft-deletes the user, `false` restores it.
    #[serde(default)]
    #[schema(example = false)]
    pub deleted: Option<bool>,
}

impl UserUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<UserChanges, ApiError> {
        let mut errors = Collector::new();
        let email = errors.optional(&["body", "email"], self.email.as_deref(), Email::parse);
        let display_name = errors.optional(
            &["body", "display_name"],
            self.display_name.as_deref(),
            DisplayName::parse,
        );
        let status = errors.optional(&["body", "status"], self.status.as_deref(), parse_status);
        errors.finish(|| {
            Some(UserChanges {
                email: email?,
                display_name: display_name?,
                status: status?,
                super_admin: self.super_admin,
                deleted: self.deleted,
            })
        })
    }
}

/// The filters of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListFilters {
    /// Only this account's users. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only the user with this email (ignoring case and surrounding whitespace); empty means no
    /// filter.
    #[param(max_length = 254, pattern = "^[^\\u0000]*$")]
    email: Option<String>,
    /// Only users with this status: `invited`, `active` or `suspended` (another value is a 400).
    #[param(value_type = Option<UserStatusDto>)]
    status: Option<String>,
    /// Only users whose email or display name starts with this text, ignoring case.
    #[param(value_type = Option<SearchTextSchema>)]
    q: Option<String>,
}

/// An email filter that no address can match.
#[derive(Debug, Clone, Copy)]
enum EmailFilter {
    /// Longer than any address.
    TooLong,
    /// Holding NUL, which no stored text does.
    Nul,
}

impl Violation for EmailFilter {
    fn describe(&self) -> (&'static str, String) {
        match self {
            Self::TooLong => (
                "string_too_long",
                format!("String should have at most {EMAIL_MAX} characters"),
            ),
            Self::Nul => TextError::Nul.describe(),
        }
    }
}

impl ListFilters for UserListFilters {
    type Query = ListUsers;

    /// The use case's query, or the 422 or 400 it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListUsers, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let email = errors.optional(&["query", "email"], self.email.as_deref(), |raw| {
            if raw.chars().count() > EMAIL_MAX {
                Err(EmailFilter::TooLong)
            } else if without_nul(raw).is_err() {
                Err(EmailFilter::Nul)
            } else {
                Ok(raw.trim().to_owned())
            }
        });
        let q = errors
            .optional(&["query", "q"], self.q.as_deref(), SearchPrefix::parse)
            .map(Option::flatten);
        let page = page.parse(&mut errors);
        let (account_id, email, q, page) =
            errors.finish(|| Some((account_id?, email?, q?, page?)))?;
        let status = enum_filter(
            "status",
            self.status.as_deref(),
            STATUSES,
            UserStatus::parse,
        )?;
        Ok(ListUsers {
            account_id,
            email: email.filter(|email| !email.is_empty()),
            status,
            q,
            page,
        })
    }
}

page_schema!(
    /// A page of users.
    UserPage,
    UserResponse
);
