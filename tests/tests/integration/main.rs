//! Roster's black-box suite as one test binary: each module is one area, run against the real
//! server on an ephemeral port over a real PostgreSQL (and, for the adapter modules, the
//! PostgreSQL store directly). One binary links the server once instead of once per area;
//! nextest still runs every test in its own process.

mod accounts_api;
mod api_keys_api;
mod audit_log;
mod auth_cache;
mod cli;
mod client_api;
mod concurrency;
mod db_faults;
mod etags;
mod games_api;
mod health;
mod hostile_input;
mod housekeeping;
mod idempotency;
mod identities_api;
mod keyset_plans;
mod keyset_properties;
mod linking;
mod metrics;
mod migrations;
mod oidc_providers_api;
mod pagination;
mod players_api;
mod policy_matrix;
mod pool;
mod rate_limits;
mod replicas;
mod request_logs;
mod routing;
mod sign_in_custom;
mod sign_in_oidc;
mod sign_in_steam;
mod superadmins;
mod users_api;
mod webhooks;
