//! Creating a user.

use roster_domain::AccountId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::user::{DisplayName, Email, User, UserStatus};

use super::{UserDb, Users};
use crate::audit::{self, Change};
use crate::ports::{AccountRows, Clock, StoreError, SuperadminRows, UserInsertError, UserRows};

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

impl<D: UserDb, C: Clock> Users<D, C> {
    pub(super) async fn create_user(
        &self,
        principal: &Principal,
        input: CreateUser,
    ) -> Result<User, CreateUserError> {
        let user = self.new_user(principal, input)?;
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, CreateUserError> {
                live_account(tx, &user).await?;
                tx.insert_user(&user).await.map_err(insert_error)?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::UserCreated,
                        target: AuditTarget::new(TargetKind::User, user.id),
                        account_id: user.account_id,
                        changes: Changes::created(&user),
                        at: user.created_at,
                    },
                )
                .await?;
                Ok(())
            })
            .await?;
        Ok(user)
    }

    /// Creates the first superadmin, only while none exists (serialized against concurrent
    /// calls by the superadmin lock): the bootstrap of an empty system.
    pub async fn create_first_superadmin(
        &self,
        principal: &Principal,
        input: CreateUser,
    ) -> Result<User, CreateUserError> {
        let user = self.new_user(
            principal,
            CreateUser {
                super_admin: true,
                ..input
            },
        )?;
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, CreateUserError> {
                tx.lock_superadmins().await?;
                if tx.any_superadmin().await? {
                    return Err(CreateUserError::SuperadminExists);
                }
                live_account(tx, &user).await?;
                tx.insert_user(&user).await.map_err(insert_error)?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::UserCreated,
                        target: AuditTarget::new(TargetKind::User, user.id),
                        account_id: user.account_id,
                        changes: Changes::created(&user),
                        at: user.created_at,
                    },
                )
                .await?;
                Ok(())
            })
            .await?;
        Ok(user)
    }

    fn new_user(&self, principal: &Principal, input: CreateUser) -> Result<User, CreateUserError> {
        let target = Target::Account(input.account_id);
        policy::authorize(principal, Action::CreateUser, target)?;
        if input.super_admin {
            policy::authorize(principal, Action::GrantSuperAdmin, target)?;
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

    /// Whether a superadmin that is not deleted exists.
    pub async fn superadmin_exists(&self) -> Result<bool, StoreError> {
        self.db
            .read(async |conn: &mut D::Conn| conn.any_superadmin().await)
            .await
    }
}

/// Refuses a user for an account that is missing or deleted.
async fn live_account<C: AccountRows>(tx: &mut C, user: &User) -> Result<(), CreateUserError> {
    match tx.account(user.account_id).await? {
        Some(account) if !account.is_deleted() => Ok(()),
        _ => Err(CreateUserError::AccountNotFound),
    }
}

fn insert_error(error: UserInsertError) -> CreateUserError {
    match error {
        UserInsertError::EmailTaken => CreateUserError::EmailTaken,
        UserInsertError::AccountMissing => CreateUserError::AccountNotFound,
        UserInsertError::Store(error) => CreateUserError::Store(error),
    }
}
