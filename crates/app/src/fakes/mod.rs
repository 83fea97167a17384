//! In-memory fakes of the ports, for the use cases' unit tests: the same contracts as the
//! PostgreSQL adapter (unique constraints, locks that read what was written, transactions that
//! leave nothing when they fail), without a database. The black-box suite keeps the real thing.
//!
//! A connection works on its own copy of the tables: [`Database::read`] writes the copy back
//! whatever the outcome (each statement commits on its own), [`Database::transaction`] only
//! when the work succeeds. Tests run one use case at a time, so no two copies race.

mod games;
mod identities;
mod secrets;

pub(crate) use secrets::{FakeRandom, FakeTokens};

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use roster_domain::account::{Account, AccountName};
use roster_domain::client_session::ClientSession;
use roster_domain::game::Game;
use roster_domain::identity::Identity;
use roster_domain::nonce::Nonce;
use roster_domain::principal::Principal;
use roster_domain::slug::Slug;
use roster_domain::{AccountId, ApiKeyId, GameId, IdentityId, SessionId, Timestamp, UserId};
use uuid::Uuid;

use crate::ports::{AccountRows, Clock, Database, Revocation, StoreError, Work};

/// Every table the fakes keep.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub accounts: BTreeMap<AccountId, Account>,
    pub games: BTreeMap<GameId, Game>,
    pub identities: BTreeMap<IdentityId, Identity>,
    pub sessions: BTreeMap<SessionId, ClientSession>,
    pub nonces: BTreeMap<Uuid, Nonce>,
    /// Revocations announced by committed transactions, in order.
    pub announced: Vec<Revocation>,
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

    fn connect(&self) -> Result<FakeConn, StoreError> {
        if *self.down.lock().expect("the flag") {
            return Err(StoreError::Unavailable("the fake database is down".into()));
        }
        Ok(FakeConn {
            tables: self.tables(),
        })
    }

    fn commit(&self, conn: FakeConn) {
        *self.tables.lock().expect("the tables") = conn.tables;
    }
}

/// A connection: its own copy of the tables.
#[derive(Debug)]
pub(crate) struct FakeConn {
    pub tables: Tables,
}

impl Database for FakeDb {
    type Conn = FakeConn;

    async fn read<T, E, W>(&self, work: W) -> Result<T, E>
    where
        W: Work<FakeConn, T, E>,
        T: Send,
        E: From<StoreError> + Send,
    {
        let mut conn = self.connect()?;
        let outcome = work.call(&mut conn).await;
        self.commit(conn);
        outcome
    }

    async fn transaction<T, E, W>(&self, work: W) -> Result<T, E>
    where
        W: Work<FakeConn, T, E>,
        T: Send,
        E: From<StoreError> + Send,
    {
        let mut conn = self.connect()?;
        let outcome = work.call(&mut conn).await;
        if outcome.is_ok() {
            self.commit(conn);
        }
        outcome
    }
}

impl AccountRows for FakeConn {
    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, StoreError> {
        Ok(self.tables.accounts.get(&id).cloned())
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
