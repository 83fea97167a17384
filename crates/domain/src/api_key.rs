//! API keys: secrets that authenticate a user on the admin API.
//!
//! The secret is `ldr_` followed by 43 base64url characters encoding 32 random bytes. Only its
//! SHA-256 digest is stored; a presented key is found by its digest, so secrets are never
//! compared, and a database leak reveals no usable key.

use crate::etag::{Version, versioned};
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

use crate::account::{Account, AccountStatus};
use crate::change::{self, set};
use crate::id::{AccountId, ApiKeyId, UserId};
use crate::pagination::{KeyValue, sort_fields};
use crate::principal::Principal;
use crate::soft_delete::Gone;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;
use crate::user::{User, UserStatus};

/// What every Roster (and LEADR) API key starts with.
pub const API_KEY_PREFIX: &str = "ldr_";
/// How many characters of the secret are kept, in clear, to recognise a key.
pub const API_KEY_PREFIX_LEN: usize = 12;
/// Random bytes in a secret.
pub const API_KEY_RANDOM_BYTES: usize = 32;

/// A freshly generated API key secret. Shown once, never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeySecret(String);

impl ApiKeySecret {
    /// The secret encoding `bytes`, which must come from the operating system's CSPRNG.
    #[must_use]
    pub fn from_random_bytes(bytes: [u8; API_KEY_RANDOM_BYTES]) -> Self {
        Self(format!("{API_KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The secret itself, for the one response that shows it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The digest that is stored and looked up.
    #[must_use]
    pub fn digest(&self) -> ApiKeyDigest {
        ApiKeyDigest::of_presented(&self.0)
    }

    /// The first characters, kept in clear so people can tell their keys apart.
    #[must_use]
    pub fn prefix(&self) -> String {
        self.0.chars().take(API_KEY_PREFIX_LEN).collect()
    }
}

impl fmt::Debug for ApiKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKeySecret({}…)", self.prefix())
    }
}

/// The SHA-256 digest of a key secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiKeyDigest([u8; 32]);

impl ApiKeyDigest {
    /// The digest of whatever a caller presented as a key.
    #[must_use]
    pub fn of_presented(presented: &str) -> Self {
        Self(Sha256::digest(presented.as_bytes()).into())
    }

    /// The digest from its stored bytes.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The stored bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for ApiKeyDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeyDigest(…)")
    }
}

/// A key's status, LEADR's `APIKeyStatus`: `active` or `revoked`. Expiry is not a status: it
/// is judged from `expires_at` ([`ApiKey::is_expired_at`]), so an expired key is still `active`
/// (and shown with `expired: true`) unless it was revoked too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKeyStatus {
    /// Not revoked.
    Active,
    /// Revoked for good.
    Revoked,
}

impl ApiKeyStatus {
    /// Every status, in the order the API lists them.
    pub const ALL: [Self; 2] = [Self::Active, Self::Revoked];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Revoked => "revoked",
        }
    }

    /// Parses the wire and storage form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }
}

/// Fewest characters in a key's name.
pub const API_KEY_NAME_MIN: usize = 1;
/// Most characters in a key's name.
pub const API_KEY_NAME_MAX: usize = 100;

bounded_text!(
    /// A key's name, for people: 1–100 characters after trimming.
    ApiKeyName,
    API_KEY_NAME_MIN,
    API_KEY_NAME_MAX
);

/// An expiry that is not in the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("expires_at must be in the future")]
pub struct ExpiryNotInFuture;

/// Checks a new key's expiry: none, or later than `now`.
pub fn check_expiry(
    expires_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), ExpiryNotInFuture> {
    match expires_at {
        Some(at) if at <= now => Err(ExpiryNotInFuture),
        _ => Ok(()),
    }
}

/// An API key as stored (without its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Its id.
    pub id: ApiKeyId,
    /// The account of its user.
    pub account_id: AccountId,
    /// Its user.
    pub user_id: UserId,
    /// Its name.
    pub name: ApiKeyName,
    /// The first characters of its secret.
    pub prefix: String,
    /// Whether it was revoked.
    pub status: ApiKeyStatus,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// When it last authenticated a request (to the minute).
    pub last_used_at: Option<Timestamp>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
    /// When it was soft-deleted, if it is.
    pub deleted_at: Option<Timestamp>,
}

/// Why a change to a key cannot apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyChangeError {
    /// The key is soft-deleted and the change does not restore it.
    #[error(transparent)]
    Gone(#[from] Gone),
    /// A revoked key cannot be made active again.
    #[error("A revoked API key cannot be reactivated; create a new key")]
    Reactivation,
}

/// A partial update of a key; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiKeyChanges {
    /// A new name.
    pub name: Option<ApiKeyName>,
    /// `Revoked` revokes; `Active` is accepted only for a key that is not revoked.
    pub status: Option<ApiKeyStatus>,
    /// `true` soft-deletes, `false` restores.
    pub deleted: Option<bool>,
}

impl ApiKey {
    /// The record a new key starts as.
    #[must_use]
    pub fn from_new(key: &NewApiKey) -> Self {
        Self {
            id: key.id,
            account_id: key.account_id,
            user_id: key.user_id,
            name: key.name.clone(),
            prefix: key.prefix.clone(),
            status: ApiKeyStatus::Active,
            expires_at: key.expires_at,
            last_used_at: None,
            created_at: key.created_at,
            updated_at: key.created_at,
            version: Version::FIRST,
            deleted_at: None,
        }
    }

    /// Whether its expiry has passed at `now` (whether or not it is revoked too).
    #[must_use]
    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|expiry| expiry <= now)
    }

    /// The key after `changes`, or why they cannot apply. Revocation is final.
    pub fn apply(
        &self,
        changes: &ApiKeyChanges,
        now: Timestamp,
    ) -> Result<Self, ApiKeyChangeError> {
        change::apply(self, changes.deleted, now, |next| {
            set(&mut next.name, changes.name.as_ref());
            if changes.status == Some(ApiKeyStatus::Active) && next.status == ApiKeyStatus::Revoked
            {
                return Err(ApiKeyChangeError::Reactivation);
            }
            set(&mut next.status, changes.status.as_ref());
            Ok(())
        })
    }
}

change::restorable!(ApiKey);
versioned!(ApiKey);

sort_fields! {
    /// The fields API keys can be sorted by.
    pub enum ApiKeySortField for ApiKey {
        Id;
        Name = "name", Text,
            |key| KeyValue::Text(key.name.as_str().to_owned());
        CreatedAt;
        UpdatedAt;
        LastUsedAt = "last_used_at", Timestamp nullable,
            |key| key.last_used_at.map_or(KeyValue::Null, KeyValue::Timestamp);
    }
}

/// How often, at most, a key's `last_used_at` is written: it is kept to the minute.
pub const LAST_USED_RESOLUTION: time::Duration = time::Duration::minutes(1);

/// Whether a use at `now` should be recorded, given the last recorded use.
#[must_use]
pub fn last_use_is_due(last_recorded: Option<Timestamp>, now: Timestamp) -> bool {
    last_recorded.is_none_or(|last| last.plus(LAST_USED_RESOLUTION) <= now)
}

/// A new key's stored record; the secret itself is not part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    /// Its id.
    pub id: ApiKeyId,
    /// The account of its user.
    pub account_id: AccountId,
    /// Its user.
    pub user_id: UserId,
    /// A label for people.
    pub name: ApiKeyName,
    /// The digest of its secret.
    pub digest: ApiKeyDigest,
    /// The first characters of its secret.
    pub prefix: String,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// When it was created.
    pub created_at: Timestamp,
}

impl NewApiKey {
    /// The record for `secret`, owned by `user_id` of `account_id`.
    #[must_use]
    pub fn for_secret(
        secret: &ApiKeySecret,
        account_id: AccountId,
        user_id: UserId,
        name: ApiKeyName,
        expires_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Self {
        Self {
            id: ApiKeyId::new(),
            account_id,
            user_id,
            name,
            digest: secret.digest(),
            prefix: secret.prefix(),
            expires_at,
            created_at: now,
        }
    }
}

/// Everything that decides whether a presented key authenticates, as read in one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCredential {
    /// The key's id.
    pub key_id: ApiKeyId,
    /// Whether the key was revoked.
    pub key_status: ApiKeyStatus,
    /// When the key stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// Whether the key was deleted.
    pub key_deleted: bool,
    /// The key's user.
    pub user_id: UserId,
    /// The user's account.
    pub account_id: AccountId,
    /// Whether the user is a superadmin.
    pub super_admin: bool,
    /// The user's status.
    pub user_status: UserStatus,
    /// Whether the user was deleted.
    pub user_deleted: bool,
    /// The account's status.
    pub account_status: AccountStatus,
    /// Whether the account was deleted.
    pub account_deleted: bool,
    /// When the key last authenticated a request, as stored.
    pub last_used_at: Option<Timestamp>,
}

impl KeyCredential {
    /// The credential of `key`, whose user is `user`, of `account`, as the three stand.
    #[must_use]
    pub fn of(key: &ApiKey, user: &User, account: &Account) -> Self {
        Self {
            key_id: key.id,
            key_status: key.status,
            expires_at: key.expires_at,
            key_deleted: key.is_deleted(),
            user_id: user.id,
            account_id: account.id,
            super_admin: user.super_admin,
            user_status: user.status,
            user_deleted: user.is_deleted(),
            account_status: account.status,
            account_deleted: account.is_deleted(),
            last_used_at: key.last_used_at,
        }
    }

    /// The principal this key stands for at `now`, if it authenticates at all: the key is
    /// active, not expired, not deleted, and its user and account are active and not deleted.
    #[must_use]
    pub fn authenticate(&self, now: Timestamp) -> Option<Principal> {
        let key_live = self.key_status == ApiKeyStatus::Active
            && !self.key_deleted
            && self.expires_at.is_none_or(|expiry| now < expiry);
        let user_live = self.user_status == UserStatus::Active && !self.user_deleted;
        let account_live = self.account_status == AccountStatus::Active && !self.account_deleted;
        (key_live && user_live && account_live).then_some(Principal {
            api_key_id: self.key_id,
            user_id: self.user_id,
            account_id: self.account_id,
            super_admin: self.super_admin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    /// The credential of a live key of an active user of an active account.
    fn credential() -> KeyCredential {
        let account = crate::account::fixture();
        let user = crate::user::fixture(account.id, false);
        KeyCredential::of(&key(), &user, &account)
    }

    fn key() -> ApiKey {
        let secret = ApiKeySecret::from_random_bytes([3; 32]);
        ApiKey::from_new(&NewApiKey::for_secret(
            &secret,
            AccountId::new(),
            UserId::new(),
            ApiKeyName::parse("ci").unwrap(),
            None,
            at(1_000),
        ))
    }

    #[test]
    fn key_names_are_trimmed_and_bounded() {
        assert_eq!(ApiKeyName::parse(" ci ").unwrap().as_str(), "ci");
        assert!(ApiKeyName::parse("  ").is_err());
        assert!(ApiKeyName::parse(&"n".repeat(101)).is_err());
    }

    #[test]
    fn an_expiry_must_be_in_the_future() {
        assert_eq!(check_expiry(None, at(5)), Ok(()));
        assert_eq!(check_expiry(Some(at(6)), at(5)), Ok(()));
        assert_eq!(check_expiry(Some(at(5)), at(5)), Err(ExpiryNotInFuture));
    }

    #[test]
    fn a_key_is_expired_from_its_expiry_on_whatever_its_status() {
        let mut key = key();
        assert!(!key.is_expired_at(at(2_000)), "no expiry never expires");
        key.expires_at = Some(at(1_500));
        assert!(!key.is_expired_at(at(1_499)));
        assert!(key.is_expired_at(at(1_500)));
        assert_eq!(key.status, ApiKeyStatus::Active, "expiry is not a status");
        key.status = ApiKeyStatus::Revoked;
        assert!(key.is_expired_at(at(1_500)));
    }

    #[test]
    fn statuses_are_leadrs_two_and_parse_exactly() {
        let shown: Vec<&str> = ApiKeyStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(shown, ["active", "revoked"]);
        for status in ApiKeyStatus::ALL {
            assert_eq!(ApiKeyStatus::parse(status.as_str()), Some(status));
        }
        for other in ["expired", "Active", " active", ""] {
            assert_eq!(ApiKeyStatus::parse(other), None, "{other:?}");
        }
    }

    #[test]
    fn revocation_is_final() {
        let key = key();
        let revoke = ApiKeyChanges {
            status: Some(ApiKeyStatus::Revoked),
            ..ApiKeyChanges::default()
        };
        let revoked = key.apply(&revoke, at(2_000)).unwrap();
        assert_eq!(revoked.status, ApiKeyStatus::Revoked);
        assert_eq!(revoked.updated_at, at(2_000));
        let reactivate = ApiKeyChanges {
            status: Some(ApiKeyStatus::Active),
            ..ApiKeyChanges::default()
        };
        assert_eq!(
            revoked.apply(&reactivate, at(3_000)),
            Err(ApiKeyChangeError::Reactivation)
        );
        assert_eq!(
            key.apply(&reactivate, at(3_000)).unwrap(),
            key,
            "active stays active"
        );
    }

    #[test]
    fn a_deleted_key_accepts_no_change_but_its_restoration() {
        let mut key = key();
        key.deleted_at = Some(at(1_500));
        let rename = ApiKeyChanges {
            name: Some(ApiKeyName::parse("new").unwrap()),
            ..ApiKeyChanges::default()
        };
        assert_eq!(
            key.apply(&rename, at(2_000)),
            Err(ApiKeyChangeError::Gone(Gone))
        );
    }

    #[test]
    fn a_use_is_recorded_at_most_once_a_minute() {
        let minute = 60_000_000;
        assert!(last_use_is_due(None, at(0)));
        assert!(!last_use_is_due(Some(at(0)), at(minute - 1)));
        assert!(last_use_is_due(Some(at(0)), at(minute)));
    }

    #[test]
    fn a_secret_is_the_prefix_and_43_base64url_characters() {
        let secret = ApiKeySecret::from_random_bytes([0xfb; 32]);
        let text = secret.expose();
        assert!(text.starts_with("ldr_"));
        assert_eq!(text.len(), 4 + 43);
        assert!(
            text[4..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(secret.prefix(), text[..12]);
    }

    #[test]
    fn the_digest_is_sha256_of_the_secret_text() {
        let secret = ApiKeySecret::from_random_bytes([7; 32]);
        assert_eq!(secret.digest(), ApiKeyDigest::of_presented(secret.expose()));
        assert_ne!(
            secret.digest(),
            ApiKeyDigest::of_presented(&secret.expose().to_uppercase())
        );
        // A known vector: SHA-256("abc").
        let abc = ApiKeyDigest::of_presented("abc");
        assert_eq!(abc.as_bytes()[..4], [0xba, 0x78, 0x16, 0xbf]);
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let secret = ApiKeySecret::from_random_bytes([9; 32]);
        let shown = format!("{secret:?} {:?}", secret.digest());
        assert!(!shown.contains(&secret.expose()[12..]));
    }

    #[test]
    fn a_live_key_of_a_live_user_and_account_authenticates() {
        let credential = credential();
        let principal = credential.authenticate(at(0)).unwrap();
        assert_eq!(principal.user_id, credential.user_id);
        assert_eq!(principal.account_id, credential.account_id);
        assert!(!principal.super_admin);
    }

    #[test]
    fn any_dead_link_in_the_chain_refuses_the_key() {
        type Spoil = fn(&mut KeyCredential);
        let cases: [(&str, Spoil); 7] = [
            ("revoked", |c| c.key_status = ApiKeyStatus::Revoked),
            ("key deleted", |c| c.key_deleted = true),
            ("user suspended", |c| c.user_status = UserStatus::Suspended),
            ("user invited", |c| c.user_status = UserStatus::Invited),
            ("user deleted", |c| c.user_deleted = true),
            ("account suspended", |c| {
                c.account_status = AccountStatus::Suspended;
            }),
            ("account deleted", |c| c.account_deleted = true),
        ];
        for (what, spoil) in cases {
            let mut credential = credential();
            spoil(&mut credential);
            assert_eq!(credential.authenticate(at(0)), None, "{what}");
        }
    }

    #[test]
    fn a_key_stops_working_at_its_expiry() {
        let mut credential = credential();
        credential.expires_at = Some(at(1_000));
        assert!(credential.authenticate(at(999)).is_some());
        assert!(credential.authenticate(at(1_000)).is_none());
    }
}
