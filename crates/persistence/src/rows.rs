//! Rows as Diesel reads and writes them, and their conversion to and from the domain.

use diesel::prelude::*;
use roster_app::ports::StoreError;
use roster_domain::account::{Account, AccountName, AccountStatus};
use roster_domain::api_key::{ApiKey, ApiKeyName, KeyCredential, NewApiKey, StoredKeyStatus};
use roster_domain::slug::Slug;
use roster_domain::user::{DisplayName, Email, User, UserStatus};
use roster_domain::{AccountId, ApiKeyId, Timestamp, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::corrupt;
use crate::schema::{accounts, api_keys, users};

/// An `accounts` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = accounts, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct AccountRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

impl From<&Account> for AccountRow {
    fn from(account: &Account) -> Self {
        Self {
            id: account.id.to_uuid(),
            name: account.name.as_str().to_owned(),
            slug: account.slug.as_str().to_owned(),
            status: account.status.as_str().to_owned(),
            created_at: account.created_at.as_datetime(),
            updated_at: account.updated_at.as_datetime(),
            deleted_at: account.deleted_at.map(|at| at.as_datetime()),
        }
    }
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;

    fn try_from(row: AccountRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: AccountId::from_uuid(row.id),
            name: AccountName::parse(&row.name).map_err(|_| corrupt("account name"))?,
            slug: Slug::parse(&row.slug).map_err(|_| corrupt("account slug"))?,
            status: AccountStatus::parse(&row.status).ok_or_else(|| corrupt("account status"))?,
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
        })
    }
}

/// A `users` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct UserRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub super_admin: bool,
    pub status: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

impl From<&User> for UserRow {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.to_uuid(),
            account_id: user.account_id.to_uuid(),
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.as_str().to_owned(),
            super_admin: user.super_admin,
            status: user.status.as_str().to_owned(),
            created_at: user.created_at.as_datetime(),
            updated_at: user.updated_at.as_datetime(),
            deleted_at: user.deleted_at.map(|at| at.as_datetime()),
        }
    }
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: UserId::from_uuid(row.id),
            account_id: AccountId::from_uuid(row.account_id),
            email: Email::parse(&row.email).map_err(|_| corrupt("user email"))?,
            display_name: DisplayName::parse(&row.display_name)
                .map_err(|_| corrupt("user display name"))?,
            super_admin: row.super_admin,
            status: UserStatus::parse(&row.status).ok_or_else(|| corrupt("user status"))?,
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
        })
    }
}

/// An `api_keys` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg))]
pub(crate) struct ApiKeyRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    #[expect(
        dead_code,
        reason = "read with the row, never shown or compared in Rust"
    )]
    pub key_digest: Vec<u8>,
    pub prefix: String,
    pub status: String,
    pub expires_at: Option<OffsetDateTime>,
    pub last_used_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

impl TryFrom<ApiKeyRow> for ApiKey {
    type Error = StoreError;

    fn try_from(row: ApiKeyRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: ApiKeyId::from_uuid(row.id),
            account_id: AccountId::from_uuid(row.account_id),
            user_id: UserId::from_uuid(row.user_id),
            name: ApiKeyName::parse(&row.name).map_err(|_| corrupt("API key name"))?,
            prefix: row.prefix,
            status: StoredKeyStatus::parse(&row.status).ok_or_else(|| corrupt("API key status"))?,
            expires_at: row.expires_at.map(Timestamp::from_datetime),
            last_used_at: row.last_used_at.map(Timestamp::from_datetime),
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
        })
    }
}

/// What a change to a key may write: never its owner, digest or prefix.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct ApiKeyChangeRow {
    pub name: String,
    pub status: String,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

impl From<&ApiKey> for ApiKeyChangeRow {
    fn from(key: &ApiKey) -> Self {
        Self {
            name: key.name.as_str().to_owned(),
            status: key.status.as_str().to_owned(),
            updated_at: key.updated_at.as_datetime(),
            deleted_at: key.deleted_at.map(|at| at.as_datetime()),
        }
    }
}

/// A new `api_keys` row.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg))]
pub(crate) struct NewApiKeyRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub key_digest: Vec<u8>,
    pub prefix: String,
    pub status: String,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl From<&NewApiKey> for NewApiKeyRow {
    fn from(key: &NewApiKey) -> Self {
        Self {
            id: key.id.to_uuid(),
            account_id: key.account_id.to_uuid(),
            user_id: key.user_id.to_uuid(),
            name: key.name.as_str().to_owned(),
            key_digest: key.digest.as_bytes().to_vec(),
            prefix: key.prefix.clone(),
            status: StoredKeyStatus::Active.as_str().to_owned(),
            expires_at: key.expires_at.map(|at| at.as_datetime()),
            created_at: key.created_at.as_datetime(),
            updated_at: key.created_at.as_datetime(),
        }
    }
}

/// The columns of a key, its user and its account that decide authentication.
#[derive(Debug, Clone, Queryable)]
pub(crate) struct CredentialRow {
    pub key_id: Uuid,
    pub key_status: String,
    pub expires_at: Option<OffsetDateTime>,
    pub key_deleted_at: Option<OffsetDateTime>,
    pub user_id: Uuid,
    pub account_id: Uuid,
    pub super_admin: bool,
    pub user_status: String,
    pub user_deleted_at: Option<OffsetDateTime>,
    pub account_status: String,
    pub account_deleted_at: Option<OffsetDateTime>,
    pub last_used_at: Option<OffsetDateTime>,
}

impl TryFrom<CredentialRow> for KeyCredential {
    type Error = StoreError;

    fn try_from(row: CredentialRow) -> Result<Self, Self::Error> {
        Ok(Self {
            key_id: ApiKeyId::from_uuid(row.key_id),
            key_status: StoredKeyStatus::parse(&row.key_status)
                .ok_or_else(|| corrupt("API key status"))?,
            expires_at: row.expires_at.map(Timestamp::from_datetime),
            key_deleted: row.key_deleted_at.is_some(),
            user_id: UserId::from_uuid(row.user_id),
            account_id: AccountId::from_uuid(row.account_id),
            super_admin: row.super_admin,
            user_status: UserStatus::parse(&row.user_status)
                .ok_or_else(|| corrupt("user status"))?,
            user_deleted: row.user_deleted_at.is_some(),
            account_status: AccountStatus::parse(&row.account_status)
                .ok_or_else(|| corrupt("account status"))?,
            account_deleted: row.account_deleted_at.is_some(),
            last_used_at: row.last_used_at.map(Timestamp::from_datetime),
        })
    }
}
