//! Accounts in memory.

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField};
use roster_domain::etag::Version;
use roster_domain::pagination::{Scan, Total};
use roster_domain::slug::{Slug, SlugBase};

use super::{FakeConn, versioned};
use crate::ports::{
    AccountFilter, AccountInsertError, AccountRows, ListRows, StoreError, WriteError,
};

impl FakeConn {
    /// Whether another live account has `account`'s slug (the unique index).
    fn account_slug_taken(&self, account: &Account) -> bool {
        !account.is_deleted()
            && self.tables.accounts.values().any(|other| {
                other.id != account.id && !other.is_deleted() && other.slug == account.slug
            })
    }

    fn live_accounts<'a>(&'a self, filter: &'a AccountFilter) -> impl Iterator<Item = &'a Account> {
        self.tables.accounts.values().filter(move |account| {
            !account.is_deleted()
                && filter.only.is_none_or(|only| account.id == only)
                && filter.status.is_none_or(|status| account.status == status)
                && filter.q.as_ref().is_none_or(|q| {
                    let prefix = q.as_str().to_lowercase();
                    account.name.as_str().to_lowercase().starts_with(&prefix)
                        || account.slug.as_str().starts_with(&prefix)
                })
        })
    }
}

impl AccountRows for FakeConn {
    async fn insert_account(&mut self, account: &Account) -> Result<(), AccountInsertError> {
        if self.account_slug_taken(account) {
            return Err(AccountInsertError::SlugTaken);
        }
        self.tables.accounts.insert(account.id, account.clone());
        Ok(())
    }

    async fn account_slugs_like(
        &mut self,
        base: &SlugBase,
        limit: usize,
    ) -> Result<Vec<Slug>, StoreError> {
        let dashed = format!("{}-", base.as_str());
        Ok(self
            .tables
            .accounts
            .values()
            .filter(|account| !account.is_deleted())
            .filter(|account| {
                account.slug.as_str() == base.as_str() || account.slug.as_str().starts_with(&dashed)
            })
            .map(|account| account.slug.clone())
            .take(limit)
            .collect())
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, StoreError> {
        Ok(self.tables.accounts.get(&id).cloned())
    }

    async fn account_by_slug(&mut self, slug: &Slug) -> Result<Option<Account>, StoreError> {
        Ok(self
            .tables
            .accounts
            .values()
            .find(|account| !account.is_deleted() && &account.slug == slug)
            .cloned())
    }

    async fn lock_account(&mut self, id: AccountId) -> Result<Option<Account>, StoreError> {
        Ok(self.tables.accounts.get(&id).cloned())
    }

    async fn update_account(&mut self, account: &Account) -> Result<Version, WriteError> {
        if self.account_slug_taken(account) {
            return Err(WriteError::Conflict);
        }
        let written = versioned(self.tables.accounts.get(&account.id), account);
        let version = written.version;
        self.tables.accounts.insert(account.id, written);
        Ok(version)
    }

    /// Everything of the account goes with it, as the foreign keys' cascades do.
    async fn delete_account(&mut self, id: AccountId) -> Result<bool, StoreError> {
        let tables = &mut self.tables;
        tables.games.retain(|_, game| game.account_id != id);
        tables
            .identities
            .retain(|_, identity| identity.account_id != id);
        tables
            .sessions
            .retain(|_, session| session.account_id != id);
        tables.users.retain(|_, user| user.account_id != id);
        tables.api_keys.retain(|_, key| key.account_id != id);
        Ok(tables.accounts.remove(&id).is_some())
    }
}

impl ListRows<Account, AccountSortField, AccountFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &AccountFilter,
        scan: Scan<'_, AccountSortField>,
    ) -> Result<Vec<Account>, StoreError> {
        Ok(scan.select(self.live_accounts(filter).cloned()))
    }

    async fn total(&mut self, filter: &AccountFilter) -> Result<Total, StoreError> {
        let count = u64::try_from(self.live_accounts(filter).count()).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}
