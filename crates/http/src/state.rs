//! What handlers share: the use cases, behind object-safe traits.

use std::sync::Arc;

use roster_app::accounts::AccountUseCases;
use roster_app::api_keys::ApiKeyUseCases;
use roster_app::audit_log::AuditLogUseCases;
use roster_app::auth::Authenticate;
use roster_app::client::ClientUseCases;
use roster_app::games::GameUseCases;
use roster_app::health::HealthCheck;
use roster_app::idempotency::IdempotencyUseCases;
use roster_app::identities::IdentityUseCases;
use roster_app::oidc_providers::OidcProviderUseCases;
use roster_app::players::PlayerUseCases;
use roster_app::sign_in::SignInUseCases;
use roster_app::users::UserUseCases;
use roster_app::webhooks::WebhookUseCases;
use roster_domain::web_url::GameUrlTemplate;

/// The use cases the handlers drive.
#[derive(Clone)]
pub struct AppState {
    /// Account use cases.
    pub accounts: Arc<dyn AccountUseCases>,
    /// User use cases.
    pub users: Arc<dyn UserUseCases>,
    /// API-key use cases.
    pub api_keys: Arc<dyn ApiKeyUseCases>,
    /// Game use cases.
    pub games: Arc<dyn GameUseCases>,
    /// Identity use cases (admin).
    pub identities: Arc<dyn IdentityUseCases>,
    /// Player use cases (admin): players, merges, bans.
    pub players: Arc<dyn PlayerUseCases>,
    /// The audit log (admin).
    pub audit: Arc<dyn AuditLogUseCases>,
    /// Webhooks (admin).
    pub webhooks: Arc<dyn WebhookUseCases>,
    /// The OpenID providers of games.
    pub oidc_providers: Arc<dyn OidcProviderUseCases>,
    /// The client API's use cases.
    pub client: Arc<dyn ClientUseCases>,
    /// Verified sign-in (custom tokens, Steam tickets).
    pub sign_ins: Arc<dyn SignInUseCases>,
    /// Admin API-key authentication.
    pub auth: Arc<dyn Authenticate>,
    /// Idempotency keys of POSTs.
    pub idempotency: Arc<dyn IdempotencyUseCases>,
    /// The database health check.
    pub health: Arc<dyn HealthCheck>,
    /// Where a game's public page is (`ROSTER_PUBLIC_GAME_URL`), for its `url`; none when unset.
    pub public_game_url: Option<GameUrlTemplate>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppState")
    }
}
