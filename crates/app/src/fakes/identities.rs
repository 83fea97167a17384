//! Identities, client sessions, nonces and revocations in memory.

use roster_domain::ban::prevailing;
use roster_domain::client_session::{ClientCredential, ClientSession};
use roster_domain::etag::Version;
use roster_domain::identity::{Identity, IdentitySortField};
use roster_domain::nonce::Nonce;
use roster_domain::pagination::{Scan, Total};
use roster_domain::{IdentityId, PlayerId, SessionId, Timestamp};
use uuid::Uuid;

use super::{FakeConn, versioned};
use crate::ports::{
    IdentityFilter, IdentityInsertError, IdentityRows, ListRows, Revocation, Revocations,
    SessionRows, StoreError, WriteError,
};

impl FakeConn {
    /// The live identity other than `identity` with its game, kind and key (the unique index).
    fn identity_clash(&self, identity: &Identity) -> Option<&Identity> {
        if identity.is_deleted() {
            return None;
        }
        self.tables.identities.values().find(|other| {
            other.id != identity.id
                && !other.is_deleted()
                && other.game_id == identity.game_id
                && other.kind == identity.kind
                && other.provider == identity.provider
                && other.external_key == identity.external_key
        })
    }

    fn live_identities<'a>(
        &'a self,
        filter: &'a IdentityFilter,
    ) -> impl Iterator<Item = &'a Identity> {
        self.tables.identities.values().filter(move |identity| {
            !identity.is_deleted()
                && filter
                    .account
                    .is_none_or(|account| identity.account_id == account)
                && filter.game.is_none_or(|game| identity.game_id == game)
                && filter.kind.is_none_or(|kind| identity.kind == kind)
                && filter
                    .external_key
                    .as_ref()
                    .is_none_or(|key| identity.external_key.as_str() == key)
                && filter
                    .provider
                    .as_ref()
                    .is_none_or(|provider| identity.provider.as_ref() == Some(provider))
                && filter
                    .player
                    .is_none_or(|player| identity.player_id == player)
                && filter.q.as_ref().is_none_or(|q| {
                    let prefix = q.as_str().to_lowercase();
                    identity
                        .external_key
                        .as_str()
                        .to_lowercase()
                        .starts_with(&prefix)
                        || identity
                            .display_name
                            .as_ref()
                            .is_some_and(|name| name.as_str().to_lowercase().starts_with(&prefix))
                })
        })
    }
}

impl IdentityRows for FakeConn {
    async fn insert_identity(&mut self, identity: &Identity) -> Result<(), IdentityInsertError> {
        let game_there = self
            .tables
            .games
            .get(&identity.game_id)
            .is_some_and(|game| game.account_id == identity.account_id);
        if !game_there {
            return Err(IdentityInsertError::GameMissing);
        }
        if self.identity_clash(identity).is_some() {
            return Err(IdentityInsertError::Duplicate);
        }
        self.tables.identities.insert(identity.id, identity.clone());
        Ok(())
    }

    async fn insert_identity_unless_live(
        &mut self,
        candidate: &Identity,
    ) -> Result<Option<Identity>, StoreError> {
        if self.identity_clash(candidate).is_some() {
            return Ok(None);
        }
        self.tables
            .identities
            .insert(candidate.id, candidate.clone());
        Ok(Some(candidate.clone()))
    }

    async fn live_identity(&mut self, like: &Identity) -> Result<Option<Identity>, StoreError> {
        self.lock_live_identity(like).await
    }

    async fn lock_live_identity(
        &mut self,
        like: &Identity,
    ) -> Result<Option<Identity>, StoreError> {
        Ok(self
            .tables
            .identities
            .values()
            .find(|identity| {
                !identity.is_deleted()
                    && identity.game_id == like.game_id
                    && identity.kind == like.kind
                    && identity.provider == like.provider
                    && identity.external_key == like.external_key
            })
            .cloned())
    }

    async fn identity(&mut self, id: IdentityId) -> Result<Option<Identity>, StoreError> {
        Ok(self.tables.identities.get(&id).cloned())
    }

    async fn lock_identity(&mut self, id: IdentityId) -> Result<Option<Identity>, StoreError> {
        Ok(self.tables.identities.get(&id).cloned())
    }

    async fn update_identity(&mut self, identity: &Identity) -> Result<Version, WriteError> {
        if self.identity_clash(identity).is_some() {
            return Err(WriteError::Conflict);
        }
        let written = versioned(self.tables.identities.get(&identity.id), identity);
        let version = written.version;
        self.tables.identities.insert(identity.id, written);
        Ok(version)
    }

    async fn delete_identity(&mut self, id: IdentityId) -> Result<bool, StoreError> {
        // Its sessions and nonces go with it, as ON DELETE CASCADE takes them.
        self.tables
            .sessions
            .retain(|_, session| session.identity_id != id);
        self.tables
            .nonces
            .retain(|_, nonce| nonce.identity_id != id);
        Ok(self.tables.identities.remove(&id).is_some())
    }
}

impl ListRows<Identity, IdentitySortField, IdentityFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &IdentityFilter,
        scan: Scan<'_, IdentitySortField>,
    ) -> Result<Vec<Identity>, StoreError> {
        Ok(scan.select(self.live_identities(filter).cloned()))
    }

    async fn total(&mut self, filter: &IdentityFilter) -> Result<Total, StoreError> {
        let count = u64::try_from(self.live_identities(filter).count()).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}

impl SessionRows for FakeConn {
    async fn insert_session(&mut self, session: &ClientSession) -> Result<(), StoreError> {
        self.tables.sessions.insert(session.id, session.clone());
        Ok(())
    }

    async fn lock_session(&mut self, id: SessionId) -> Result<Option<ClientSession>, StoreError> {
        Ok(self.tables.sessions.get(&id).cloned())
    }

    async fn update_session(&mut self, session: &ClientSession) -> Result<(), StoreError> {
        self.tables.sessions.insert(session.id, session.clone());
        Ok(())
    }

    async fn revoke_sessions_of_identity(
        &mut self,
        identity: IdentityId,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let mut revoked = 0;
        for session in self.tables.sessions.values_mut() {
            if session.identity_id == identity && !session.is_revoked() {
                *session = session.revoked(at);
                revoked += 1;
            }
        }
        Ok(revoked)
    }

    async fn revoke_sessions_of_player(
        &mut self,
        player: PlayerId,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let mut revoked = 0;
        for session in self.tables.sessions.values_mut() {
            if session.player_id == player && !session.is_revoked() {
                *session = session.revoked(at);
                revoked += 1;
            }
        }
        Ok(revoked)
    }

    async fn session_credential(
        &mut self,
        id: SessionId,
        at: Timestamp,
    ) -> Result<Option<ClientCredential>, StoreError> {
        let Some(session) = self.tables.sessions.get(&id) else {
            return Ok(None);
        };
        let identity = self.tables.identities.get(&session.identity_id);
        let game = self.tables.games.get(&session.game_id);
        let account = self.tables.accounts.get(&session.account_id);
        let (Some(identity), Some(game), Some(account)) = (identity, game, account) else {
            return Ok(None);
        };
        Ok(Some(ClientCredential {
            session: session.clone(),
            identity_deleted: identity.is_deleted(),
            game_deleted: game.is_deleted(),
            account_status: account.status,
            account_deleted: account.is_deleted(),
            ban: prevailing(
                self.tables
                    .bans
                    .values()
                    .filter(|ban| ban.player_id == session.player_id),
                at,
            )
            .cloned(),
        }))
    }

    async fn insert_nonce(&mut self, nonce: &Nonce) -> Result<(), StoreError> {
        self.tables.nonces.insert(nonce.value, nonce.clone());
        Ok(())
    }

    async fn use_nonce(
        &mut self,
        value: Uuid,
        identity: IdentityId,
        now: Timestamp,
    ) -> Result<Result<(), Option<Nonce>>, StoreError> {
        match self.tables.nonces.get_mut(&value) {
            Some(nonce)
                if nonce.identity_id == identity
                    && nonce.used_at.is_none()
                    && nonce.expires_at > now =>
            {
                nonce.used_at = Some(now);
                Ok(Ok(()))
            }
            stored => Ok(Err(stored.cloned())),
        }
    }
}

impl Revocations for FakeConn {
    async fn announce(&mut self, revocation: Revocation) -> Result<(), StoreError> {
        self.tables.announced.push(revocation);
        Ok(())
    }
}
