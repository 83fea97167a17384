//! The `roster` binary's library: configuration, wiring, and the server's life cycle.
//!
//! This is the only crate that sees every other one. The black-box tests start the real
//! server through [`Application::build`], on port 0.

pub mod adapters;
pub mod config;
pub mod delivery;
pub mod metrics;
pub mod telemetry;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
pub use actix_web::dev::ServerHandle;
use actix_web::{HttpServer, web};
use anyhow::Context as _;
use roster_app::accounts::Accounts;
use roster_app::api_keys::ApiKeys;
use roster_app::audit_log::AuditLog;
use roster_app::auth::{Authenticator, CredentialCache};
use roster_app::client::ClientSessions;
use roster_app::games::Games;
use roster_app::health::Health;
use roster_app::idempotency::Idempotency;
use roster_app::identities::Identities;
use roster_app::oidc_providers::OidcProviders;
use roster_app::players::Players;
use roster_app::sign_in::SignIns;
use roster_app::users::Users;
use roster_app::webhooks::{Deliverer, Webhooks};
use roster_domain::pagination::CursorCodec;
use roster_domain::web_url::GameUrlTemplate;
use roster_http::{AppState, BodyLimit, BodyTimeout, MetricsPage, RateLimits, ServedDocument};
use roster_persistence::{CredentialListener, PgKeyUsage, PgStore};

use crate::adapters::custom_tokens::JwtCustomTokens;
use crate::adapters::jwt::JwtCodec;
use crate::adapters::oidc_keys::JwksVerifier;
use crate::adapters::proofs::ProofCheckers;
use crate::adapters::sealer::AesSealer;
use crate::adapters::steam_tickets::SteamWebApi;
use crate::adapters::webhooks::HttpWebhooks;
use crate::adapters::{OsRandom, SystemClock};
use crate::config::Config;

/// How long in-flight requests get to finish after SIGTERM/SIGINT.
const SHUTDOWN_GRACE_SECONDS: u64 = 10;

/// Makes rustls use ring for this process, as every HTTPS client built here needs.
///
/// reqwest is built without a default crypto provider (its default, aws-lc-rs, is a large C
/// build this project does not need), so any `reqwest::Client` built in a process linking this
/// crate panics unless a provider is installed first. Call this before building one; calling
/// it again does nothing.
pub fn install_tls_provider() {
    // A second install fails harmlessly: the first provider stays.
    let _already = rustls::crypto::ring::default_provider().install_default();
}

/// The adapters that hold keys or reach outside services: session tokens, sealed secrets and
/// the proof checks of sign-in.
#[derive(Debug, Clone)]
pub struct Adapters {
    /// Signs and checks client session tokens.
    pub tokens: JwtCodec,
    /// Seals the secrets games hold.
    pub sealer: AesSealer,
    /// Checks sign-in proofs.
    pub proofs: ProofCheckers,
    /// Delivers webhooks.
    pub webhooks: HttpWebhooks,
}

impl Adapters {
    /// The adapters `config` says.
    ///
    /// # Errors
    ///
    /// When the HTTP client of Steam's Web API cannot be built.
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        install_tls_provider();
        Ok(Self {
            tokens: JwtCodec::new(config.jwt_secret.expose()),
            sealer: AesSealer::new(config.secrets_key.expose()),
            proofs: ProofCheckers {
                custom_tokens: JwtCustomTokens::default(),
                steam: SteamWebApi::new(&config.steam)
                    .context("could not build the HTTP client of Steam's Web API")?,
                oidc: JwksVerifier::new(config.oidc_timeout, config.oidc_allow_private_networks)
                    .context("could not build the HTTP client of OpenID issuers")?,
            },
            webhooks: HttpWebhooks::new(config.webhooks.timeout, config.webhooks.allow_private)
                .context("could not build the HTTP client of webhooks")?,
        })
    }
}

/// The use cases over `store`, as the HTTP adapter sees them: they share one credential cache,
/// so that a change to a key, a user or an account invalidates it at once.
pub fn app_state(
    store: &PgStore,
    cursors: CursorCodec,
    adapters: &Adapters,
    credentials: Arc<CredentialCache>,
    key_usage: PgKeyUsage,
    public_game_url: Option<GameUrlTemplate>,
) -> AppState {
    let Adapters {
        tokens,
        sealer,
        proofs,
        webhooks,
    } = adapters;
    AppState {
        accounts: Arc::new(Accounts::new(
            store.clone(),
            SystemClock,
            cursors.clone(),
            credentials.clone(),
        )),
        users: Arc::new(Users::new(
            store.clone(),
            SystemClock,
            cursors.clone(),
            credentials.clone(),
        )),
        api_keys: Arc::new(ApiKeys::new(
            store.clone(),
            SystemClock,
            OsRandom,
            cursors.clone(),
            credentials.clone(),
        )),
        games: Arc::new(Games::new(
            store.clone(),
            SystemClock,
            cursors.clone(),
            sealer.clone(),
        )),
        oidc_providers: Arc::new(OidcProviders::new(store.clone(), SystemClock)),
        identities: Arc::new(Identities::new(
            store.clone(),
            SystemClock,
            cursors.clone(),
            tokens.clone(),
        )),
        players: Arc::new(Players::new(store.clone(), SystemClock, cursors.clone())),
        audit: Arc::new(AuditLog::new(store.clone(), cursors.clone())),
        webhooks: Arc::new(Webhooks::new(
            store.clone(),
            SystemClock,
            OsRandom,
            sealer.clone(),
            webhooks.clone(),
            cursors,
        )),
        client: Arc::new(ClientSessions::new(
            store.clone(),
            SystemClock,
            OsRandom,
            tokens.clone(),
        )),
        sign_ins: Arc::new(SignIns::new(
            store.clone(),
            SystemClock,
            tokens.clone(),
            sealer.clone(),
            proofs.clone(),
        )),
        auth: Arc::new(Authenticator::new(
            store.clone(),
            SystemClock,
            key_usage,
            credentials,
        )),
        idempotency: Arc::new(Idempotency::new(store.clone(), SystemClock)),
        health: Arc::new(Health::new(store.clone())),
        public_game_url,
    }
}

/// A bound, ready-to-run server.
pub struct Application {
    server: Server,
    port: u16,
    /// The `ROSTER_METRICS_BIND` listener and its port, when the metrics have their own.
    metrics: Option<(Server, u16)>,
    store: PgStore,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Builds the pool, the use cases and the HTTP server, starts the key-usage writer, and
    /// binds `config.bind` (port 0 picks a free port). Migrations are not applied here; see
    /// [`roster_persistence::migrate`]. Must be called within a Tokio runtime.
    ///
    /// `handle_signals` makes SIGTERM/SIGINT stop the server gracefully; tests leave it off.
    pub fn build(config: &Config, handle_signals: bool) -> anyhow::Result<Self> {
        let store = PgStore::connect(&config.pool)?;
        let pool = store.pool().clone();
        let cursors = CursorCodec::new(config.cursor_secret.expose())
            .context("ROSTER_CURSOR_SECRET cannot key the cursor signature")?;
        let credentials = Arc::new(CredentialCache::new(config.key_cache_ttl));
        // Revocations made by other replicas reach this one's cache through LISTEN/NOTIFY; the
        // listener runs until the runtime stops.
        // It also wakes the webhook deliverers when a delivery is queued, on any replica.
        let deliveries = Arc::new(tokio::sync::Notify::new());
        let _listener = CredentialListener::start(
            config.pool.database_url.clone(),
            credentials.clone(),
            deliveries.clone(),
        );
        let adapters = Adapters::new(config)?;
        // The deliverers run until the runtime stops.
        let deliverer = Deliverer::new(
            store.clone(),
            SystemClock,
            OsRandom,
            adapters.sealer.clone(),
            adapters.webhooks.clone(),
            config.webhooks.retry_min,
        );
        let _deliverers = delivery::start(Arc::new(deliverer), deliveries);
        // The writer ends with the last handle to its queue, that is, with the server.
        let (key_usage, _writer) = PgKeyUsage::start(pool.clone());
        // Housekeeping runs until the runtime stops.
        let _housekeeping = config.housekeeping.start(pool);
        let state = app_state(
            &store,
            cursors,
            &adapters,
            credentials,
            key_usage,
            config.public_game_url.clone(),
        );
        let document = ServedDocument::new().context("could not serialize the OpenAPI document")?;
        // One set of budgets for every worker; idle ones are dropped until the runtime stops.
        let rate_limits = web::Data::new(RateLimits::new(config.rate_limits.clone()));
        let recorder = metrics::recorder()?;
        // Upkeep runs until the runtime stops.
        let _upkeep = metrics::keep_up(recorder.clone());
        let page = MetricsPage(Arc::new(metrics::ServerMetrics::new(
            recorder,
            store.clone(),
        )));
        let metrics = match config.metrics_bind {
            Some(bind) => {
                let listener = TcpListener::bind(bind)
                    .with_context(|| format!("could not listen on {bind} for the metrics"))?;
                let port = listener.local_addr()?.port();
                let page = page.clone();
                let server = HttpServer::new(move || roster_http::metrics_app(page.clone()))
                    .workers(1)
                    .disable_signals()
                    .shutdown_timeout(1)
                    .listen(listener)?
                    .run();
                Some((server, port))
            }
            None => None,
        };
        let main_page = metrics.is_none().then_some(page);
        let _forgetting = forget_idle_budgets(rate_limits.clone().into_inner());
        let body_limit = BodyLimit(config.body_limit);
        let body_timeout = BodyTimeout(config.body_timeout);
        let listener = TcpListener::bind(config.bind)
            .with_context(|| format!("could not listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let mut server = HttpServer::new(move || {
            roster_http::app(
                state.clone(),
                rate_limits.clone(),
                main_page.clone(),
                body_limit,
                body_timeout,
                document.clone(),
            )
        })
        .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
        .listen(listener)?;
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        if !handle_signals {
            server = server.disable_signals();
        }
        Ok(Self {
            server: server.run(),
            port,
            metrics,
            store,
        })
    }

    /// The port the server listens on.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The store the server uses (tests read the pool through it).
    #[must_use]
    pub fn store(&self) -> &PgStore {
        &self.store
    }

    /// A handle to stop the server.
    #[must_use]
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// The port of the `ROSTER_METRICS_BIND` listener, when the metrics have their own.
    #[must_use]
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    /// Serves until stopped (by a signal, when handled, or through [`Application::handle`]);
    /// the metrics listener stops with the main one.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Some((metrics, _)) = self.metrics else {
            return self.server.await;
        };
        let metrics_handle = metrics.handle();
        let metrics_task = tokio::spawn(metrics);
        let served = self.server.await;
        metrics_handle.stop(true).await;
        let _ = metrics_task.await;
        served
    }
}

/// Every minute, drops the rate-limit budgets that are full again, so that addresses seen once
/// do not stay in memory; runs until the runtime stops.
fn forget_idle_budgets(limits: Arc<RateLimits>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            limits.forget_idle();
        }
    })
}

/// The OpenAPI document as `roster openapi` prints it and `GET /openapi.json` serves it.
pub fn openapi_json() -> Result<String, serde_json::Error> {
    roster_http::openapi::document_json()
}
