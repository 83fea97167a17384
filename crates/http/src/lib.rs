//! Roster's HTTP adapter: actix-web handlers, DTOs, errors, authentication and the OpenAPI
//! document.
//!
//! Handlers translate between HTTP and the use cases of `roster-app`, which they reach through
//! [`AppState`]. Routes are registered through utoipa-actix-web, so the OpenAPI document
//! ([`openapi::document`]) is collected from the same registrations the server serves: a route
//! cannot exist undocumented.

pub mod client_address;
pub mod dto;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod idempotency;
mod mapping;
pub mod metrics_page;
pub mod openapi;
pub mod rate_limit;
pub mod request_context;
mod route_table;
pub mod state;
pub mod tagged;
mod undocumented;
pub mod validation;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use utoipa_actix_web::AppExt as _;
use utoipa_actix_web::service_config::ServiceConfig;

pub use extract::{BodyLimit, BodyTimeout};
pub use metrics_page::{Exposition, MetricsPage};
pub use openapi::ServedDocument;
pub use rate_limit::{RateLimitSettings, RateLimits};
pub use route_table::RouteTable;
pub use state::AppState;

/// Registers every documented route.
pub fn routes(config: &mut ServiceConfig<'_>) {
    config
        .service(handlers::health::health_check)
        .service(handlers::health::liveness_check)
        .service(handlers::accounts::create_account)
        .service(handlers::accounts::list_accounts)
        .service(handlers::accounts::get_account)
        .service(handlers::accounts::update_account)
        .service(handlers::accounts::delete_account)
        .service(handlers::users::create_user)
        .service(handlers::users::list_users)
        .service(handlers::users::get_user)
        .service(handlers::users::update_user)
        .service(handlers::users::delete_user)
        .service(handlers::api_keys::create_api_key)
        .service(handlers::api_keys::list_api_keys)
        .service(handlers::api_keys::get_api_key)
        .service(handlers::api_keys::update_api_key)
        .service(handlers::api_keys::delete_api_key)
        .service(handlers::games::create_game)
        .service(handlers::games::list_games)
        .service(handlers::games::get_game)
        .service(handlers::games::update_game)
        .service(handlers::games::delete_game)
        .service(handlers::oidc_providers::put_oidc_provider)
        .service(handlers::oidc_providers::list_oidc_providers)
        .service(handlers::oidc_providers::delete_oidc_provider)
        .service(handlers::identities::list_identities)
        .service(handlers::identities::create_identity)
        .service(handlers::identities::get_identity)
        .service(handlers::identities::update_identity)
        .service(handlers::identities::delete_identity)
        .service(handlers::identities::create_identity_session)
        .service(handlers::audit_events::list_audit_events)
        .service(handlers::webhooks::create_webhook)
        .service(handlers::webhooks::list_webhooks)
        .service(handlers::webhooks::get_webhook)
        .service(handlers::webhooks::update_webhook)
        .service(handlers::webhooks::delete_webhook)
        .service(handlers::webhooks::list_webhook_deliveries)
        .service(handlers::players::list_players)
        .service(handlers::players::get_player)
        .service(handlers::players::update_player)
        .service(handlers::players::delete_player)
        .service(handlers::players::merge_players)
        .service(handlers::players::ban_player)
        .service(handlers::players::list_player_bans)
        .service(handlers::players::lift_player_ban)
        .service(handlers::client::start_session)
        .service(handlers::client::refresh_session)
        .service(handlers::sign_in::sign_in_custom)
        .service(handlers::sign_in::sign_in_steam)
        .service(handlers::sign_in::sign_in_oidc)
        .service(handlers::client::get_nonce)
        .service(handlers::client::get_me)
        .service(handlers::client::update_me)
        .service(handlers::client::link_identity)
        .service(handlers::client::unlink_identity);
}

/// The application: routes (documented, then [`undocumented`]), state, rate limits (one
/// [`RateLimits`] shared by every worker), body limit and timeout, request context, the served
/// OpenAPI document, the metrics page when `metrics` is given (otherwise `/metrics` is a 404:
/// it is served on a listener of its own), and JSON 405s and 404s for everything else.
pub fn app(
    state: AppState,
    rate_limits: web::Data<RateLimits>,
    metrics: Option<MetricsPage>,
    body_limit: BodyLimit,
    body_timeout: BodyTimeout,
    document: ServedDocument,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let mut app = App::new()
        .app_data(web::Data::new(state))
        .app_data(rate_limits);
    if let Some(metrics) = metrics {
        app = app.app_data(web::Data::new(metrics));
    }
    app.app_data(body_limit)
        .app_data(body_timeout)
        .app_data(web::PayloadConfig::new(body_limit.0))
        .app_data(web::Data::new(document))
        .wrap(from_fn(idempotency::idempotency))
        .wrap(from_fn(request_context::request_context))
        .into_utoipa_app()
        .configure(routes)
        .into_app()
        .configure(undocumented::configure)
        .default_service(web::to(handlers::fallback::unmatched))
}

/// The listener of `ROSTER_METRICS_BIND`: `GET /metrics` and a JSON 404 for anything else.
pub fn metrics_app(
    metrics: MetricsPage,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(metrics))
        .route("/metrics", web::get().to(handlers::metrics::page))
        .default_service(web::to(|| async {
            actix_web::ResponseError::error_response(&error::ApiError::not_found("Not Found"))
        }))
}
