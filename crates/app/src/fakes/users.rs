//! Users and the superadmin census in memory.

use roster_domain::etag::Version;
use roster_domain::pagination::{Scan, Total};
use roster_domain::user::{User, UserSortField, UserStatus};
use roster_domain::{AccountId, UserId};

use super::{FakeConn, versioned};
use crate::ports::{
    Excluding, ListRows, StoreError, SuperadminRows, UserFilter, UserInsertError, UserRows,
    WriteError,
};

impl FakeConn {
    /// Whether another live user of `user`'s account has its email, ignoring case (the unique
    /// index).
    fn email_taken(&self, user: &User) -> bool {
        let email = user.email.as_str().to_lowercase();
        !user.is_deleted()
            && self.tables.users.values().any(|other| {
                other.id != user.id
                    && other.account_id == user.account_id
                    && !other.is_deleted()
                    && other.email.as_str().to_lowercase() == email
            })
    }

    fn live_users<'a>(&'a self, filter: &'a UserFilter) -> impl Iterator<Item = &'a User> {
        self.tables.users.values().filter(move |user| {
            !user.is_deleted()
                && filter
                    .account
                    .is_none_or(|account| user.account_id == account)
                && filter
                    .email
                    .as_ref()
                    .is_none_or(|email| &user.email.as_str().to_lowercase() == email)
                && filter.status.is_none_or(|status| user.status == status)
                && filter.q.as_ref().is_none_or(|q| {
                    let prefix = q.as_str().to_lowercase();
                    user.email.as_str().to_lowercase().starts_with(&prefix)
                        || user
                            .display_name
                            .as_str()
                            .to_lowercase()
                            .starts_with(&prefix)
                })
        })
    }

    /// Superadmins that are active and live, whatever their account.
    fn active_superadmins(&self) -> impl Iterator<Item = &User> {
        self.tables.users.values().filter(|user| {
            user.super_admin && user.status == UserStatus::Active && !user.is_deleted()
        })
    }
}

impl UserRows for FakeConn {
    async fn insert_user(&mut self, user: &User) -> Result<(), UserInsertError> {
        if !self.tables.accounts.contains_key(&user.account_id) {
            return Err(UserInsertError::AccountMissing);
        }
        if self.email_taken(user) {
            return Err(UserInsertError::EmailTaken);
        }
        self.tables.users.insert(user.id, user.clone());
        Ok(())
    }

    async fn user(&mut self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.tables.users.get(&id).cloned())
    }

    async fn lock_user(&mut self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.tables.users.get(&id).cloned())
    }

    async fn update_user(&mut self, user: &User) -> Result<Version, WriteError> {
        if self.email_taken(user) {
            return Err(WriteError::Conflict);
        }
        let written = versioned(self.tables.users.get(&user.id), user);
        let version = written.version;
        self.tables.users.insert(user.id, written);
        Ok(version)
    }

    async fn delete_user(&mut self, id: UserId) -> Result<bool, StoreError> {
        self.tables.api_keys.retain(|_, key| key.user_id != id);
        Ok(self.tables.users.remove(&id).is_some())
    }
}

impl SuperadminRows for FakeConn {
    /// One use case runs at a time on the fakes: nothing to serialize.
    async fn lock_superadmins(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    async fn usable_superadmins(&mut self, excluding: Excluding) -> Result<u64, StoreError> {
        let counted = self
            .active_superadmins()
            .filter(|user| match excluding {
                Excluding::User(id) => user.id != id,
                Excluding::Account(account) => user.account_id != account,
            })
            .filter(|user| {
                self.tables
                    .accounts
                    .get(&user.account_id)
                    .is_some_and(|account| account.is_usable())
            })
            .count();
        Ok(u64::try_from(counted).unwrap_or(u64::MAX))
    }

    async fn active_superadmins_of(&mut self, account: AccountId) -> Result<u64, StoreError> {
        let counted = self
            .active_superadmins()
            .filter(|user| user.account_id == account)
            .count();
        Ok(u64::try_from(counted).unwrap_or(u64::MAX))
    }

    async fn any_superadmin(&mut self) -> Result<bool, StoreError> {
        Ok(self
            .tables
            .users
            .values()
            .any(|user| user.super_admin && !user.is_deleted()))
    }
}

impl ListRows<User, UserSortField, UserFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &UserFilter,
        scan: Scan<'_, UserSortField>,
    ) -> Result<Vec<User>, StoreError> {
        Ok(scan.select(self.live_users(filter).cloned()))
    }

    async fn total(&mut self, filter: &UserFilter) -> Result<Total, StoreError> {
        let count = u64::try_from(self.live_users(filter).count()).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}
