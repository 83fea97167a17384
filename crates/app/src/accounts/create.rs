//! Creating an account.

use roster_domain::AccountId;
use roster_domain::account::{ACCOUNT_SLUG_FALLBACK, Account, AccountName};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::slug::{Slug, SlugBase};

use super::Accounts;
use crate::ports::{AccountInsertError, AccountStore, Clock, StoreError};

/// How many times a generated slug is retried when concurrent creations take it first.
const SLUG_ATTEMPTS: usize = 100;
/// How many existing `base`/`base-N` slugs are read to pick the first free candidate.
const SLUG_SCAN_LIMIT: usize = 1_000;

/// What a new account is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateAccount {
    /// Its name.
    pub name: AccountName,
    /// Its slug; generated from the name when `None`.
    pub slug: Option<Slug>,
}

/// Why an account was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    /// The principal may not create accounts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The explicit slug belongs to another account.
    #[error("Account with slug '{0}' already exists")]
    SlugTaken(Slug),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: AccountStore, C: Clock> Accounts<S, C> {
    pub(crate) async fn create_account(
        &self,
        principal: &Principal,
        input: CreateAccount,
    ) -> Result<Account, CreateAccountError> {
        policy::authorize(principal, Action::CreateAccount, Target::AllAccounts)?;
        match input.slug {
            Some(slug) => {
                let account = Account::new(AccountId::new(), input.name, slug, self.clock.now());
                match self.store.insert(&account).await {
                    Ok(()) => Ok(account),
                    Err(AccountInsertError::SlugTaken) => {
                        Err(CreateAccountError::SlugTaken(account.slug))
                    }
                    Err(AccountInsertError::Store(error)) => Err(error.into()),
                }
            }
            None => self.create_with_generated_slug(input.name).await,
        }
    }

    /// Picks the first free `base`, `base-2`, … and inserts; when a concurrent creation takes
    /// that slug first, the unique constraint refuses the insert and the next free one is tried.
    async fn create_with_generated_slug(
        &self,
        name: AccountName,
    ) -> Result<Account, CreateAccountError> {
        let base = SlugBase::from_name(name.as_str(), ACCOUNT_SLUG_FALLBACK);
        for _ in 0..SLUG_ATTEMPTS {
            let taken = self.store.slugs_like(&base, SLUG_SCAN_LIMIT).await?;
            let slug = base.first_free(taken.iter().map(Slug::as_str));
            let account = Account::new(AccountId::new(), name.clone(), slug, self.clock.now());
            match self.store.insert(&account).await {
                Ok(()) => return Ok(account),
                Err(AccountInsertError::SlugTaken) => continue,
                Err(AccountInsertError::Store(error)) => return Err(error.into()),
            }
        }
        Err(CreateAccountError::Store(StoreError::Internal(
            format!(
                "no free slug for '{}' after {SLUG_ATTEMPTS} attempts",
                base.as_str()
            )
            .into(),
        )))
    }
}
