//! Bootstrapping: the first account, its superadmin and an API key, when there is no superadmin.

use roster_domain::AccountId;
use roster_domain::account::{ACCOUNT_SLUG_FALLBACK, Account, AccountName};
use roster_domain::api_key::{API_KEY_RANDOM_BYTES, ApiKeySecret, NewApiKey};
use roster_domain::slug::{Slug, SlugBase};
use roster_domain::user::{DisplayName, Email, User, UserStatus};

use crate::ports::{
    AccountStore, BootstrapStore, BootstrapStoreError, Clock, Random, RandomError, StoreError,
};

/// How many times a slug is retried when it is taken between choosing and inserting.
const SLUG_ATTEMPTS: usize = 20;
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
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Generates a new API key secret from `random`.
pub fn generate_api_key_secret<R: Random>(random: &R) -> Result<ApiKeySecret, RandomError> {
    let mut bytes = [0; API_KEY_RANDOM_BYTES];
    random.fill(&mut bytes)?;
    Ok(ApiKeySecret::from_random_bytes(bytes))
}

/// Bootstraps over a store, a clock and a random source.
#[derive(Debug)]
pub struct Bootstrap<S, C, R> {
    store: S,
    clock: C,
    random: R,
}

impl<S: AccountStore + BootstrapStore, C: Clock, R: Random> Bootstrap<S, C, R> {
    /// The use case over its ports.
    pub fn new(store: S, clock: C, random: R) -> Self {
        Self {
            store,
            clock,
            random,
        }
    }

    /// Creates the account (slug generated from its name), the active superadmin and a
    /// non-expiring key, all or nothing, unless a superadmin exists.
    pub async fn run(&self, input: BootstrapInput) -> Result<Bootstrapped, BootstrapError> {
        let secret = generate_api_key_secret(&self.random)?;
        let base = SlugBase::from_name(input.account_name.as_str(), ACCOUNT_SLUG_FALLBACK);
        for _ in 0..SLUG_ATTEMPTS {
            let now = self.clock.now();
            let taken = self.store.slugs_like(&base, 1_000).await?;
            let slug = base.first_free(taken.iter().map(Slug::as_str));
            let account = Account::new(AccountId::new(), input.account_name.clone(), slug, now);
            let user = User::new(
                account.id,
                input.email.clone(),
                input.display_name.clone(),
                true,
                UserStatus::Active,
                now,
            );
            let key = NewApiKey::for_secret(
                &secret,
                account.id,
                user.id,
                BOOTSTRAP_KEY_NAME.to_owned(),
                None,
                now,
            );
            match self.store.bootstrap(&account, &user, &key).await {
                Ok(()) => {
                    return Ok(Bootstrapped {
                        account,
                        user,
                        secret,
                    });
                }
                Err(BootstrapStoreError::SlugTaken) => continue,
                Err(BootstrapStoreError::SuperadminExists) => {
                    return Err(BootstrapError::SuperadminExists);
                }
                Err(BootstrapStoreError::Store(error)) => return Err(error.into()),
            }
        }
        Err(StoreError::Internal("no free slug for the bootstrap account".into()).into())
    }
}
