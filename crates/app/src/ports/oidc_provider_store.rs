//! A game's OpenID Connect providers, as stored.

use std::future::Future;

use roster_domain::GameId;
use roster_domain::oidc::OidcProvider;
use roster_domain::slug::Slug;

use super::StoreError;

/// A provider as written by [`OidcProviderRows::put_oidc_provider`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutProvider {
    /// The provider as stored (a replaced one keeps its `created_at`).
    pub provider: OidcProvider,
    /// Whether it is new rather than replaced.
    pub created: bool,
}

/// The store primitives over the providers of games.
pub trait OidcProviderRows: Send {
    /// Inserts `provider`, or replaces the game's provider of its name (keeping when that was
    /// created), in one statement: of two racing puts of a name, one creates and the other
    /// replaces.
    ///
    /// MUST NOT check the game: the caller holds it locked.
    fn put_oidc_provider(
        &mut self,
        provider: &OidcProvider,
    ) -> impl Future<Output = Result<PutProvider, StoreError>> + Send;

    /// The providers of `game`, by name.
    fn oidc_providers(
        &mut self,
        game: GameId,
    ) -> impl Future<Output = Result<Vec<OidcProvider>, StoreError>> + Send;

    /// The provider `name` of `game`.
    fn oidc_provider(
        &mut self,
        game: GameId,
        name: &Slug,
    ) -> impl Future<Output = Result<Option<OidcProvider>, StoreError>> + Send;

    /// Erases the provider `name` of `game`; whether there was one.
    fn delete_oidc_provider(
        &mut self,
        game: GameId,
        name: &Slug,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
