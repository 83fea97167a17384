//! Account bodies and parameters.

use roster_app::accounts::{CreateAccount, ListAccounts};
use roster_domain::account::{Account, AccountChanges, AccountName, AccountStatus};
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;
use roster_domain::{AccountId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pagination::{ListFilters, PageQuery, page_schema};
use super::schema::{
    AccountIdSchema, AccountNameSchema, SearchTextSchema, SlugSchema, TimestampSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, NotOneOf, enum_filter};

const STATUSES: &[&str] = &["active", "suspended"];

/// Account status.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = AccountStatus)]
pub enum AccountStatusDto {
    /// Keys and client sessions work.
    Active,
    /// Keys and client sessions are refused.
    Suspended,
}

impl From<AccountStatus> for AccountStatusDto {
    fn from(status: AccountStatus) -> Self {
        match status {
            AccountStatus::Active => Self::Active,
            AccountStatus::Suspended => Self::Suspended,
        }
    }
}

/// An account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountResponse {
    /// Unique identifier for the account.
    #[schema(value_type = AccountIdSchema)]
    pub id: AccountId,
    /// Account name.
    #[schema(value_type = AccountNameSchema)]
    pub name: String,
    /// URL-friendly identifier, unique among accounts that are not deleted.
    #[schema(value_type = SlugSchema)]
    pub slug: String,
    /// Current account status.
    pub status: AccountStatusDto,
    /// When the account was created (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub created_at: Timestamp,
    /// When the account last changed (UTC, microseconds).
    #[schema(value_type = TimestampSchema)]
    pub updated_at: Timestamp,
}

impl From<Account> for AccountResponse {
    fn from(account: Account) -> Self {
        Self {
            id: account.id,
            name: account.name.as_str().to_owned(),
            slug: account.slug.into_string(),
            status: account.status.into(),
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountCreateRequest {
    /// Account name.
    #[schema(value_type = AccountNameSchema)]
    pub name: String,
    /// URL-friendly slug, unique among accounts that are not deleted (409 when taken). When
    /// omitted it is generated from the name (ASCII-folded, lowercased, hyphenated, at most 50
    /// characters) with `-2`, `-3`, … appended on collision.
    #[serde(default)]
    #[schema(value_type = Option<SlugSchema>)]
    pub slug: Option<String>,
}

impl AccountCreateRequest {
    /// The domain input, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<CreateAccount, ApiError> {
        let mut errors = Collector::new();
        let name = errors.check(&["body", "name"], AccountName::parse(&self.name));
        let slug = errors.optional(&["body", "slug"], self.slug.as_deref(), Slug::parse);
        errors.finish(|| {
            Some(CreateAccount {
                name: name?,
                slug: slug?,
            })
        })
    }
}

/// Changes to an account; absent or null fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountUpdateRequest {
    /// New name.
    #[serde(default)]
    #[schema(value_type = Option<AccountNameSchema>)]
    pub name: Option<String>,
    /// New slug (409 when taken).
    #[serde(default)]
    #[schema(value_type = Option<SlugSchema>)]
    pub slug: Option<String>,
    /// New status (superadmins only).
    #[serde(default)]
    #[schema(value_type = Option<AccountStatusDto>)]
    pub status: Option<String>,
    /// `true` soft-deletes the account, `false` restores it (superadmins only; 409 when its
    /// slug was taken meanwhile).
    #[serde(default)]
    #[schema(example = false)]
    pub deleted: Option<bool>,
}

impl AccountUpdateRequest {
    /// The domain changes, or a 422 naming every invalid field.
    pub fn try_into_domain(self) -> Result<AccountChanges, ApiError> {
        let mut errors = Collector::new();
        let name = errors.optional(&["body", "name"], self.name.as_deref(), AccountName::parse);
        let slug = errors.optional(&["body", "slug"], self.slug.as_deref(), Slug::parse);
        let status = errors.optional(&["body", "status"], self.status.as_deref(), |status| {
            AccountStatus::parse(status).ok_or(NotOneOf(STATUSES))
        });
        errors.finish(|| {
            Some(AccountChanges {
                name: name?,
                slug: slug?,
                status: status?,
                deleted: self.deleted,
            })
        })
    }
}

/// The filters of the account list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountListFilters {
    /// Exactly the account with this slug (a one-item page), or 404.
    #[param(value_type = Option<SlugSchema>)]
    slug: Option<String>,
    /// Only this account. Superadmins may name any account; others only their own (403).
    #[param(value_type = Option<AccountIdSchema>)]
    account_id: Option<String>,
    /// Only accounts with this status: `active` or `suspended` (another value is a 400).
    #[param(value_type = Option<AccountStatusDto>)]
    status: Option<String>,
    /// Only accounts whose name or slug starts with this text, ignoring case.
    #[param(value_type = Option<SearchTextSchema>)]
    q: Option<String>,
}

impl ListFilters for AccountListFilters {
    type Query = ListAccounts;

    /// The use case's query, or the 422 (bad values) or 400 (unknown status) it deserves.
    fn try_into_domain(self, page: PageQuery) -> Result<ListAccounts, ApiError> {
        let mut errors = Collector::new();
        let account_id = errors.optional(
            &["query", "account_id"],
            self.account_id.as_deref(),
            AccountId::parse,
        );
        let q = errors
            .optional(&["query", "q"], self.q.as_deref(), SearchPrefix::parse)
            .map(Option::flatten);
        let page = page.parse(&mut errors);
        let (account_id, q, page) = errors.finish(|| Some((account_id?, q?, page?)))?;
        let status = enum_filter(
            "status",
            self.status.as_deref(),
            STATUSES,
            AccountStatus::parse,
        )?;
        Ok(ListAccounts {
            account_id,
            slug: self.slug,
            status,
            q,
            page,
        })
    }
}

page_schema!(
    /// A page of accounts.
    AccountPage,
    AccountResponse
);
