//! Rows as Diesel reads and writes them, and their conversion to and from the domain.

use diesel::prelude::*;
use roster_app::ports::StoreError;
use roster_domain::account::{Account, AccountName, AccountStatus};
use roster_domain::api_key::{ApiKey, ApiKeyName, ApiKeyStatus, KeyCredential, NewApiKey};
use roster_domain::client_session::{ClientSession, Platform, SessionMetadata};
use roster_domain::etag::Version;
use roster_domain::game::{Game, GameName};
use roster_domain::game_details::{BoardId, GameDescription, GameDetails, GameTags, SteamAppId};
use roster_domain::identity::{ExternalKey, Identity, IdentityDisplayName, IdentityKind};
use roster_domain::nonce::Nonce;
use roster_domain::sign_in::{ReplacedSecret, Sealed, SignInSettings};
use roster_domain::slug::Slug;
use roster_domain::steam::{SteamId, SteamStanding};
use roster_domain::user::{DisplayName, Email, User, UserStatus};
use roster_domain::web_url::WebUrl;
use roster_domain::{
    AccountId, ApiKeyId, GameId, IdentityId, PlayerId, SessionId, Timestamp, UserId,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel};
use crate::schema::{accounts, api_keys, client_nonces, client_sessions, games, identities, users};

/// A row's `version` column, which the database keeps at 1 or more.
pub(crate) fn stored_version(version: i64) -> Result<Version, StoreError> {
    Version::new(version).ok_or_else(|| corrupt("version"))
}

/// A row that may not exist, as `first(…).await.optional()` reads it, decoded into the
/// domain.
pub(crate) fn decoded<R, T>(found: diesel::QueryResult<Option<R>>) -> Result<Option<T>, StoreError>
where
    T: TryFrom<R, Error = StoreError>,
{
    found.map_err(from_diesel)?.map(T::try_from).transpose()
}

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
    pub version: i64,
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
            version: account.version.get(),
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
            version: stored_version(row.version)?,
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
    pub version: i64,
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
            version: user.version.get(),
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
            version: stored_version(row.version)?,
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
    pub version: i64,
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
            status: ApiKeyStatus::parse(&row.status).ok_or_else(|| corrupt("API key status"))?,
            expires_at: row.expires_at.map(Timestamp::from_datetime),
            last_used_at: row.last_used_at.map(Timestamp::from_datetime),
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
            version: stored_version(row.version)?,
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
            status: ApiKeyStatus::Active.as_str().to_owned(),
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
            key_status: ApiKeyStatus::parse(&row.key_status)
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

/// A `games` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = games, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct GameRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    pub slug: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
    pub steam_app_id: Option<String>,
    pub default_board_id: Option<String>,
    pub anti_cheat_enabled: bool,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub page_url: Option<String>,
    pub steam_publisher_key: Option<Vec<u8>>,
    pub steam_reject_publisher_banned: bool,
    pub custom_auth_secret: Option<Vec<u8>>,
    pub replaced_custom_auth_secret: Option<Vec<u8>>,
    pub replaced_custom_auth_secret_until: Option<OffsetDateTime>,
    pub version: i64,
}

impl From<&Game> for GameRow {
    fn from(game: &Game) -> Self {
        let details = &game.details;
        Self {
            id: game.id.to_uuid(),
            account_id: game.account_id.to_uuid(),
            name: game.name.as_str().to_owned(),
            slug: game.slug.as_str().to_owned(),
            created_at: game.created_at.as_datetime(),
            updated_at: game.updated_at.as_datetime(),
            deleted_at: game.deleted_at.map(|at| at.as_datetime()),
            version: game.version.get(),
            steam_app_id: details
                .steam_app_id
                .as_ref()
                .map(|id| id.as_str().to_owned()),
            default_board_id: details
                .default_board_id
                .as_ref()
                .map(|id| id.as_str().to_owned()),
            anti_cheat_enabled: details.anti_cheat_enabled,
            description: details
                .description
                .as_ref()
                .map(|text| text.as_str().to_owned()),
            tags: details.tags.iter_str().map(str::to_owned).collect(),
            page_url: details.page_url.as_ref().map(|url| url.as_str().to_owned()),
            steam_publisher_key: sealed_bytes(game.sign_in.steam_publisher_key.as_ref()),
            steam_reject_publisher_banned: game.sign_in.steam_reject_publisher_banned,
            custom_auth_secret: sealed_bytes(game.sign_in.custom_auth_secret.as_ref()),
            replaced_custom_auth_secret: sealed_bytes(
                game.sign_in
                    .replaced_custom_auth_secret
                    .as_ref()
                    .map(|replaced| &replaced.secret),
            ),
            replaced_custom_auth_secret_until: game
                .sign_in
                .replaced_custom_auth_secret
                .as_ref()
                .map(|replaced| replaced.until.as_datetime()),
        }
    }
}

fn sealed_bytes(sealed: Option<&Sealed>) -> Option<Vec<u8>> {
    sealed.map(|sealed| sealed.as_bytes().to_vec())
}

impl TryFrom<GameRow> for Game {
    type Error = StoreError;

    fn try_from(row: GameRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: GameId::from_uuid(row.id),
            account_id: AccountId::from_uuid(row.account_id),
            name: GameName::parse(&row.name).map_err(|_| corrupt("game name"))?,
            slug: Slug::parse(&row.slug).map_err(|_| corrupt("game slug"))?,
            details: GameDetails {
                steam_app_id: row
                    .steam_app_id
                    .as_deref()
                    .map(SteamAppId::parse)
                    .transpose()
                    .map_err(|_| corrupt("game steam_app_id"))?,
                default_board_id: row
                    .default_board_id
                    .as_deref()
                    .map(BoardId::parse)
                    .transpose()
                    .map_err(|_| corrupt("game default_board_id"))?,
                anti_cheat_enabled: row.anti_cheat_enabled,
                description: row
                    .description
                    .as_deref()
                    .map(GameDescription::parse)
                    .transpose()
                    .map_err(|_| corrupt("game description"))?,
                tags: GameTags::parse(row.tags.iter().map(String::as_str))
                    .map_err(|_| corrupt("game tags"))?,
                page_url: row
                    .page_url
                    .as_deref()
                    .map(WebUrl::parse)
                    .transpose()
                    .map_err(|_| corrupt("game page_url"))?,
            },
            sign_in: SignInSettings {
                steam_publisher_key: row.steam_publisher_key.map(Sealed::from_bytes),
                steam_reject_publisher_banned: row.steam_reject_publisher_banned,
                custom_auth_secret: row.custom_auth_secret.map(Sealed::from_bytes),
                replaced_custom_auth_secret: match (
                    row.replaced_custom_auth_secret,
                    row.replaced_custom_auth_secret_until,
                ) {
                    (Some(secret), Some(until)) => Some(ReplacedSecret {
                        secret: Sealed::from_bytes(secret),
                        until: Timestamp::from_datetime(until),
                    }),
                    _ => None,
                },
            },
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
            version: stored_version(row.version)?,
        })
    }
}

/// An `identities` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = identities, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct IdentityRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub game_id: Uuid,
    pub kind: String,
    pub external_key: String,
    pub display_name: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
    pub steam_owner_id: Option<String>,
    pub steam_vac_banned: Option<bool>,
    pub steam_publisher_banned: Option<bool>,
    pub steam_checked_at: Option<OffsetDateTime>,
    pub provider: Option<String>,
    pub player_id: Uuid,
    pub version: i64,
}

impl From<&Identity> for IdentityRow {
    fn from(identity: &Identity) -> Self {
        Self {
            id: identity.id.to_uuid(),
            account_id: identity.account_id.to_uuid(),
            game_id: identity.game_id.to_uuid(),
            kind: identity.kind.as_str().to_owned(),
            external_key: identity.external_key.as_str().to_owned(),
            display_name: identity
                .display_name
                .as_ref()
                .map(|name| name.as_str().to_owned()),
            created_at: identity.created_at.as_datetime(),
            updated_at: identity.updated_at.as_datetime(),
            deleted_at: identity.deleted_at.map(|at| at.as_datetime()),
            version: identity.version.get(),
            steam_owner_id: identity.steam.map(|steam| steam.owner_steam_id.to_string()),
            steam_vac_banned: identity.steam.map(|steam| steam.vac_banned),
            steam_publisher_banned: identity.steam.map(|steam| steam.publisher_banned),
            steam_checked_at: identity.steam.map(|steam| steam.checked_at.as_datetime()),
            provider: identity
                .provider
                .as_ref()
                .map(|provider| provider.as_str().to_owned()),
            player_id: identity.player_id.to_uuid(),
        }
    }
}

/// The Steam standing the `steam_*` columns of an identity row hold: all of them or none.
fn steam_standing(row: &IdentityRow) -> Result<Option<SteamStanding>, StoreError> {
    match (
        row.steam_owner_id.as_deref(),
        row.steam_vac_banned,
        row.steam_publisher_banned,
        row.steam_checked_at,
    ) {
        (None, None, None, None) => Ok(None),
        (Some(owner), Some(vac_banned), Some(publisher_banned), Some(checked_at)) => {
            Ok(Some(SteamStanding {
                owner_steam_id: SteamId::parse(owner)
                    .ok_or_else(|| corrupt("identity steam owner id"))?,
                vac_banned,
                publisher_banned,
                checked_at: Timestamp::from_datetime(checked_at),
            }))
        }
        _ => Err(corrupt("identity steam standing")),
    }
}

impl TryFrom<IdentityRow> for Identity {
    type Error = StoreError;

    fn try_from(row: IdentityRow) -> Result<Self, Self::Error> {
        let kind = IdentityKind::parse(&row.kind).ok_or_else(|| corrupt("identity kind"))?;
        Ok(Self {
            id: IdentityId::from_uuid(row.id),
            account_id: AccountId::from_uuid(row.account_id),
            game_id: GameId::from_uuid(row.game_id),
            player_id: PlayerId::from_uuid(row.player_id),
            kind,
            provider: row
                .provider
                .as_deref()
                .map(Slug::parse)
                .transpose()
                .map_err(|_| corrupt("identity provider"))?,
            external_key: ExternalKey::parse(kind, &row.external_key)
                .map_err(|_| corrupt("identity external key"))?,
            display_name: row
                .display_name
                .as_deref()
                .map(IdentityDisplayName::parse)
                .transpose()
                .map_err(|_| corrupt("identity display name"))?,
            steam: steam_standing(&row)?,
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
            version: stored_version(row.version)?,
        })
    }
}

/// A `client_sessions` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = client_sessions, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct SessionRow {
    pub id: Uuid,
    pub identity_id: Uuid,
    pub account_id: Uuid,
    pub game_id: Uuid,
    pub version: i32,
    pub issued_at: OffsetDateTime,
    pub refresh_expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
    pub platform: Option<String>,
    pub metadata: Option<serde_json::Value>,
    pub test_mode: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub player_id: Uuid,
}

impl TryFrom<&ClientSession> for SessionRow {
    type Error = StoreError;

    fn try_from(session: &ClientSession) -> Result<Self, Self::Error> {
        Ok(Self {
            id: session.id.to_uuid(),
            identity_id: session.identity_id.to_uuid(),
            account_id: session.account_id.to_uuid(),
            game_id: session.game_id.to_uuid(),
            version: i32::try_from(session.version).map_err(|_| corrupt("session version"))?,
            issued_at: session.issued_at.as_datetime(),
            refresh_expires_at: session.refresh_expires_at.as_datetime(),
            revoked_at: session.revoked_at.map(|at| at.as_datetime()),
            platform: session
                .platform
                .as_ref()
                .map(|platform| platform.as_str().to_owned()),
            metadata: session
                .metadata
                .as_ref()
                .map(|metadata| serde_json::from_str(metadata.as_json()))
                .transpose()
                .map_err(|_| corrupt("session metadata"))?,
            test_mode: session.test_mode,
            created_at: session.created_at.as_datetime(),
            updated_at: session.updated_at.as_datetime(),
            player_id: session.player_id.to_uuid(),
        })
    }
}

impl TryFrom<SessionRow> for ClientSession {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: SessionId::from_uuid(row.id),
            identity_id: IdentityId::from_uuid(row.identity_id),
            player_id: PlayerId::from_uuid(row.player_id),
            account_id: AccountId::from_uuid(row.account_id),
            game_id: GameId::from_uuid(row.game_id),
            version: u32::try_from(row.version).map_err(|_| corrupt("session version"))?,
            issued_at: Timestamp::from_datetime(row.issued_at),
            refresh_expires_at: Timestamp::from_datetime(row.refresh_expires_at),
            revoked_at: row.revoked_at.map(Timestamp::from_datetime),
            platform: row
                .platform
                .as_deref()
                .map(Platform::parse)
                .transpose()
                .map_err(|_| corrupt("session platform"))?,
            metadata: row
                .metadata
                .map(|metadata| SessionMetadata::from_json_object(metadata.to_string()))
                .transpose()
                .map_err(|_| corrupt("session metadata"))?,
            test_mode: row.test_mode,
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
        })
    }
}

/// A `client_nonces` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = client_nonces, check_for_backend(diesel::pg::Pg))]
pub(crate) struct NonceRow {
    pub value: Uuid,
    pub identity_id: Uuid,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl From<&Nonce> for NonceRow {
    fn from(nonce: &Nonce) -> Self {
        Self {
            value: nonce.value,
            identity_id: nonce.identity_id.to_uuid(),
            expires_at: nonce.expires_at.as_datetime(),
            used_at: nonce.used_at.map(|at| at.as_datetime()),
            created_at: nonce.created_at.as_datetime(),
        }
    }
}

impl From<NonceRow> for Nonce {
    fn from(row: NonceRow) -> Self {
        Self {
            value: row.value,
            identity_id: IdentityId::from_uuid(row.identity_id),
            expires_at: Timestamp::from_datetime(row.expires_at),
            used_at: row.used_at.map(Timestamp::from_datetime),
            created_at: Timestamp::from_datetime(row.created_at),
        }
    }
}
