//! The authorization policy of the admin API, as one function over (principal, action, target).
//!
//! A superadmin may do anything to any account. Everyone else acts only on their own account,
//! never takes a superadmin-only action, and never changes a superadmin user or that user's
//! keys (which would hand them a superadmin's powers). Use cases call [`authorize`] before they
//! act, and again for each property a change touches; handlers never decide.

use crate::account::Account;
use crate::id::{AccountId, UserId};
use crate::principal::Principal;
use crate::user::User;

/// Something a principal wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create an account.
    CreateAccount,
    /// List accounts (all of them, or one account's own page).
    ListAccounts,
    /// Read one account.
    ReadAccount,
    /// Change an account's name or slug.
    RenameAccount,
    /// Suspend or reactivate an account.
    ChangeAccountStatus,
    /// Soft-delete or restore an account.
    SoftDeleteAccount,
    /// Erase an account and everything in it.
    DeleteAccount,
    /// Create a user.
    CreateUser,
    /// List users.
    ListUsers,
    /// Read one user.
    ReadUser,
    /// Change a user's email or display name.
    UpdateUser,
    /// Change a user's status (never one's own).
    ChangeUserStatus,
    /// Grant or withdraw superadmin privileges.
    GrantSuperAdmin,
    /// Soft-delete or restore a user.
    SoftDeleteUser,
    /// Erase a user and its keys.
    DeleteUser,
    /// Create an API key for a user.
    CreateApiKey,
    /// List API keys.
    ListApiKeys,
    /// Read one API key.
    ReadApiKey,
    /// Rename, revoke, soft-delete or restore an API key.
    UpdateApiKey,
    /// Erase an API key.
    DeleteApiKey,
    /// Create a game.
    CreateGame,
    /// List games.
    ListGames,
    /// Read one game.
    ReadGame,
    /// Rename, re-slug, soft-delete or restore a game.
    UpdateGame,
    /// Erase a game and its identities.
    DeleteGame,
    /// Create or import an identity.
    CreateIdentity,
    /// List identities.
    ListIdentities,
    /// Read one identity.
    ReadIdentity,
    /// Rename, soft-delete or restore an identity.
    UpdateIdentity,
    /// Erase an identity and its sessions.
    DeleteIdentity,
    /// Start a client session for an identity the game's server vouches for.
    MintSession,
    /// List players.
    ListPlayers,
    /// Read one player, or its ban history.
    ReadPlayer,
    /// Rename a player.
    UpdatePlayer,
    /// Erase a player with its identities and sessions.
    DeletePlayer,
    /// Merge one player into another.
    MergePlayers,
    /// Ban a player, or lift a ban.
    BanPlayer,
    /// Create a webhook.
    CreateWebhook,
    /// Read one webhook, or its deliveries.
    ReadWebhook,
    /// Change a webhook's URL, events or description.
    UpdateWebhook,
    /// Erase a webhook and its deliveries.
    DeleteWebhook,
}

impl Action {
    /// Why a principal who is not a superadmin may not take this action at all, if they may not.
    const fn superadmin_only(self) -> Option<&'static str> {
        match self {
            Self::CreateAccount => Some("Only superadmins can create accounts"),
            Self::ChangeAccountStatus => Some("Only superadmins can change an account's status"),
            Self::SoftDeleteAccount => Some("Only superadmins can delete or restore accounts"),
            Self::DeleteAccount => Some("Only superadmins can delete accounts"),
            Self::GrantSuperAdmin => {
                Some("Only superadmins can grant or withdraw superadmin privileges")
            }
            _ => None,
        }
    }

    /// Whether the action only reads.
    const fn reads(self) -> bool {
        matches!(
            self,
            Self::ListAccounts
                | Self::ReadAccount
                | Self::ListUsers
                | Self::ReadUser
                | Self::ListApiKeys
                | Self::ReadApiKey
                | Self::ListGames
                | Self::ReadGame
                | Self::ListIdentities
                | Self::ReadIdentity
                | Self::ListPlayers
                | Self::ReadPlayer
                | Self::ReadWebhook
        )
    }
}

/// What an action is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Every account at once (listing across accounts, creating a new one).
    AllAccounts,
    /// One account, or a resource that belongs to it.
    Account(AccountId),
    /// A user, or a resource that belongs to the user (its API keys).
    User {
        /// The user's account.
        account: AccountId,
        /// The user.
        user: UserId,
        /// Whether the user is a superadmin.
        super_admin: bool,
    },
}

impl Target {
    fn account(self) -> Option<AccountId> {
        match self {
            Self::AllAccounts => None,
            Self::Account(account) | Self::User { account, .. } => Some(account),
        }
    }
}

/// The principal may not take the action on the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Forbidden {
    /// A sentence for the caller.
    pub reason: &'static str,
}

/// Which accounts a list covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListScope {
    /// Every account (superadmins only).
    AllAccounts,
    /// One account.
    Account(AccountId),
}

impl ListScope {
    /// The account the list is limited to, if it is.
    #[must_use]
    pub fn account(self) -> Option<AccountId> {
        match self {
            Self::AllAccounts => None,
            Self::Account(id) => Some(id),
        }
    }
}

/// The scope of a list `principal` asked for, optionally naming one account.
///
/// A superadmin lists every account, or the one named. Anyone else lists their own account;
/// naming another one is forbidden.
pub fn list_scope(
    principal: &Principal,
    requested: Option<AccountId>,
) -> Result<ListScope, Forbidden> {
    match (principal.super_admin, requested) {
        (true, None) => Ok(ListScope::AllAccounts),
        (true, Some(account)) => Ok(ListScope::Account(account)),
        (false, None) => Ok(ListScope::Account(principal.account_id)),
        (false, Some(account)) if account == principal.account_id => {
            Ok(ListScope::Account(account))
        }
        (false, Some(_)) => Err(Forbidden {
            reason: "You do not have access to this account",
        }),
    }
}

/// Decides whether `principal` may take `action` on `target`.
pub fn authorize(principal: &Principal, action: Action, target: Target) -> Result<(), Forbidden> {
    if action == Action::ChangeUserStatus
        && matches!(target, Target::User { user, .. } if user == principal.user_id)
    {
        return Err(Forbidden {
            reason: "You cannot change your own status",
        });
    }
    if principal.super_admin {
        return Ok(());
    }
    if let Some(reason) = action.superadmin_only() {
        return Err(Forbidden { reason });
    }
    match target.account() {
        None => {
            return Err(Forbidden {
                reason: "Only superadmins can act across accounts",
            });
        }
        Some(account) if account != principal.account_id => {
            return Err(Forbidden {
                reason: "You do not have access to this account",
            });
        }
        Some(_) => {}
    }
    match target {
        Target::User {
            super_admin: true, ..
        } if !action.reads() => Err(Forbidden {
            reason: "Only superadmins can manage superadmin users and their API keys",
        }),
        _ => Ok(()),
    }
}

/// The policy target of `user`: the user, in its account, superadmin or not.
#[must_use]
pub fn user_target(user: &User) -> Target {
    Target::User {
        account: user.account_id,
        user: user.id,
        super_admin: user.super_admin,
    }
}

/// Decides whether `principal` may change an account from `before` to `after`: access to it
/// for any change, and a superadmin for a change of status or deletion (sending a field's
/// current value is no change, and needs nothing more).
pub fn authorize_account_change(
    principal: &Principal,
    before: &Account,
    after: &Account,
) -> Result<(), Forbidden> {
    let target = Target::Account(before.id);
    authorize(principal, Action::RenameAccount, target)?;
    if after.status != before.status {
        authorize(principal, Action::ChangeAccountStatus, target)?;
    }
    if after.is_deleted() != before.is_deleted() {
        authorize(principal, Action::SoftDeleteAccount, target)?;
    }
    Ok(())
}

/// Decides whether `principal` may change a user from `before` to `after`: the right to
/// update it, and for each field that really changes, the action that field needs.
pub fn authorize_user_change(
    principal: &Principal,
    before: &User,
    after: &User,
) -> Result<(), Forbidden> {
    let target = user_target(before);
    authorize(principal, Action::UpdateUser, target)?;
    if after.status != before.status {
        authorize(principal, Action::ChangeUserStatus, target)?;
    }
    if after.super_admin != before.super_admin {
        authorize(principal, Action::GrantSuperAdmin, target)?;
    }
    if after.is_deleted() != before.is_deleted() {
        authorize(principal, Action::SoftDeleteUser, target)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::ApiKeyId;

    const ALL_ACTIONS: [Action; 41] = [
        Action::CreateAccount,
        Action::ListAccounts,
        Action::ReadAccount,
        Action::RenameAccount,
        Action::ChangeAccountStatus,
        Action::SoftDeleteAccount,
        Action::DeleteAccount,
        Action::CreateUser,
        Action::ListUsers,
        Action::ReadUser,
        Action::UpdateUser,
        Action::ChangeUserStatus,
        Action::GrantSuperAdmin,
        Action::SoftDeleteUser,
        Action::DeleteUser,
        Action::CreateApiKey,
        Action::ListApiKeys,
        Action::ReadApiKey,
        Action::UpdateApiKey,
        Action::DeleteApiKey,
        Action::CreateGame,
        Action::ListGames,
        Action::ReadGame,
        Action::UpdateGame,
        Action::DeleteGame,
        Action::CreateIdentity,
        Action::ListIdentities,
        Action::ReadIdentity,
        Action::UpdateIdentity,
        Action::DeleteIdentity,
        Action::MintSession,
        Action::ListPlayers,
        Action::ReadPlayer,
        Action::UpdatePlayer,
        Action::DeletePlayer,
        Action::MergePlayers,
        Action::BanPlayer,
        Action::CreateWebhook,
        Action::ReadWebhook,
        Action::UpdateWebhook,
        Action::DeleteWebhook,
    ];

    fn principal(super_admin: bool) -> Principal {
        Principal {
            api_key_id: ApiKeyId::new(),
            user_id: UserId::new(),
            account_id: AccountId::new(),
            super_admin,
        }
    }

    fn user_of(account: AccountId, super_admin: bool) -> Target {
        Target::User {
            account,
            user: UserId::new(),
            super_admin,
        }
    }

    #[test]
    fn a_superadmin_may_take_every_action_on_every_target() {
        let admin = principal(true);
        for action in ALL_ACTIONS {
            for target in [
                Target::AllAccounts,
                Target::Account(admin.account_id),
                Target::Account(AccountId::new()),
                user_of(AccountId::new(), true),
                user_of(admin.account_id, false),
            ] {
                assert_eq!(authorize(&admin, action, target), Ok(()), "{action:?}");
            }
        }
    }

    #[test]
    fn an_admin_may_take_every_ordinary_action_in_their_own_account() {
        let admin = principal(false);
        for action in ALL_ACTIONS {
            if action.superadmin_only().is_some() {
                continue;
            }
            assert_eq!(
                authorize(&admin, action, Target::Account(admin.account_id)),
                Ok(()),
                "{action:?}"
            );
            assert_eq!(
                authorize(&admin, action, user_of(admin.account_id, false)),
                Ok(()),
                "{action:?}"
            );
        }
    }

    #[test]
    fn an_admin_may_do_nothing_to_another_account() {
        let admin = principal(false);
        for action in ALL_ACTIONS {
            let other = AccountId::new();
            assert!(
                authorize(&admin, action, Target::Account(other)).is_err(),
                "{action:?}"
            );
            assert!(
                authorize(&admin, action, user_of(other, false)).is_err(),
                "{action:?}"
            );
        }
    }

    #[test]
    fn an_admin_may_not_act_across_accounts() {
        let admin = principal(false);
        for action in ALL_ACTIONS {
            assert!(
                authorize(&admin, action, Target::AllAccounts).is_err(),
                "{action:?}"
            );
        }
    }

    #[test]
    fn superadmin_only_actions_are_refused_even_on_the_own_account() {
        let admin = principal(false);
        let own = Target::Account(admin.account_id);
        for action in [
            Action::CreateAccount,
            Action::ChangeAccountStatus,
            Action::SoftDeleteAccount,
            Action::DeleteAccount,
            Action::GrantSuperAdmin,
        ] {
            let refusal = authorize(&admin, action, own).unwrap_err();
            assert!(refusal.reason.starts_with("Only superadmins"), "{action:?}");
        }
    }

    #[test]
    fn an_admin_may_read_but_not_change_a_superadmin_of_their_account() {
        let admin = principal(false);
        let superadmin = user_of(admin.account_id, true);
        for action in ALL_ACTIONS {
            let allowed = authorize(&admin, action, superadmin).is_ok();
            assert_eq!(allowed, action.reads(), "{action:?}");
        }
    }

    #[test]
    fn nobody_changes_their_own_status() {
        for super_admin in [false, true] {
            let admin = principal(super_admin);
            let me = Target::User {
                account: admin.account_id,
                user: admin.user_id,
                super_admin,
            };
            assert!(authorize(&admin, Action::ChangeUserStatus, me).is_err());
            assert!(authorize(&admin, Action::UpdateUser, me).is_ok());
        }
    }

    fn account_of(admin: &Principal) -> Account {
        Account {
            id: admin.account_id,
            ..crate::account::fixture()
        }
    }

    fn member_of(admin: &Principal, super_admin: bool) -> User {
        crate::user::fixture(admin.account_id, super_admin)
    }

    #[test]
    fn an_admin_renames_their_account_but_a_status_or_deletion_change_needs_a_superadmin() {
        let admin = principal(false);
        let before = account_of(&admin);
        let renamed = Account {
            name: crate::account::AccountName::parse("Renamed").unwrap(),
            ..before.clone()
        };
        assert_eq!(authorize_account_change(&admin, &before, &renamed), Ok(()));
        // Sending the current status is no change.
        assert_eq!(authorize_account_change(&admin, &before, &before), Ok(()));
        let suspended = Account {
            status: crate::account::AccountStatus::Suspended,
            ..before.clone()
        };
        let deleted = Account {
            deleted_at: Some(before.created_at),
            ..before.clone()
        };
        for after in [&suspended, &deleted] {
            assert!(authorize_account_change(&admin, &before, after).is_err());
            assert_eq!(
                authorize_account_change(&principal(true), &before, after),
                Ok(())
            );
        }
        let elsewhere = principal(false);
        assert!(authorize_account_change(&elsewhere, &before, &renamed).is_err());
    }

    #[test]
    fn each_changed_user_field_needs_its_own_right() {
        let admin = principal(false);
        let before = member_of(&admin, false);
        let renamed = User {
            display_name: crate::user::DisplayName::parse("Renamed").unwrap(),
            ..before.clone()
        };
        let suspended = User {
            status: crate::user::UserStatus::Suspended,
            ..before.clone()
        };
        let deleted = User {
            deleted_at: Some(before.created_at),
            ..before.clone()
        };
        let promoted = User {
            super_admin: true,
            ..before.clone()
        };
        assert_eq!(authorize_user_change(&admin, &before, &renamed), Ok(()));
        assert_eq!(authorize_user_change(&admin, &before, &suspended), Ok(()));
        assert_eq!(authorize_user_change(&admin, &before, &deleted), Ok(()));
        assert!(authorize_user_change(&admin, &before, &promoted).is_err());
        assert_eq!(
            authorize_user_change(&principal(true), &before, &promoted),
            Ok(())
        );
        // A superadmin member is beyond an admin, even for a rename.
        let superadmin = member_of(&admin, true);
        let renamed_superadmin = User {
            display_name: crate::user::DisplayName::parse("Renamed").unwrap(),
            ..superadmin.clone()
        };
        assert!(authorize_user_change(&admin, &superadmin, &renamed_superadmin).is_err());
    }

    #[test]
    fn nobody_changes_their_own_status_through_an_update() {
        let admin = principal(true);
        let me = User {
            id: admin.user_id,
            ..member_of(&admin, true)
        };
        let suspended = User {
            status: crate::user::UserStatus::Suspended,
            ..me.clone()
        };
        assert!(authorize_user_change(&admin, &me, &suspended).is_err());
        assert_eq!(authorize_user_change(&admin, &me, &me), Ok(()));
    }

    #[test]
    fn a_superadmin_lists_everything_or_the_account_named() {
        let admin = principal(true);
        let other = AccountId::new();
        assert_eq!(list_scope(&admin, None), Ok(ListScope::AllAccounts));
        assert_eq!(
            list_scope(&admin, Some(other)),
            Ok(ListScope::Account(other))
        );
    }

    #[test]
    fn an_admin_lists_only_their_own_account() {
        let admin = principal(false);
        let own = ListScope::Account(admin.account_id);
        assert_eq!(list_scope(&admin, None), Ok(own));
        assert_eq!(list_scope(&admin, Some(admin.account_id)), Ok(own));
        assert!(list_scope(&admin, Some(AccountId::new())).is_err());
    }
}
