//! The verified-credential cache: a steady stream of requests with one key costs no lookup.
//!
//! Entries live at most the TTL (5 s at most), so another replica's change reaches this one
//! within it. Changes made here invalidate at once: the use cases that change a key, a user or
//! an account forget every entry that depends on it. A lookup that raced with such a change
//! does not repopulate the cache with what it read before the change (the generation check).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use roster_domain::api_key::{ApiKeyDigest, KeyCredential};
use roster_domain::{AccountId, ApiKeyId, UserId};

/// The longest an entry may live.
pub const MAX_CREDENTIAL_TTL: Duration = Duration::from_secs(5);
/// Entries kept at most; beyond it, expired ones are dropped, then everything.
const CAPACITY: usize = 10_000;

#[derive(Debug)]
struct Entry {
    credential: KeyCredential,
    fetched: Instant,
}

/// Verified credentials by key digest.
#[derive(Debug)]
pub struct CredentialCache {
    ttl: Duration,
    entries: Mutex<HashMap<ApiKeyDigest, Entry>>,
    generation: AtomicU64,
}

/// The cache generation a lookup started in (see [`CredentialCache::generation`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation(u64);

impl CredentialCache {
    /// A cache whose entries live `ttl`, capped at [`MAX_CREDENTIAL_TTL`].
    #[must_use]
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl: ttl.min(MAX_CREDENTIAL_TTL),
            entries: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<ApiKeyDigest, Entry>> {
        // A panic while holding the lock cannot leave the map half-updated in a way that
        // matters: every entry is whole. Keep serving.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fresh credential for `digest`, if cached.
    #[must_use]
    pub fn get(&self, digest: &ApiKeyDigest) -> Option<KeyCredential> {
        let entries = self.entries();
        let found = entries
            .get(digest)
            .filter(|entry| entry.fetched.elapsed() < self.ttl)
            .map(|entry| entry.credential.clone());
        let outcome = if found.is_some() { "hit" } else { "miss" };
        metrics::counter!("roster_key_cache_lookups_total", "outcome" => outcome).increment(1);
        found
    }

    /// The current generation; take it before reading the store.
    #[must_use]
    pub fn generation(&self) -> Generation {
        Generation(self.generation.load(Ordering::Acquire))
    }

    /// Caches `credential`, unless something was invalidated since `read_in` (then what was
    /// read may be stale, and is not kept).
    pub fn put(&self, read_in: Generation, digest: ApiKeyDigest, credential: KeyCredential) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries();
        if self.generation.load(Ordering::Acquire) != read_in.0 {
            return;
        }
        if entries.len() >= CAPACITY {
            let ttl = self.ttl;
            entries.retain(|_, entry| entry.fetched.elapsed() < ttl);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            digest,
            Entry {
                credential,
                fetched: Instant::now(),
            },
        );
    }

    fn forget(&self, depends: impl Fn(&KeyCredential) -> bool) {
        let mut entries = self.entries();
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.retain(|_, entry| !depends(&entry.credential));
    }

    /// Forgets the credential of key `id`.
    pub fn forget_key(&self, id: ApiKeyId) {
        self.forget(|credential| credential.key_id == id);
    }

    /// Forgets the credentials of every key of user `id`.
    pub fn forget_user(&self, id: UserId) {
        self.forget(|credential| credential.user_id == id);
    }

    /// Forgets the credentials of every key of account `id`.
    pub fn forget_account(&self, id: AccountId) {
        self.forget(|credential| credential.account_id == id);
    }

    /// Forgets every credential: what changed while the cache could not hear of changes is
    /// unknown.
    pub fn forget_all(&self) {
        self.forget(|_| true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The credential of a key of a new user in a new account.
    fn credential() -> KeyCredential {
        let db = crate::fakes::FakeDb::default();
        let user = db.user(db.account("Studio").id, "member@example.com", false);
        let (key, _) = db.key(&user, 1);
        let tables = db.tables();
        KeyCredential::of(&key, &user, &tables.accounts[&user.account_id])
    }

    #[test]
    fn a_cached_credential_is_served_until_invalidated() {
        let cache = CredentialCache::new(MAX_CREDENTIAL_TTL);
        let digest = ApiKeyDigest::of_presented("ldr_a");
        let credential = credential();
        cache.put(cache.generation(), digest, credential.clone());
        assert_eq!(cache.get(&digest), Some(credential.clone()));
        cache.forget_user(UserId::new());
        assert_eq!(cache.get(&digest), Some(credential.clone()), "another user");
        cache.forget_account(credential.account_id);
        assert_eq!(cache.get(&digest), None);
    }

    #[test]
    fn keys_and_users_invalidate_their_entries() {
        let cache = CredentialCache::new(MAX_CREDENTIAL_TTL);
        let (a, b) = (
            ApiKeyDigest::of_presented("ldr_a"),
            ApiKeyDigest::of_presented("ldr_b"),
        );
        let (first, second) = (credential(), credential());
        cache.put(cache.generation(), a, first.clone());
        cache.put(cache.generation(), b, second.clone());
        cache.forget_key(first.key_id);
        assert_eq!(cache.get(&a), None);
        assert!(cache.get(&b).is_some());
        cache.forget_user(second.user_id);
        assert_eq!(cache.get(&b), None);
    }

    #[test]
    fn forgetting_all_empties_the_cache() {
        let cache = CredentialCache::new(MAX_CREDENTIAL_TTL);
        let (a, b) = (
            ApiKeyDigest::of_presented("ldr_a"),
            ApiKeyDigest::of_presented("ldr_b"),
        );
        cache.put(cache.generation(), a, credential());
        cache.put(cache.generation(), b, credential());
        let before = cache.generation();
        cache.forget_all();
        assert_eq!((cache.get(&a), cache.get(&b)), (None, None));
        cache.put(before, a, credential());
        assert_eq!(
            cache.get(&a),
            None,
            "a read from before the flush is not kept"
        );
    }

    #[test]
    fn a_read_that_raced_an_invalidation_is_not_kept() {
        let cache = CredentialCache::new(MAX_CREDENTIAL_TTL);
        let digest = ApiKeyDigest::of_presented("ldr_a");
        let before = cache.generation();
        cache.forget_key(ApiKeyId::new());
        cache.put(before, digest, credential());
        assert_eq!(cache.get(&digest), None);
    }

    #[test]
    fn entries_expire_and_the_ttl_is_capped() {
        let cache = CredentialCache::new(Duration::from_millis(1));
        let digest = ApiKeyDigest::of_presented("ldr_a");
        cache.put(cache.generation(), digest, credential());
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(cache.get(&digest), None);
        assert_eq!(
            CredentialCache::new(Duration::from_secs(60)).ttl,
            MAX_CREDENTIAL_TTL
        );
    }
}
