//! Configuration from the environment (DESIGN §8).

use std::net::SocketAddr;
use std::time::Duration;

use roster_domain::web_url::GameUrlTemplate;
use roster_http::RateLimitSettings;
use roster_http::client_address::TrustedProxies;
use roster_persistence::{Housekeeping, PoolConfig};

/// Fewest bytes a signing secret may have.
pub const MIN_SECRET_LEN: usize = 32;

/// A configuration problem, naming the variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A required variable is not set.
    #[error("{0} is not set")]
    Missing(&'static str),
    /// A variable does not parse.
    #[error("{name} is invalid: {reason}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// A secret is too short to sign with.
    #[error(
        "{0} must be at least {MIN_SECRET_LEN} bytes; generate one with `openssl rand -base64 48`"
    )]
    WeakSecret(&'static str),
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line (the default: for log collectors).
    Json,
    /// Human-readable lines.
    Pretty,
}

/// What `roster serve` runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database pool.
    pub pool: PoolConfig,
    /// Where to listen.
    pub bind: SocketAddr,
    /// Signs pagination cursors.
    pub cursor_secret: Secret,
    /// Signs client session tokens.
    pub jwt_secret: Secret,
    /// Seals the secrets games hold (Steam publisher keys, custom-auth secrets).
    pub secrets_key: SecretsKey,
    /// The largest request body, in bytes.
    pub body_limit: usize,
    /// How long a request body may take to arrive.
    pub body_timeout: Duration,
    /// HTTP worker threads; actix's default (one per core) when `None`.
    pub workers: Option<usize>,
    /// How long a verified API key is trusted without a lookup (at most 5 s; 0 disables).
    pub key_cache_ttl: Duration,
    /// How often, and in what batches, expired nonces and sessions are purged.
    pub housekeeping: Housekeeping,
    /// How logs are written.
    pub log_format: LogFormat,
    /// The public page of a game, `{slug}` standing for its slug; none when unset.
    pub public_game_url: Option<GameUrlTemplate>,
    /// Where and how Steam's Web API is called.
    pub steam: SteamApi,
    /// How long fetching an OpenID issuer's keys may take (`ROSTER_OIDC_TIMEOUT_MS`, 5 s by
    /// default).
    pub oidc_timeout: Duration,
    /// Whether OpenID issuers' keys may be fetched from loopback and private addresses
    /// (`ROSTER_OIDC_ALLOW_PRIVATE_NETWORKS`, false by default: a JWKS URI is an account
    /// admin's setting, and must not reach the server's own machine or network).
    pub oidc_allow_private_networks: bool,
    /// How webhooks are delivered.
    pub webhooks: WebhookDelivery,
    /// The rate limits: `ROSTER_RATE_CLIENT_PER_MIN` (120) with `ROSTER_RATE_CLIENT_BURST`
    /// (30) per client address, `ROSTER_RATE_ADMIN_PER_SEC` (50) per API key, 0 turning either
    /// off; `ROSTER_TRUSTED_PROXIES` (none) whose `X-Forwarded-For` names the client.
    pub rate_limits: RateLimitSettings,
    /// Where `GET /metrics` is served (`ROSTER_METRICS_BIND`): on a listener of its own at this
    /// address, or on the main one (`ROSTER_BIND`) when unset.
    pub metrics_bind: Option<SocketAddr>,
}

/// How webhook deliveries are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// Whether webhook URLs may lead to loopback, link-local, private or multicast addresses
    /// (`ROSTER_WEBHOOK_ALLOW_PRIVATE`, false by default; tests and local development set it).
    pub allow_private: bool,
    /// The wait before the first retry of a failed delivery, doubling after each failure up
    /// to an hour (`ROSTER_WEBHOOK_RETRY_MIN_MS`, 5 s by default).
    pub retry_min: Duration,
    /// How long one attempt may take, connecting included (`ROSTER_WEBHOOK_TIMEOUT_MS`, 5 s by
    /// default; less than `ROSTER_DB_OPERATION_TIMEOUT_MS`, as the attempt runs inside the
    /// transaction that holds its delivery).
    pub timeout: Duration,
}

/// Steam's Web API, as sign-in calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SteamApi {
    /// The base `/ISteamUserAuth/AuthenticateUserTicket/v1/` is appended to
    /// (`ROSTER_STEAM_API_URL`, Steam's partner host by default).
    pub base_url: reqwest::Url,
    /// How long one call may take before Steam counts as unavailable
    /// (`ROSTER_STEAM_TIMEOUT_MS`, 5 s by default).
    pub timeout: Duration,
}

/// Steam's partner Web API host, which takes publisher keys.
pub const STEAM_PARTNER_API: &str = "https://partner.steam-api.com";

/// A signing secret; never shown in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// The secret's bytes.
    #[must_use]
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Self(text.as_bytes().to_vec())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// `ROSTER_SECRETS_KEY`: the AES-256 key the games' secrets are sealed with, from the standard
/// base64 of exactly 32 random bytes (`head -c 32 /dev/urandom | base64`).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretsKey([u8; 32]);

impl SecretsKey {
    /// Reads the key from its base64 text.
    ///
    /// # Errors
    ///
    /// The reason, when it is not the standard base64 of 32 bytes.
    pub fn parse(text: &str) -> Result<Self, String> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| "not standard base64".to_owned())?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|bytes: Vec<u8>| format!("{} bytes, where 32 are needed", bytes.len()))?;
        Ok(Self(key))
    }

    /// The key's bytes.
    #[must_use]
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(…)")
    }
}

/// Reads variables through a lookup, so that tests need not touch the process environment.
pub struct Env<F>(pub F);

impl<F> std::fmt::Debug for Env<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Env(…)")
    }
}

impl<F: Fn(&str) -> Option<String>> Env<F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|value| !value.trim().is_empty())
    }

    /// `ROSTER_DATABASE_URL`, else `DATABASE_URL`.
    pub fn database_url(&self) -> Result<String, ConfigError> {
        self.get("ROSTER_DATABASE_URL")
            .or_else(|| self.get("DATABASE_URL"))
            .ok_or(ConfigError::Missing("ROSTER_DATABASE_URL"))
    }

    fn parsed<T: std::str::FromStr>(&self, name: &'static str, default: T) -> Result<T, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(name) {
            None => Ok(default),
            Some(raw) => raw
                .trim()
                .parse()
                .map_err(|error: T::Err| ConfigError::Invalid {
                    name,
                    reason: error.to_string(),
                }),
        }
    }

    fn millis(&self, name: &'static str, default: Duration) -> Result<Duration, ConfigError> {
        let default_ms = u64::try_from(default.as_millis()).unwrap_or(u64::MAX);
        self.parsed(name, default_ms).map(Duration::from_millis)
    }

    fn secret(&self, name: &'static str) -> Result<Secret, ConfigError> {
        let value = self.get(name).ok_or(ConfigError::Missing(name))?;
        if value.len() < MIN_SECRET_LEN {
            return Err(ConfigError::WeakSecret(name));
        }
        Ok(Secret(value.into_bytes()))
    }

    fn secrets_key(&self) -> Result<SecretsKey, ConfigError> {
        let name = "ROSTER_SECRETS_KEY";
        let value = self.get(name).ok_or(ConfigError::Missing(name))?;
        SecretsKey::parse(&value).map_err(|reason| ConfigError::Invalid { name, reason })
    }

    /// The webhook settings: `ROSTER_WEBHOOK_ALLOW_PRIVATE`, `ROSTER_WEBHOOK_RETRY_MIN_MS`,
    /// `ROSTER_WEBHOOK_TIMEOUT_MS` (below the database operation timeout `operation`).
    /// The rate limits (see [`Config::rate_limits`]).
    fn rate_limits(&self) -> Result<RateLimitSettings, ConfigError> {
        let trusted_proxies = match self.get("ROSTER_TRUSTED_PROXIES") {
            None => TrustedProxies::default(),
            Some(raw) => TrustedProxies::parse(&raw).map_err(|reason| ConfigError::Invalid {
                name: "ROSTER_TRUSTED_PROXIES",
                reason,
            })?,
        };
        Ok(RateLimitSettings {
            client_per_minute: self.parsed("ROSTER_RATE_CLIENT_PER_MIN", 120)?,
            client_burst: self.parsed("ROSTER_RATE_CLIENT_BURST", 30)?,
            admin_per_second: self.parsed("ROSTER_RATE_ADMIN_PER_SEC", 50)?,
            trusted_proxies,
        })
    }

    fn webhooks(&self, operation: Duration) -> Result<WebhookDelivery, ConfigError> {
        let timeout = self.positive_millis("ROSTER_WEBHOOK_TIMEOUT_MS", Duration::from_secs(5))?;
        if timeout >= operation {
            return Err(ConfigError::Invalid {
                name: "ROSTER_WEBHOOK_TIMEOUT_MS",
                reason: "must be less than ROSTER_DB_OPERATION_TIMEOUT_MS".to_owned(),
            });
        }
        Ok(WebhookDelivery {
            allow_private: self.parsed("ROSTER_WEBHOOK_ALLOW_PRIVATE", false)?,
            retry_min: self
                .positive_millis("ROSTER_WEBHOOK_RETRY_MIN_MS", Duration::from_secs(5))?,
            timeout,
        })
    }

    /// The pool settings: `ROSTER_POOL_SIZE`, `ROSTER_POOL_WAIT_TIMEOUT_MS`,
    /// `ROSTER_DB_CONNECT_TIMEOUT_MS`, `ROSTER_STATEMENT_TIMEOUT_MS`,
    /// `ROSTER_DB_OPERATION_TIMEOUT_MS`.
    pub fn pool(&self) -> Result<PoolConfig, ConfigError> {
        let defaults = PoolConfig::new(self.database_url()?);
        let max_size = self.parsed("ROSTER_POOL_SIZE", defaults.max_size)?;
        if max_size == 0 {
            return Err(ConfigError::Invalid {
                name: "ROSTER_POOL_SIZE",
                reason: "must be at least 1".to_owned(),
            });
        }
        let operation_timeout =
            self.millis("ROSTER_DB_OPERATION_TIMEOUT_MS", defaults.operation_timeout)?;
        if operation_timeout.is_zero() {
            return Err(ConfigError::Invalid {
                name: "ROSTER_DB_OPERATION_TIMEOUT_MS",
                reason: "must be at least 1".to_owned(),
            });
        }
        Ok(PoolConfig {
            max_size,
            wait_timeout: self.millis("ROSTER_POOL_WAIT_TIMEOUT_MS", defaults.wait_timeout)?,
            connect_timeout: self
                .millis("ROSTER_DB_CONNECT_TIMEOUT_MS", defaults.connect_timeout)?,
            statement_timeout: self
                .millis("ROSTER_STATEMENT_TIMEOUT_MS", defaults.statement_timeout)?,
            operation_timeout,
            ..defaults
        })
    }

    /// `ROSTER_HOUSEKEEPING_INTERVAL_MS`, `ROSTER_HOUSEKEEPING_BATCH` and
    /// `ROSTER_AUDIT_RETENTION_DAYS` (1 to 36,500: a century).
    fn housekeeping(&self) -> Result<Housekeeping, ConfigError> {
        let defaults = Housekeeping::default();
        let interval = self.millis("ROSTER_HOUSEKEEPING_INTERVAL_MS", defaults.interval)?;
        let batch = self.parsed("ROSTER_HOUSEKEEPING_BATCH", defaults.batch)?;
        if interval.is_zero() || batch < 1 {
            return Err(ConfigError::Invalid {
                name: "ROSTER_HOUSEKEEPING_BATCH",
                reason: "the interval and the batch must be positive".to_owned(),
            });
        }
        let audit_retention_days =
            self.parsed("ROSTER_AUDIT_RETENTION_DAYS", defaults.audit_retention_days)?;
        if !(1..=36_500).contains(&audit_retention_days) {
            return Err(ConfigError::Invalid {
                name: "ROSTER_AUDIT_RETENTION_DAYS",
                reason: "audit events are kept 1 to 36,500 days".to_owned(),
            });
        }
        Ok(Housekeeping {
            interval,
            batch,
            audit_retention_days,
        })
    }

    fn steam(&self) -> Result<SteamApi, ConfigError> {
        let name = "ROSTER_STEAM_API_URL";
        let raw = self
            .get(name)
            .unwrap_or_else(|| STEAM_PARTNER_API.to_owned());
        let base_url = reqwest::Url::parse(raw.trim())
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
            .ok_or_else(|| ConfigError::Invalid {
                name,
                reason: "must be an http or https URL".to_owned(),
            })?;
        let timeout = self.positive_millis("ROSTER_STEAM_TIMEOUT_MS", Duration::from_secs(5))?;
        Ok(SteamApi { base_url, timeout })
    }

    /// Milliseconds that must be at least one.
    fn positive_millis(
        &self,
        name: &'static str,
        default: Duration,
    ) -> Result<Duration, ConfigError> {
        let value = self.millis(name, default)?;
        if value.is_zero() {
            return Err(ConfigError::Invalid {
                name,
                reason: "must be at least 1".to_owned(),
            });
        }
        Ok(value)
    }

    /// The whole configuration of `roster serve`.
    pub fn config(&self) -> Result<Config, ConfigError> {
        let log_format = match self.get("ROSTER_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "ROSTER_LOG_FORMAT",
                    reason: format!("'{other}' is neither 'json' nor 'pretty'"),
                });
            }
        };
        let workers = match self.get("ROSTER_WORKERS") {
            None => None,
            Some(_) => Some(self.parsed("ROSTER_WORKERS", 1_usize)?),
        };
        let body_timeout =
            self.positive_millis("ROSTER_BODY_TIMEOUT_MS", Duration::from_secs(10))?;
        let public_game_url = self
            .get("ROSTER_PUBLIC_GAME_URL")
            .map(|raw| GameUrlTemplate::parse(&raw))
            .transpose()
            .map_err(|error| ConfigError::Invalid {
                name: "ROSTER_PUBLIC_GAME_URL",
                reason: error.to_string(),
            })?;
        let pool = self.pool()?;
        let webhooks = self.webhooks(pool.operation_timeout)?;
        Ok(Config {
            pool,
            bind: self.parsed("ROSTER_BIND", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            cursor_secret: self.secret("ROSTER_CURSOR_SECRET")?,
            jwt_secret: self.secret("ROSTER_JWT_SECRET")?,
            secrets_key: self.secrets_key()?,
            body_limit: self.parsed("ROSTER_BODY_LIMIT", 64 * 1024)?,
            body_timeout,
            workers,
            key_cache_ttl: self
                .millis("ROSTER_KEY_CACHE_TTL_MS", Duration::from_secs(5))?
                .min(Duration::from_secs(5)),
            housekeeping: self.housekeeping()?,
            log_format,
            public_game_url,
            steam: self.steam()?,
            oidc_timeout: self.positive_millis("ROSTER_OIDC_TIMEOUT_MS", Duration::from_secs(5))?,
            oidc_allow_private_networks: self
                .parsed("ROSTER_OIDC_ALLOW_PRIVATE_NETWORKS", false)?,
            webhooks,
            rate_limits: self.rate_limits()?,
            metrics_bind: match self.get("ROSTER_METRICS_BIND") {
                None => None,
                Some(_) => Some(self.parsed(
                    "ROSTER_METRICS_BIND",
                    SocketAddr::from(([127, 0, 0, 1], 9090)),
                )?),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> Env<impl Fn(&str) -> Option<String>> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Env(move |name: &str| vars.get(name).cloned())
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef";
    /// The base64 of 32 bytes.
    const SECRETS_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn complete() -> Vec<(&'static str, &'static str)> {
        vec![
            ("ROSTER_DATABASE_URL", "postgres://localhost/roster"),
            ("ROSTER_CURSOR_SECRET", SECRET),
            ("ROSTER_JWT_SECRET", SECRET),
            ("ROSTER_SECRETS_KEY", SECRETS_KEY),
        ]
    }

    #[test]
    fn the_secrets_key_is_the_base64_of_32_bytes_and_required() {
        let config = env(&complete()).config().unwrap();
        assert_eq!(config.secrets_key.expose()[31], 31);
        assert!(!format!("{config:?}").contains(SECRETS_KEY));
        let missing: Vec<_> = complete()
            .into_iter()
            .filter(|(name, _)| *name != "ROSTER_SECRETS_KEY")
            .collect();
        assert_eq!(
            env(&missing).config().unwrap_err(),
            ConfigError::Missing("ROSTER_SECRETS_KEY")
        );
        for bad in [
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd",
            "not base64!",
            SECRET,
        ] {
            let mut vars = complete();
            vars.retain(|(name, _)| *name != "ROSTER_SECRETS_KEY");
            vars.push(("ROSTER_SECRETS_KEY", bad));
            assert!(
                matches!(
                    env(&vars).config().unwrap_err(),
                    ConfigError::Invalid {
                        name: "ROSTER_SECRETS_KEY",
                        ..
                    }
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn defaults_apply_to_everything_optional() {
        let config = env(&complete()).config().unwrap();
        assert_eq!(config.bind, SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert_eq!(config.body_limit, 65_536);
        assert_eq!(config.body_timeout, Duration::from_secs(10));
        assert_eq!(config.pool.max_size, 10);
        assert_eq!(config.pool.operation_timeout, Duration::from_secs(10));
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.workers, None);
        assert_eq!(config.key_cache_ttl, Duration::from_secs(5));
        assert_eq!(config.public_game_url, None);
        assert_eq!(
            config.steam.base_url.as_str(),
            "https://partner.steam-api.com/"
        );
        assert_eq!(config.steam.timeout, Duration::from_secs(5));
        assert_eq!(config.oidc_timeout, Duration::from_secs(5));
        assert!(!config.oidc_allow_private_networks);
        assert_eq!(config.rate_limits.client_per_minute, 120);
        assert_eq!(config.rate_limits.client_burst, 30);
        assert_eq!(config.rate_limits.admin_per_second, 50);
    }

    #[test]
    fn rate_limits_turn_off_at_zero_and_bad_proxies_are_named() {
        let mut vars = complete();
        vars.push(("ROSTER_RATE_CLIENT_PER_MIN", "0"));
        vars.push(("ROSTER_RATE_ADMIN_PER_SEC", "0"));
        let config = env(&vars).config().unwrap();
        assert_eq!(config.rate_limits.client_per_minute, 0);
        assert_eq!(config.rate_limits.admin_per_second, 0);
        for (name, bad) in [
            ("ROSTER_TRUSTED_PROXIES", "10.0.0.0/8,lb.internal"),
            ("ROSTER_RATE_CLIENT_PER_MIN", "-1"),
            ("ROSTER_RATE_ADMIN_PER_SEC", "fast"),
        ] {
            let mut vars = complete();
            vars.push((name, bad));
            assert!(
                matches!(env(&vars).config().unwrap_err(), ConfigError::Invalid { name: n, .. } if n == name),
                "{name}={bad}"
            );
        }
    }

    #[test]
    fn audit_events_are_kept_a_year_unless_told_and_between_a_day_and_a_century() {
        let config = env(&complete()).config().unwrap();
        assert_eq!(config.housekeeping.audit_retention_days, 365);
        let with = |days: &'static str| {
            let mut vars = complete();
            vars.push(("ROSTER_AUDIT_RETENTION_DAYS", days));
            env(&vars).config()
        };
        assert_eq!(with("30").unwrap().housekeeping.audit_retention_days, 30);
        for refused in ["0", "-1", "36501", "a year"] {
            assert!(with(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn the_public_game_url_is_a_template_with_the_slug_in_it() {
        let mut vars = complete();
        vars.push((
            "ROSTER_PUBLIC_GAME_URL",
            "https://boards.example.com/{slug}",
        ));
        let template = env(&vars).config().unwrap().public_game_url.unwrap();
        let slug = roster_domain::slug::Slug::parse("space-race").unwrap();
        assert_eq!(
            template.for_slug(&slug),
            "https://boards.example.com/space-race"
        );
        for bad in ["https://boards.example.com/", "boards/{slug}"] {
            let mut vars = complete();
            vars.push(("ROSTER_PUBLIC_GAME_URL", bad));
            let error = env(&vars).config().unwrap_err();
            assert!(
                matches!(
                    error,
                    ConfigError::Invalid {
                        name: "ROSTER_PUBLIC_GAME_URL",
                        ..
                    }
                ),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn steam_is_called_where_and_as_long_as_configured() {
        let mut vars = complete();
        vars.push(("ROSTER_STEAM_API_URL", "http://127.0.0.1:9/steam"));
        vars.push(("ROSTER_STEAM_TIMEOUT_MS", "250"));
        let steam = env(&vars).config().unwrap().steam;
        assert_eq!(steam.base_url.as_str(), "http://127.0.0.1:9/steam");
        assert_eq!(steam.timeout, Duration::from_millis(250));
        for (name, bad) in [
            ("ROSTER_STEAM_API_URL", "partner.steam-api.com"),
            ("ROSTER_STEAM_API_URL", "ftp://partner.steam-api.com"),
            ("ROSTER_STEAM_TIMEOUT_MS", "0"),
        ] {
            let mut vars = complete();
            vars.push((name, bad));
            let error = env(&vars).config().unwrap_err();
            assert!(
                matches!(&error, ConfigError::Invalid { name: got, .. } if *got == name),
                "{name}={bad}: {error}"
            );
        }
    }

    #[test]
    fn database_url_falls_back_to_the_conventional_variable() {
        let config = env(&[("DATABASE_URL", "postgres://x/y")]).pool().unwrap();
        assert_eq!(config.database_url, "postgres://x/y");
        let preferred = env(&[
            ("DATABASE_URL", "postgres://x/y"),
            ("ROSTER_DATABASE_URL", "postgres://a/b"),
        ]);
        assert_eq!(preferred.pool().unwrap().database_url, "postgres://a/b");
    }

    #[test]
    fn a_missing_secret_names_the_variable() {
        let vars: Vec<_> = complete()
            .into_iter()
            .filter(|(k, _)| *k != "ROSTER_JWT_SECRET")
            .collect();
        let error = env(&vars).config().unwrap_err();
        assert_eq!(error, ConfigError::Missing("ROSTER_JWT_SECRET"));
        assert!(error.to_string().contains("ROSTER_JWT_SECRET"));
    }

    #[test]
    fn a_short_secret_names_the_variable() {
        let vars = [
            ("ROSTER_DATABASE_URL", "postgres://localhost/roster"),
            ("ROSTER_CURSOR_SECRET", "thirty-one bytes is not enough!"),
            ("ROSTER_JWT_SECRET", SECRET),
        ];
        let error = env(&vars).config().unwrap_err();
        assert_eq!(error, ConfigError::WeakSecret("ROSTER_CURSOR_SECRET"));
    }

    #[test]
    fn a_malformed_value_names_the_variable() {
        let mut vars = complete();
        vars.push(("ROSTER_POOL_SIZE", "many"));
        let error = env(&vars).config().unwrap_err();
        assert!(matches!(
            error,
            ConfigError::Invalid {
                name: "ROSTER_POOL_SIZE",
                ..
            }
        ));
        let mut vars = complete();
        vars.push(("ROSTER_LOG_FORMAT", "xml"));
        assert!(env(&vars).config().is_err());
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let config = env(&complete()).config().unwrap();
        assert!(!format!("{config:?}").contains(SECRET));
    }
}
