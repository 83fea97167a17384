//! The wire types: request and response bodies, query parameters, and their OpenAPI schemas.

pub mod account;
pub mod api_key;
pub mod error;
pub mod health;
pub mod pagination;
pub mod user;
