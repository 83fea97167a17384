//! The wire types: request and response bodies, query parameters, and their OpenAPI schemas.

pub mod account;
pub mod api_key;
pub mod audit;
pub mod client;
pub mod error;
pub mod game;
pub mod health;
pub mod identity;
pub mod link;
pub mod oidc_provider;
pub mod pagination;
pub mod player;
pub mod schema;
pub mod sign_in;
pub mod user;
pub mod webhook;
