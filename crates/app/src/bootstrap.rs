//! Bootstrapping: the first account, its superadmin and an API key, when there is no superadmin.
//!
//! It goes through the same use cases as the API (account creation with slug generation, user
//! creation, key creation), acting as the operator at the command line. The superadmin is
//! inserted only if none exists, serialized against concurrent bootstraps; if a later step
//! fails, the account is erased again, with what was created in it.

use std::sync::Arc;

use roster_domain::account::{Account, AccountName};
use roster_domain::api_key::{ApiKeyName, ApiKeySecret};
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;
use roster_domain::user::{DisplayName, Email, User, UserStatus};

use crate::accounts::{AccountDb, Accounts, CreateAccount, CreateAccountError};
use crate::api_keys::{ApiKeyDb, ApiKeys, CreateApiKey, CreateApiKeyError};
use crate::auth::CredentialCache;
use crate::ports::{AccountRows, Clock, Random, RandomError, StoreError};
use crate::users::{CreateUser, CreateUserError, UserDb, Users};

/// The name of the bootstrap key.
const BOOTSTRAP_KEY_NAME: &str = "bootstrap";

/// What the first superadmin is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootstrapInput {
    /// The superadmin's email.
    pub email: Email,
    /// The superadmin's display name.
    pub display_name: DisplayName,
    /// The name of the account the superadmin belongs to.
    pub account_name: AccountName,
}

/// What bootstrapping created; the key's secret is shown here and never again.
#[derive(Debug)]
pub struct Bootstrapped {
    /// The account.
    pub account: Account,
    /// The superadmin.
    pub user: User,
    /// The API key's secret.
    pub secret: ApiKeySecret,
}

/// Why bootstrapping did nothing.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// A superadmin exists: bootstrapping is for empty systems only.
    #[error("a superadmin exists already; bootstrap refuses to create another")]
    SuperadminExists,
    /// No secure randomness for the key.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// A step failed for a reason that is not the system's state (a bug, or the database).
    #[error("bootstrap failed: {0}")]
    Failed(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Bootstraps through the account, user and API-key use cases.
#[derive(Debug)]
pub struct Bootstrap<D, C, R> {
    db: D,
    clock: C,
    random: R,
}

/// The use cases bootstrapping drives.
struct Steps<D, C, R> {
    accounts: Accounts<D, C>,
    users: Users<D, C>,
    keys: ApiKeys<D, C, R>,
}

impl<D, C, R> Bootstrap<D, C, R>
where
    D: AccountDb + UserDb + ApiKeyDb + Clone,
    C: Clock + Clone,
    R: Random + Clone,
{
    /// The use case over its ports.
    pub fn new(db: D, clock: C, random: R) -> Self {
        Self { db, clock, random }
    }

    fn steps(&self) -> Result<Steps<D, C, R>, BootstrapError> {
        // Bootstrapping lists nothing, so the cursors of the use cases it drives are signed
        // with a throwaway key; it authenticates nothing either, so their cache holds nothing.
        let mut key = [0; 32];
        self.random.fill(&mut key)?;
        let cursors =
            CursorCodec::new(&key).map_err(|error| BootstrapError::Failed(error.to_string()))?;
        let credentials = Arc::new(CredentialCache::new(std::time::Duration::ZERO));
        Ok(Steps {
            accounts: Accounts::new(
                self.db.clone(),
                self.clock.clone(),
                cursors.clone(),
                credentials.clone(),
            ),
            users: Users::new(
                self.db.clone(),
                self.clock.clone(),
                cursors.clone(),
                credentials.clone(),
            ),
            keys: ApiKeys::new(
                self.db.clone(),
                self.clock.clone(),
                self.random.clone(),
                cursors,
                credentials,
            ),
        })
    }

    /// Creates the account (slug generated from its name), the active superadmin and a
    /// non-expiring key, unless a superadmin exists.
    pub async fn run(&self, input: BootstrapInput) -> Result<Bootstrapped, BootstrapError> {
        let steps = self.steps()?;
        if steps.users.superadmin_exists().await? {
            return Err(BootstrapError::SuperadminExists);
        }
        let operator = Principal::operator();
        let account = steps
            .accounts
            .create_account(
                &operator,
                CreateAccount {
                    name: input.account_name,
                    slug: None,
                },
            )
            .await
            .map_err(|error| match error {
                CreateAccountError::Store(error) => BootstrapError::Store(error),
                other => BootstrapError::Failed(other.to_string()),
            })?;
        let created =
            Self::populate(&steps, &operator, &account, input.email, input.display_name).await;
        if created.is_err() {
            // Undo the account, with whatever was created in it. Its only superadmin, if any,
            // is ours: the guard that keeps one does not apply to undoing a bootstrap.
            let _ = self
                .db
                .transaction(async |tx: &mut D::Conn| -> Result<_, StoreError> {
                    tx.delete_account(account.id).await
                })
                .await;
        }
        let (user, secret) = created?;
        Ok(Bootstrapped {
            account,
            user,
            secret,
        })
    }

    async fn populate(
        steps: &Steps<D, C, R>,
        operator: &Principal,
        account: &Account,
        email: Email,
        display_name: DisplayName,
    ) -> Result<(User, ApiKeySecret), BootstrapError> {
        let user = steps
            .users
            .create_first_superadmin(
                operator,
                CreateUser {
                    account_id: account.id,
                    email,
                    display_name,
                    status: Some(UserStatus::Active),
                    super_admin: true,
                },
            )
            .await
            .map_err(|error| match error {
                CreateUserError::SuperadminExists => BootstrapError::SuperadminExists,
                CreateUserError::Store(error) => BootstrapError::Store(error),
                other => BootstrapError::Failed(other.to_string()),
            })?;
        let name = ApiKeyName::parse(BOOTSTRAP_KEY_NAME)
            .map_err(|error| BootstrapError::Failed(error.to_string()))?;
        let key = steps
            .keys
            .create_key(
                operator,
                CreateApiKey {
                    account_id: account.id,
                    user_id: user.id,
                    name,
                    expires_at: None,
                },
            )
            .await
            .map_err(|error| match error {
                CreateApiKeyError::Random(error) => BootstrapError::Random(error),
                CreateApiKeyError::Store(error) => BootstrapError::Store(error),
                other => BootstrapError::Failed(other.to_string()),
            })?;
        Ok((user, key.secret))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Authenticate, Authenticator, MAX_CREDENTIAL_TTL};
    use crate::fakes::{FakeDb, FakeRandom, FixedClock, RecordedUses};

    fn input() -> BootstrapInput {
        BootstrapInput {
            email: Email::parse("root@example.com").unwrap(),
            display_name: DisplayName::parse("Root").unwrap(),
            account_name: AccountName::parse("Operations").unwrap(),
        }
    }

    #[tokio::test]
    async fn an_empty_system_gets_an_account_a_superadmin_and_a_working_key() {
        let db = FakeDb::default();
        let done = Bootstrap::new(db.clone(), FixedClock, FakeRandom::default())
            .run(input())
            .await
            .unwrap();
        assert_eq!(done.account.slug.as_str(), "operations");
        assert!(done.user.super_admin && done.user.account_id == done.account.id);
        let auth = Authenticator::new(
            db.clone(),
            FixedClock,
            RecordedUses::default(),
            Arc::new(CredentialCache::new(MAX_CREDENTIAL_TTL)),
        );
        let principal = auth.authenticate(Some(done.secret.expose())).await.unwrap();
        assert!(principal.super_admin);
        assert_eq!(principal.user_id, done.user.id);
    }

    #[tokio::test]
    async fn a_second_bootstrap_is_refused_and_creates_nothing() {
        let db = FakeDb::default();
        let bootstrap = Bootstrap::new(db.clone(), FixedClock, FakeRandom::default());
        bootstrap.run(input()).await.unwrap();
        let before = db.tables();
        assert!(matches!(
            bootstrap.run(input()).await,
            Err(BootstrapError::SuperadminExists)
        ));
        let after = db.tables();
        assert_eq!(after.accounts, before.accounts);
        assert_eq!(after.users, before.users);
        assert_eq!(after.api_keys, before.api_keys);
    }

    #[tokio::test]
    async fn a_failure_after_the_account_leaves_nothing_behind() {
        let db = FakeDb::default();
        // The first draw signs the throwaway cursors; the key's secret is the second.
        let result = Bootstrap::new(db.clone(), FixedClock, FakeRandom::failing_after(1))
            .run(input())
            .await;
        assert!(matches!(result, Err(BootstrapError::Random(_))));
        let tables = db.tables();
        assert!(tables.accounts.is_empty() && tables.users.is_empty());
        assert!(tables.api_keys.is_empty());
    }

    #[tokio::test]
    async fn an_unavailable_database_is_reported_as_such() {
        let db = FakeDb::default();
        db.set_down(true);
        assert!(matches!(
            Bootstrap::new(db, FixedClock, FakeRandom::default())
                .run(input())
                .await,
            Err(BootstrapError::Store(StoreError::Unavailable(_)))
        ));
    }
}
