//! The ports: what the use cases need from the outside world.
//!
//! Each port is a trait whose methods return `impl Future + Send`, implemented by an adapter and
//! taken as a generic. Each method documents its error contract.

mod account_store;
mod api_key_store;
mod audit_trail;
mod clock;
mod custom_tokens;
mod database;
mod game_store;
mod health_probe;
mod idempotency_store;
mod identity_store;
mod key_usage;
mod list_rows;
mod oidc_provider_store;
mod oidc_tokens;
mod player_store;
mod random;
mod revocation;
mod sealer;
mod session_store;
mod steam_tickets;
mod store_error;
mod token_codec;
mod user_store;
mod webhook_store;
mod webhook_transport;
mod write_error;

pub use account_store::{AccountFilter, AccountInsertError, AccountRows};
pub use api_key_store::{ApiKeyFilter, ApiKeyInsertError, ApiKeyRows};
pub use audit_trail::{AuditFilter, AuditTrail};
pub use clock::Clock;
pub use custom_tokens::{CustomTokenVerifier, InvalidToken};
pub use database::{ConnFn, Database, Work};
pub use game_store::{GameFilter, GameInsertError, GameRows};
pub use health_probe::HealthProbe;
pub use idempotency_store::IdempotencyRecords;
pub use identity_store::{IdentityFilter, IdentityInsertError, IdentityRows};
pub use key_usage::KeyUsageRecorder;
pub use list_rows::ListRows;
pub use oidc_provider_store::{OidcProviderRows, PutProvider};
pub use oidc_tokens::{OidcCheckError, OidcVerifier, TokenFault};
pub use player_store::{BanFilter, PlayerFilter, PlayerRows};
pub use random::{Random, RandomError};
pub use revocation::{Revocation, Revocations};
pub use sealer::{SealError, Sealer};
pub use session_store::SessionRows;
pub use steam_tickets::{SteamCheckError, SteamTickets, TicketCheck};
pub use store_error::{BoxError, StoreError};
pub use token_codec::{SigningError, TokenCodec, TokenRejection};
pub use user_store::{Excluding, SuperadminRows, UserFilter, UserInsertError, UserRows};
pub use webhook_store::{
    DeliveryFilter, DueDelivery, Outbox, WebhookFilter, WebhookInsertError, WebhookRows,
};
pub use webhook_transport::{PostOutcome, UrlRefused, WebhookPost, WebhookTransport};
pub use write_error::WriteError;
