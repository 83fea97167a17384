//! Creating a user.

use roster_domain::AccountId;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::user::{DisplayName, Email, User, UserStatus};

use super::Users;
use crate::ports::{AccountStore, Clock, StoreError, UserInsertError, UserStore};

/// What a new user is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateUser {
    /// The account it joins.
    pub account_id: AccountId,
    /// Its email.
    pub email: Email,
    /// Its display name.
    pub display_name: DisplayName,
    /// Its status; `active` when not given.
    pub status: Option<UserStatus>,
    /// Whether it is a superadmin (only a superadmin may say `true`).
    pub super_admin: bool,
}

/// Why a user was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// The account is not the principal's, or `super_admin` needs a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The account does not exist or is deleted.
    #[error("Account not found")]
    AccountNotFound,
    /// A user of the account has the email already (ignoring case).
    #[error("A user with this email already exists in this account")]
    EmailTaken,
    /// A superadmin exists (first-superadmin creation only).
    #[error("a superadmin exists already")]
    SuperadminExists,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: UserStore + AccountStore, C: Clock> Users<S, C> {
    pub(super) async fn create_user(
        &self,
        principal: &Principal,
        input: CreateUser,
    ) -> Result<User, CreateUserError> {
        let user = self.new_user(principal, input).await?;
        UserStore::insert(&self.store, &user)
            .await
            .map_err(insert_error)?;
        Ok(user)
    }

    /// Creates the first superadmin of an empty system, refusing when one exists: for
    /// `roster bootstrap`, the same rules as [`UserUseCases::create`](super::UserUseCases::create)
    /// plus that one.
    pub async fn create_first_superadmin(
        &self,
        principal: &Principal,
        input: CreateUser,
    ) -> Result<User, CreateUserError> {
        let user = self
            .new_user(
                principal,
                CreateUser {
                    super_admin: true,
                    ..input
                },
            )
            .await?;
        self.store
            .insert_first_superadmin(&user)
            .await
            .map_err(insert_error)?;
        Ok(user)
    }

    async fn new_user(
        &self,
        principal: &Principal,
        input: CreateUser,
    ) -> Result<User, CreateUserError> {
        let target = Target::Account(input.account_id);
        policy::authorize(principal, Action::CreateUser, target)?;
        if input.super_admin {
            policy::authorize(principal, Action::GrantSuperAdmin, target)?;
        }
        match AccountStore::get(&self.store, input.account_id).await? {
            Some(account) if !account.is_deleted() => {}
            _ => return Err(CreateUserError::AccountNotFound),
        }
        Ok(User::new(
            input.account_id,
            input.email,
            input.display_name,
            input.super_admin,
            input.status.unwrap_or(UserStatus::Active),
            self.clock.now(),
        ))
    }

    /// Whether a live superadmin exists.
    pub async fn superadmin_exists(&self) -> Result<bool, StoreError> {
        self.store.superadmin_exists().await
    }
}

fn insert_error(error: UserInsertError) -> CreateUserError {
    match error {
        UserInsertError::EmailTaken => CreateUserError::EmailTaken,
        UserInsertError::AccountMissing => CreateUserError::AccountNotFound,
        UserInsertError::SuperadminExists => CreateUserError::SuperadminExists,
        UserInsertError::Store(error) => CreateUserError::Store(error),
    }
}
