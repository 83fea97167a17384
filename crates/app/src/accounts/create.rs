//! Creating an account.

use roster_domain::AccountId;
use roster_domain::account::{ACCOUNT_SLUG_FALLBACK, Account, AccountName};
use roster_domain::audit::{Actor, AuditAction, AuditEvent, AuditTarget, Changes, TargetKind};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::slug::Slug;

use super::{AccountDb, Accounts};
use crate::audit;
use crate::ports::{AccountInsertError, AccountRows, Clock, StoreError};
use crate::slugs::{self, Attempt, SlugRequest};

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

impl<D: AccountDb, C: Clock> Accounts<D, C> {
    /// One transaction per attempt: the taken slugs read, the account inserted; a generated
    /// slug that a concurrent creation took first is retried.
    pub(crate) async fn create_account(
        &self,
        principal: &Principal,
        input: CreateAccount,
    ) -> Result<Account, CreateAccountError> {
        policy::authorize(principal, Action::CreateAccount, Target::AllAccounts)?;
        let request = SlugRequest::new(
            input.slug.clone(),
            input.name.as_str(),
            ACCOUNT_SLUG_FALLBACK,
        );
        let now = self.clock.now();
        slugs::insert_with_slug(
            &request,
            || {
                // Owned copies: the transaction's closure then borrows nothing from here.
                let (name, request, db) = (input.name.clone(), request.clone(), &self.db);
                let actor = Actor::admin(principal);
                async move {
                    db.transaction(async move |tx: &mut D::Conn| {
                        let taken = match request.base() {
                            Some(base) => tx.account_slugs_like(base, slugs::SCAN_LIMIT).await?,
                            None => Vec::new(),
                        };
                        let account =
                            Account::new(AccountId::new(), name, request.candidate(&taken), now);
                        match tx.insert_account(&account).await {
                            Ok(()) => {
                                let event = AuditEvent::new(
                                    actor,
                                    AuditAction::AccountCreated,
                                    AuditTarget::new(TargetKind::Account, account.id),
                                    Some(account.id),
                                    Changes::created(&account),
                                    now,
                                );
                                audit::record(tx, event).await?;
                                Ok(account)
                            }
                            Err(AccountInsertError::SlugTaken) => {
                                Err(Attempt::SlugTaken(account.slug))
                            }
                            Err(AccountInsertError::Store(error)) => Err(error.into()),
                        }
                    })
                    .await
                }
            },
            CreateAccountError::SlugTaken,
        )
        .await
    }
}
