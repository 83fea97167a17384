//! In-memory fakes of the ports, for the use cases' unit tests: the same contracts as the
//! PostgreSQL adapter (unique constraints, locks that read what was written, transactions that
//! leave nothing when they fail), without a database. The black-box suite keeps the real thing.
//!
//! A connection works on its own copy of the tables: [`Database::read`] writes the copy back
//! whatever the outcome (each statement commits on its own), [`Database::transaction`] only
//! when the work succeeds. Tests run one use case at a time, so no two copies race.

mod accounts;
mod api_keys;
mod audit;
mod games;
mod idempotency;
mod identities;
mod oidc;
mod oidc_providers;
mod players;
mod secrets;
mod steam;
mod users;
mod webhooks;

pub(crate) use secrets::{FakeProofs, FakeRandom, FakeSealer, FakeTokens};
pub(crate) use webhooks::FakeTransport;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use roster_domain::account::{Account, AccountName};
use roster_domain::api_key::{ApiKey, ApiKeyDigest, ApiKeyName, ApiKeySecret, NewApiKey};
use roster_domain::audit::AuditEvent;
use roster_domain::ban::Ban;
use roster_domain::client_session::ClientSession;
use roster_domain::etag::Versioned;
use roster_domain::game::{Game, GameName};
use roster_domain::game_details::GameDetails;
use roster_domain::identity::Identity;
use roster_domain::nonce::Nonce;
use roster_domain::oidc::OidcProvider;
use roster_domain::player::Player;
use roster_domain::principal::Principal;
use roster_domain::slug::Slug;
use roster_domain::user::{DisplayName, Email, User, UserStatus};
use roster_domain::{
    AccountId, ApiKeyId, BanId, GameId, IdentityId, PlayerId, SessionId, Timestamp, UserId,
};
use uuid::Uuid;

use crate::ports::{Clock, Database, Revocation, StoreError, Work};

/// `written` as the database's version trigger leaves it over `stored`: one version more
/// when any field differs, the stored version when the write changes nothing (or a new row's
/// own when there was none).
pub(crate) fn versioned<T: Versioned + Clone + PartialEq>(stored: Option<&T>, written: &T) -> T {
    let Some(stored) = stored else {
        return written.clone();
    };
    let unchanged = stored.clone().at_version(written.version()) == *written;
    let version = if unchanged {
        stored.version()
    } else {
        stored.version().next()
    };
    written.clone().at_version(version)
}

/// Every table the fakes keep.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub accounts: BTreeMap<AccountId, Account>,
    pub users: BTreeMap<UserId, User>,
    pub api_keys: BTreeMap<ApiKeyId, ApiKey>,
    /// The digest of every key's secret (the unique index keys are found by).
    pub key_digests: Vec<(ApiKeyDigest, ApiKeyId)>,
    pub games: BTreeMap<GameId, Game>,
    pub identities: BTreeMap<IdentityId, Identity>,
    pub sessions: BTreeMap<SessionId, ClientSession>,
    pub nonces: BTreeMap<Uuid, Nonce>,
    pub players: BTreeMap<PlayerId, Player>,
    pub bans: BTreeMap<BanId, Ban>,
    /// OpenID providers by game and name.
    pub oidc_providers: BTreeMap<(GameId, String), OidcProvider>,
    /// Revocations announced by committed transactions, in order.
    pub announced: Vec<Revocation>,
    /// Audit events recorded by committed transactions, in order.
    pub events: Vec<AuditEvent>,
    /// Webhooks with their sealed secrets.
    pub webhooks: BTreeMap<
        roster_domain::WebhookId,
        (
            roster_domain::webhook::Webhook,
            roster_domain::sign_in::Sealed,
        ),
    >,
    /// The outbox, in queue order.
    pub deliveries: Vec<roster_domain::webhook_delivery::Delivery>,
    /// Idempotency records by scope and key, with when each started.
    pub idempotency: BTreeMap<(String, String), (roster_domain::idempotency::Recorded, Timestamp)>,
}

/// The in-memory database.
#[derive(Debug, Clone, Default)]
pub(crate) struct FakeDb {
    tables: Arc<Mutex<Tables>>,
    down: Arc<Mutex<bool>>,
}

impl FakeDb {
    /// A copy of the tables as committed.
    pub(crate) fn tables(&self) -> Tables {
        self.tables.lock().expect("the tables").clone()
    }

    /// Changes the committed tables directly (a test's setup).
    pub(crate) fn seed(&self, change: impl FnOnce(&mut Tables)) {
        change(&mut self.tables.lock().expect("the tables"));
    }

    /// While `true`, every operation fails as the database being unavailable.
    pub(crate) fn set_down(&self, down: bool) {
        *self.down.lock().expect("the flag") = down;
    }

    /// A live account, committed.
    pub(crate) fn account(&self, name: &str) -> Account {
        let account = Account::new(
            AccountId::new(),
            AccountName::parse(name).expect("a name"),
            Slug::parse(&name.to_lowercase().replace(' ', "-")).expect("a slug"),
            now(),
        );
        self.seed(|tables| {
            tables.accounts.insert(account.id, account.clone());
        });
        account
    }

    /// A live game "Quest" (slug `quest`) of `account`, committed.
    pub(crate) fn game(&self, account: AccountId) -> Game {
        let game = Game::new(
            account,
            GameName::parse("Quest").expect("a name"),
            Slug::parse("quest").expect("a slug"),
            GameDetails::default(),
            now(),
        );
        self.seed(|tables| {
            tables.games.insert(game.id, game.clone());
        });
        game
    }

    /// A live identity of `kind` and `key` in `game`, with a player of its own, committed.
    pub(crate) fn identity(
        &self,
        game: &Game,
        kind: roster_domain::identity::IdentityKind,
        key: &str,
    ) -> Identity {
        let player = Player::new(game, None, now());
        let identity = Identity::new(
            &player,
            kind,
            roster_domain::identity::ExternalKey::parse(kind, key).expect("a key"),
            None,
            now(),
        );
        self.seed(|tables| {
            tables.players.insert(player.id, player);
            tables.identities.insert(identity.id, identity.clone());
        });
        identity
    }

    /// A live, active user of `account`, committed.
    pub(crate) fn user(&self, account: AccountId, email: &str, super_admin: bool) -> User {
        let user = User::new(
            account,
            Email::parse(email).expect("an email"),
            DisplayName::parse(email).expect("a display name"),
            super_admin,
            UserStatus::Active,
            now(),
        );
        self.seed(|tables| {
            tables.users.insert(user.id, user.clone());
        });
        user
    }

    /// A live key of `user` that never expires, committed, with its secret.
    pub(crate) fn key(&self, user: &User, secret_byte: u8) -> (ApiKey, ApiKeySecret) {
        let secret = ApiKeySecret::from_random_bytes([secret_byte; 32]);
        let new = NewApiKey::for_secret(
            &secret,
            user.account_id,
            user.id,
            ApiKeyName::parse("key").expect("a name"),
            None,
            now(),
        );
        let key = ApiKey::from_new(&new);
        self.seed(|tables| {
            tables.api_keys.insert(key.id, key.clone());
            tables.key_digests.push((new.digest, key.id));
        });
        (key, secret)
    }

    fn connect(&self) -> Result<FakeConn, StoreError> {
        if *self.down.lock().expect("the flag") {
            return Err(StoreError::Unavailable("the fake database is down".into()));
        }
        Ok(FakeConn {
            tables: self.tables(),
        })
    }

    /// Runs `work` on a copy of the tables, and keeps the copy when `keep` says so of the
    /// outcome.
    async fn run<T, E, W>(&self, work: W, keep: fn(&Result<T, E>) -> bool) -> Result<T, E>
    where
        W: Work<FakeConn, T, E>,
        E: From<StoreError>,
    {
        let mut conn = self.connect()?;
        let outcome = work.call(&mut conn).await;
        if keep(&outcome) {
            // The deferred foreign keys, checked at commit as PostgreSQL checks them.
            let orphan = conn.tables.identities.values().any(|identity| {
                conn.tables
                    .players
                    .get(&identity.player_id)
                    .is_none_or(|player| player.game_id != identity.game_id)
            });
            if orphan {
                return Err(StoreError::Internal("an identity without its player".into()).into());
            }
            *self.tables.lock().expect("the tables") = conn.tables;
        }
        outcome
    }
}

/// A connection: its own copy of the tables.
#[derive(Debug)]
pub(crate) struct FakeConn {
    pub tables: Tables,
}

impl Database for FakeDb {
    type Conn = FakeConn;

    /// Each statement of a read commits on its own: the copy is kept whatever the outcome.
    async fn read<T, E, W>(&self, work: W) -> Result<T, E>
    where
        W: Work<FakeConn, T, E>,
        T: Send,
        E: From<StoreError> + Send,
    {
        self.run(work, |_| true).await
    }

    async fn transaction<T, E, W>(&self, work: W) -> Result<T, E>
    where
        W: Work<FakeConn, T, E>,
        T: Send,
        E: From<StoreError> + Send,
    {
        self.run(work, Result::is_ok).await
    }
}

/// The instant every fake clock tells.
pub(crate) fn now() -> Timestamp {
    Timestamp::from_unix_micros(1_796_000_000_000_000).expect("an instant")
}

/// A clock stopped at [`now`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        now()
    }
}

/// An admin of `account`, or a superadmin (whose account does not matter).
pub(crate) fn admin_of(account: AccountId) -> Principal {
    Principal {
        api_key_id: ApiKeyId::new(),
        user_id: UserId::new(),
        account_id: account,
        super_admin: false,
    }
}

/// A superadmin.
pub(crate) fn superadmin() -> Principal {
    Principal {
        super_admin: true,
        ..admin_of(AccountId::new())
    }
}

/// A cursor codec for the tests.
pub(crate) fn cursors() -> roster_domain::pagination::CursorCodec {
    roster_domain::pagination::CursorCodec::new(b"the fakes' cursor secret, 32 bytes+")
        .expect("a codec")
}

/// A clock that tells [`now`] until a test moves it.
#[derive(Debug, Clone)]
pub(crate) struct ManualClock(Arc<Mutex<Timestamp>>);

impl Default for ManualClock {
    fn default() -> Self {
        Self(Arc::new(Mutex::new(now())))
    }
}

impl ManualClock {
    /// Moves the clock forward by `seconds`.
    pub(crate) fn advance(&self, seconds: i64) {
        let mut at = self.0.lock().expect("the clock");
        *at = Timestamp::from_unix_micros(at.unix_micros() + seconds * 1_000_000)
            .expect("an instant");
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().expect("the clock")
    }
}

/// A key-usage recorder that keeps what it was told.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecordedUses(Arc<Mutex<Vec<(ApiKeyId, Timestamp)>>>);

impl RecordedUses {
    /// Every use recorded, in order.
    pub(crate) fn all(&self) -> Vec<(ApiKeyId, Timestamp)> {
        self.0.lock().expect("the uses").clone()
    }
}

impl crate::ports::KeyUsageRecorder for RecordedUses {
    fn record(&self, key: ApiKeyId, at: Timestamp) {
        self.0.lock().expect("the uses").push((key, at));
    }
}

/// A credential cache for the tests, holding credentials for the longest time allowed.
pub(crate) fn credential_cache() -> Arc<crate::auth::CredentialCache> {
    Arc::new(crate::auth::CredentialCache::new(
        crate::auth::MAX_CREDENTIAL_TTL,
    ))
}
