//! Roster's domain: the business rules, free of I/O.
//!
//! Everything here is pure: no async runtime, no database, no HTTP. Entities and value objects
//! validate in their constructors, the authorization policy is one function, and the rules of
//! cursor pagination (sort parsing, signed cursors, page assembly) live in [`pagination`].

pub mod account;
pub mod api_key;
pub mod audit;
pub mod ban;
pub mod change;
pub mod client_session;
pub mod custom_token;
pub mod etag;
pub mod game;
pub mod game_details;
pub mod id;
pub mod idempotency;
pub mod identity;
pub mod network;
pub mod nonce;
pub mod oidc;
pub mod pagination;
pub mod player;
pub mod policy;
pub mod principal;
pub mod recorded;
pub mod search;
pub mod sign_in;
pub mod slug;
pub mod soft_delete;
pub mod steam;
pub mod superadmin;
pub mod text;
pub mod timestamp;
pub mod user;
pub mod web_url;
pub mod webhook;
pub mod webhook_delivery;

pub use id::{
    AccountId, ApiKeyId, BanId, EventId, GameId, IdParseError, IdentityId, PlayerId, SessionId,
    UserId, WebhookId,
};
pub use timestamp::Timestamp;
