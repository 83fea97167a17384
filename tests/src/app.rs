//! The real server, on an ephemeral port, over a test database.

use std::net::SocketAddr;
use std::time::Duration;

use roster_app::bootstrap::{Bootstrap, BootstrapInput};
use roster_domain::account::AccountName;
use roster_domain::user::{DisplayName, Email};
use roster_persistence::PoolConfig;
use roster_server::adapters::{OsRandom, SystemClock};
use roster_server::config::{Config, LogFormat, Secret, SecretsKey, SteamApi, WebhookDelivery};
use roster_server::{Application, ServerHandle};
use serde_json::Value;

use crate::db::TestDb;
use crate::response::TestResponse;
use crate::{TEST_CURSOR_SECRET, TEST_JWT_SECRET, TEST_SECRETS_KEY};

/// What a test server differs in.
#[derive(Debug, Clone)]
pub struct TestConfig {
    /// Connections in the pool.
    pub pool_size: usize,
    /// How long a request waits for a connection.
    pub pool_wait: Duration,
    /// The body limit.
    pub body_limit: usize,
    /// A database URL to use instead of a fresh test database (for unreachable databases).
    pub database_url: Option<String>,
    /// Whether to bootstrap a superadmin.
    pub bootstrap: bool,
    /// How long verified keys are cached.
    pub key_cache_ttl: Duration,
    /// How often expired nonces and sessions are purged, and in what batches.
    pub housekeeping: roster_persistence::Housekeeping,
    /// `ROSTER_PUBLIC_GAME_URL`, a template with `{slug}`.
    pub public_game_url: Option<&'static str>,
    /// How long a request body may take to arrive.
    pub body_timeout: Duration,
    /// The deadline of one database operation.
    pub operation_timeout: Duration,
    /// `ROSTER_STEAM_API_URL`: a local stub's address. By default a local port nothing
    /// listens on, so that no test can reach Steam itself.
    pub steam_api_url: String,
    /// `ROSTER_STEAM_TIMEOUT_MS`.
    pub steam_timeout: Duration,
    /// `ROSTER_OIDC_TIMEOUT_MS`.
    pub oidc_timeout: Duration,
    /// `ROSTER_OIDC_ALLOW_PRIVATE_NETWORKS`: on, as the tests' issuers are on 127.0.0.1.
    pub oidc_allow_private_networks: bool,
    /// How webhooks are delivered: private addresses allowed (the receivers are on
    /// 127.0.0.1), the first retry after 200 ms, attempts bounded to 2 s.
    pub webhooks: WebhookDelivery,
    /// The rate limits: off unless a test turns them on (most tests send far more than a
    /// client would, from one address and one key).
    pub rate_limits: roster_http::RateLimitSettings,
    /// `ROSTER_METRICS_BIND`: none, so `/metrics` is on the main listener.
    pub metrics_bind: Option<SocketAddr>,
}

impl Default for TestConfig {
    fn default() -> Self {
        Self {
            pool_size: 10,
            pool_wait: Duration::from_secs(5),
            body_limit: 64 * 1024,
            database_url: None,
            bootstrap: true,
            key_cache_ttl: Duration::from_secs(5),
            housekeeping: roster_persistence::Housekeeping::default(),
            public_game_url: None,
            body_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(10),
            steam_api_url: "http://127.0.0.1:9".to_owned(),
            steam_timeout: Duration::from_secs(2),
            oidc_timeout: Duration::from_secs(2),
            oidc_allow_private_networks: true,
            webhooks: WebhookDelivery {
                allow_private: true,
                retry_min: Duration::from_millis(200),
                timeout: Duration::from_secs(2),
            },
            rate_limits: roster_http::RateLimitSettings::default(),
            metrics_bind: None,
        }
    }
}

/// A running server and what a test needs to talk to it.
#[derive(Debug)]
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// `http://127.0.0.1:<port>` of the metrics' own listener, when `metrics_bind` gave one.
    pub metrics_address: Option<String>,
    /// The superadmin's API key (empty when not bootstrapped).
    pub superadmin_key: String,
    /// The superadmin's account id.
    pub superadmin_account: String,
    /// The HTTP client.
    pub client: reqwest::Client,
    /// The store the server uses.
    pub store: roster_persistence::PgStore,
    /// The test database (absent when the server points elsewhere).
    pub db: Option<TestDb>,
    handle: ServerHandle,
}

/// A server over a fresh database with a bootstrapped superadmin.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestConfig::default()).await
}

/// A server configured by `config`.
pub async fn spawn_app_with(config: TestConfig) -> TestApp {
    let db = match config.database_url {
        Some(_) => None,
        None => Some(TestDb::new().await),
    };
    let database_url = config
        .database_url
        .clone()
        .or_else(|| db.as_ref().map(|db| db.url.clone()))
        .expect("a database URL");
    let server_config = Config {
        pool: PoolConfig {
            max_size: config.pool_size,
            wait_timeout: config.pool_wait,
            connect_timeout: Duration::from_secs(2),
            operation_timeout: config.operation_timeout,
            ..PoolConfig::new(database_url)
        },
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        cursor_secret: Secret::from(TEST_CURSOR_SECRET),
        jwt_secret: Secret::from(TEST_JWT_SECRET),
        secrets_key: SecretsKey::parse(TEST_SECRETS_KEY).expect("the test secrets key"),
        body_limit: config.body_limit,
        body_timeout: config.body_timeout,
        workers: Some(2),
        key_cache_ttl: config.key_cache_ttl,
        housekeeping: config.housekeeping,
        log_format: LogFormat::Json,
        public_game_url: config.public_game_url.map(|template| {
            roster_domain::web_url::GameUrlTemplate::parse(template).expect("a valid template")
        }),
        steam: SteamApi {
            base_url: config.steam_api_url.parse().expect("a Steam API URL"),
            timeout: config.steam_timeout,
        },
        oidc_timeout: config.oidc_timeout,
        oidc_allow_private_networks: config.oidc_allow_private_networks,
        webhooks: config.webhooks,
        rate_limits: config.rate_limits,
        metrics_bind: config.metrics_bind,
    };
    let application = Application::build(&server_config, false).expect("build the server");
    let address = format!("http://127.0.0.1:{}", application.port());
    let metrics_address = application
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    let store = application.store().clone();
    let handle = application.handle();
    tokio::spawn(application.run_until_stopped());

    let (superadmin_key, superadmin_account) = if config.bootstrap {
        let bootstrap = Bootstrap::new(store.clone(), SystemClock, OsRandom);
        let created = bootstrap
            .run(BootstrapInput {
                email: Email::parse("root@roster.test").expect("an email"),
                display_name: DisplayName::parse("Root").expect("a display name"),
                account_name: AccountName::parse("Operators").expect("an account name"),
            })
            .await
            .expect("bootstrap the superadmin");
        (
            created.secret.expose().to_owned(),
            created.account.id.to_string(),
        )
    } else {
        (String::new(), String::new())
    };

    TestApp {
        address,
        metrics_address,
        superadmin_key,
        superadmin_account,
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client"),
        store,
        db,
        handle,
    }
}

impl TestApp {
    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The test database.
    pub fn db(&self) -> &TestDb {
        self.db.as_ref().expect("this server has no test database")
    }

    /// Sends `request` and reads the response.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> TestResponse {
        TestResponse::read(request.send().await.expect("send the request")).await
    }

    fn with_key(request: reqwest::RequestBuilder, key: Option<&str>) -> reqwest::RequestBuilder {
        match key {
            Some(key) => request.header("leadr-api-key", key),
            None => request,
        }
    }

    /// `GET path` with `key`.
    pub async fn get(&self, path: &str, key: Option<&str>) -> TestResponse {
        self.send(Self::with_key(self.client.get(self.url(path)), key))
            .await
    }

    /// `POST path` with a JSON body and `key`.
    pub async fn post(&self, path: &str, key: Option<&str>, body: &Value) -> TestResponse {
        self.send(Self::with_key(
            self.client.post(self.url(path)).json(body),
            key,
        ))
        .await
    }

    /// `PATCH path` with a JSON body and `key`.
    pub async fn patch(&self, path: &str, key: Option<&str>, body: &Value) -> TestResponse {
        self.send(Self::with_key(
            self.client.patch(self.url(path)).json(body),
            key,
        ))
        .await
    }

    /// `PUT path` with a JSON body and `key`.
    pub async fn put(&self, path: &str, key: Option<&str>, body: &Value) -> TestResponse {
        self.send(Self::with_key(
            self.client.put(self.url(path)).json(body),
            key,
        ))
        .await
    }

    /// `DELETE path` with `key`.
    pub async fn delete(&self, path: &str, key: Option<&str>) -> TestResponse {
        self.send(Self::with_key(self.client.delete(self.url(path)), key))
            .await
    }

    /// The superadmin's key, for `key` arguments.
    pub fn root(&self) -> Option<&str> {
        Some(&self.superadmin_key)
    }

    /// Creates an account as the superadmin; returns its JSON.
    pub async fn create_account(&self, name: &str, slug: Option<&str>) -> Value {
        let mut body = serde_json::json!({ "name": name });
        if let Some(slug) = slug {
            body["slug"] = Value::from(slug);
        }
        let response = self.post("/v1/accounts", self.root(), &body).await;
        response.assert_status(201);
        response.json
    }

    /// Stops the server, as a SIGTERM would.
    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }
}
