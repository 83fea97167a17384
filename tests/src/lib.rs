//! The test harness: a database per test, cloned from a migrated template, and the real server
//! on an ephemeral port in front of it.
//!
//! `make test` starts a throwaway PostgreSQL cluster and sets `ROSTER_TEST_DATABASE_URL` to its
//! maintenance database; set it yourself to run `cargo nextest run` against another cluster.

mod app;
mod client;
mod db;
mod fault_proxy;
mod fixtures;
mod ids;
mod jwks_stub;
mod process;
mod response;
mod steam_stub;
mod webhook_receiver;

pub use app::{TestApp, TestConfig, spawn_app, spawn_app_with};
pub use client::fingerprint;
pub use db::TestDb;
pub use fault_proxy::FaultProxy;
pub use fixtures::AdminKey;
pub use ids::{GODOT_GAME_ID_PATTERN, assert_leadr_id};
pub use jwks_stub::{JwksStub, SigningKey};
pub use process::{ServerProcess, roster_command};
pub use response::TestResponse;
pub use steam_stub::{STUB_PUBLISHER_KEY, SteamStub, StubTicket};
pub use webhook_receiver::{Received, Unverified, WebhookReceiver, verify};

/// An HTTP client for tests that talk to a server they did not build in-process (a `roster`
/// process, a proxy): the TLS provider reqwest needs in this workspace is installed first.
pub fn http_client() -> reqwest::Client {
    roster_server::install_tls_provider();
    reqwest::Client::new()
}

/// The cursor secret every test server signs with.
pub const TEST_CURSOR_SECRET: &str = "roster test cursor secret, 32+ bytes long";
/// The JWT secret every test server signs with.
pub const TEST_JWT_SECRET: &str = "roster test jwt secret, also 32+ bytes long";
/// The key every test server seals the games' secrets with: the base64 of 32 bytes.
pub const TEST_SECRETS_KEY: &str = "cm9zdGVyIHRlc3Qgc2VjcmV0cyBrZXksIDMyIGJ5dGU=";
