//! API keys in memory, with the digests their secrets are found by.

use roster_domain::ApiKeyId;
use roster_domain::api_key::{ApiKey, ApiKeyDigest, ApiKeySortField, KeyCredential, NewApiKey};
use roster_domain::etag::Version;
use roster_domain::pagination::{Scan, Total};

use super::{FakeConn, versioned};
use crate::ports::{ApiKeyFilter, ApiKeyInsertError, ApiKeyRows, ListRows, StoreError};

impl FakeConn {
    fn live_keys<'a>(&'a self, filter: &'a ApiKeyFilter) -> impl Iterator<Item = &'a ApiKey> {
        self.tables.api_keys.values().filter(move |key| {
            !key.is_deleted()
                && filter
                    .account
                    .is_none_or(|account| key.account_id == account)
                && filter.user.is_none_or(|user| key.user_id == user)
                && filter.status.is_none_or(|status| key.status == status)
                && filter
                    .expired
                    .is_none_or(|expired| key.is_expired_at(filter.now) == expired)
        })
    }
}

impl ApiKeyRows for FakeConn {
    async fn insert_key(&mut self, key: &NewApiKey) -> Result<(), ApiKeyInsertError> {
        let owner_there = self
            .tables
            .users
            .get(&key.user_id)
            .is_some_and(|user| user.account_id == key.account_id);
        if !owner_there {
            return Err(ApiKeyInsertError::UserMissing);
        }
        self.tables.api_keys.insert(key.id, ApiKey::from_new(key));
        self.tables.key_digests.push((key.digest, key.id));
        Ok(())
    }

    async fn key(&mut self, id: ApiKeyId) -> Result<Option<ApiKey>, StoreError> {
        Ok(self.tables.api_keys.get(&id).cloned())
    }

    async fn lock_key(&mut self, id: ApiKeyId) -> Result<Option<ApiKey>, StoreError> {
        Ok(self.tables.api_keys.get(&id).cloned())
    }

    async fn update_key(&mut self, key: &ApiKey) -> Result<Version, StoreError> {
        let written = versioned(self.tables.api_keys.get(&key.id), key);
        let version = written.version;
        self.tables.api_keys.insert(key.id, written);
        Ok(version)
    }

    async fn delete_key(&mut self, id: ApiKeyId) -> Result<bool, StoreError> {
        Ok(self.tables.api_keys.remove(&id).is_some())
    }

    async fn key_credential(
        &mut self,
        digest: &ApiKeyDigest,
    ) -> Result<Option<KeyCredential>, StoreError> {
        let tables = &self.tables;
        let found = tables
            .key_digests
            .iter()
            .find(|(known, _)| known == digest)
            .and_then(|(_, id)| tables.api_keys.get(id))
            .and_then(|key| {
                let user = tables.users.get(&key.user_id)?;
                let account = tables.accounts.get(&key.account_id)?;
                Some(KeyCredential::of(key, user, account))
            });
        Ok(found)
    }
}

impl ListRows<ApiKey, ApiKeySortField, ApiKeyFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &ApiKeyFilter,
        scan: Scan<'_, ApiKeySortField>,
    ) -> Result<Vec<ApiKey>, StoreError> {
        Ok(scan.select(self.live_keys(filter).cloned()))
    }

    async fn total(&mut self, filter: &ApiKeyFilter) -> Result<Total, StoreError> {
        let count = u64::try_from(self.live_keys(filter).count()).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}
