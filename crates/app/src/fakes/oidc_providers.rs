//! OpenID providers in memory, keyed as their primary key is: game and name.

use roster_domain::GameId;
use roster_domain::oidc::OidcProvider;
use roster_domain::slug::Slug;

use super::FakeConn;
use crate::ports::{OidcProviderRows, PutProvider, StoreError};

impl OidcProviderRows for FakeConn {
    async fn put_oidc_provider(
        &mut self,
        provider: &OidcProvider,
    ) -> Result<PutProvider, StoreError> {
        let key = (provider.game_id, provider.name.as_str().to_owned());
        let (stored, created) = match self.tables.oidc_providers.get(&key) {
            Some(known) => (
                OidcProvider {
                    created_at: known.created_at,
                    ..provider.clone()
                },
                false,
            ),
            None => (provider.clone(), true),
        };
        self.tables.oidc_providers.insert(key, stored.clone());
        Ok(PutProvider {
            provider: stored,
            created,
        })
    }

    async fn oidc_providers(&mut self, game: GameId) -> Result<Vec<OidcProvider>, StoreError> {
        Ok(self
            .tables
            .oidc_providers
            .values()
            .filter(|provider| provider.game_id == game)
            .cloned()
            .collect())
    }

    async fn oidc_provider(
        &mut self,
        game: GameId,
        name: &Slug,
    ) -> Result<Option<OidcProvider>, StoreError> {
        Ok(self
            .tables
            .oidc_providers
            .get(&(game, name.as_str().to_owned()))
            .cloned())
    }

    async fn delete_oidc_provider(
        &mut self,
        game: GameId,
        name: &Slug,
    ) -> Result<bool, StoreError> {
        Ok(self
            .tables
            .oidc_providers
            .remove(&(game, name.as_str().to_owned()))
            .is_some())
    }
}
