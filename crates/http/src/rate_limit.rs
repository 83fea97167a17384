//! Rate limits (DESIGN.md §12): per client address on the unauthenticated client endpoints, per
//! API key on the admin API.
//!
//! Each limit is a GCRA bucket per key (governor): `burst` requests at once, refilled one every
//! `interval`. The client limit is `ROSTER_RATE_CLIENT_PER_MIN` a minute (an interval of a
//! minute over that) with a burst of `ROSTER_RATE_CLIENT_BURST`; the admin limit is
//! `ROSTER_RATE_ADMIN_PER_SEC` a second with a burst of as many. A rate of 0 turns the limit
//! off. Budgets live in this process: behind N replicas a client gets N times the budget, so
//! size each replica's rate as the whole rate over N (the README says so).
//!
//! Every answer of a limited endpoint carries the IETF fields (draft-ietf-httpapi-ratelimit-
//! headers): `RateLimit-Policy: "<name>";q=<burst>;w=<seconds to refill it>` and
//! `RateLimit: "<name>";r=<requests left>;t=<seconds>`, `t` being the seconds until the whole
//! burst is back, or on a 429 until the next request is let through (also `Retry-After`).

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpMessage as _, HttpRequest};
use governor::clock::{Clock, MonotonicClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use roster_domain::id::ApiKeyId;

use crate::client_address::{TrustedProxies, budget_key};
use crate::error::ApiError;

/// The rates, as configured.
#[derive(Debug, Clone, Default)]
pub struct RateLimitSettings {
    /// Requests a minute per client address on the unauthenticated client endpoints; 0: none.
    pub client_per_minute: u32,
    /// How many of those may come at once.
    pub client_burst: u32,
    /// Requests a second per API key on the admin API; 0: none.
    pub admin_per_second: u32,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
}

type Bucket<K> = RateLimiter<K, DashMapStateStore<K>, MonotonicClock, StateInformationMiddleware>;

/// One limit: a bucket per key, and what its headers say.
struct Limit<K: Hash + Eq + Clone> {
    name: &'static str,
    buckets: Bucket<K>,
    quota: Quota,
    /// The `RateLimit-Policy` value, the same for every answer: made once.
    policy: Arc<str>,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    fn new(name: &'static str, quota: Quota) -> Self {
        let policy = format!(
            "\"{name}\";q={};w={}",
            quota.burst_size().get(),
            whole_seconds(quota.burst_size_replenished_in())
        );
        Self {
            name,
            buckets: RateLimiter::new(quota, DashMapStateStore::default(), MonotonicClock),
            quota,
            policy: policy.into(),
        }
    }

    /// Takes one request from `key`'s budget.
    fn take(&self, key: &K) -> Verdict {
        let burst = self.quota.burst_size().get();
        let policy = Arc::clone(&self.policy);
        match self.buckets.check_key(key) {
            Ok(snapshot) => {
                let left = snapshot.remaining_burst_capacity();
                let refill = self.quota.replenish_interval() * burst.saturating_sub(left);
                Verdict::Allowed(Fields {
                    policy,
                    status: format!("\"{}\";r={left};t={}", self.name, whole_seconds(refill)),
                })
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.buckets.clock().now());
                let seconds = whole_seconds(wait).max(1);
                Verdict::Refused {
                    fields: Fields {
                        policy,
                        status: format!("\"{}\";r=0;t={seconds}", self.name),
                    },
                    retry_after: seconds,
                }
            }
        }
    }

    fn forget_idle(&self) {
        self.buckets.retain_recent();
        self.buckets.shrink_to_fit();
    }
}

/// Seconds, rounded up: a client told to wait must not come back early.
fn whole_seconds(duration: Duration) -> u64 {
    let seconds = duration.as_secs();
    if duration.subsec_nanos() > 0 {
        seconds + 1
    } else {
        seconds
    }
}

enum Verdict {
    Allowed(Fields),
    Refused { fields: Fields, retry_after: u64 },
}

/// The `RateLimit-Policy` and `RateLimit` values of one answer, kept in the request's
/// extensions until the response is written ([`RateLimitFields::apply`]).
#[derive(Debug, Clone)]
pub struct Fields {
    policy: Arc<str>,
    status: String,
}

/// What [`crate::request_context`] copies onto the response.
#[derive(Debug, Clone)]
pub struct RateLimitFields(Fields);

impl RateLimitFields {
    /// Sets the two fields on `headers`.
    pub fn apply(&self, headers: &mut actix_web::http::header::HeaderMap) {
        for (name, value) in [
            ("ratelimit-policy", &*self.0.policy),
            ("ratelimit", self.0.status.as_str()),
        ] {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
    }
}

/// The limits of one process, shared by its workers.
pub struct RateLimits {
    client: Option<Limit<IpAddr>>,
    admin: Option<Limit<ApiKeyId>>,
    proxies: TrustedProxies,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("client", &self.client.as_ref().map(|limit| limit.quota))
            .field("admin", &self.admin.as_ref().map(|limit| limit.quota))
            .finish_non_exhaustive()
    }
}

impl RateLimits {
    /// The limits `settings` describe.
    #[must_use]
    pub fn new(settings: RateLimitSettings) -> Self {
        let client = NonZeroU32::new(settings.client_per_minute).map(|rate| {
            let burst = NonZeroU32::new(settings.client_burst).unwrap_or(NonZeroU32::MIN);
            Limit::new("client", Quota::per_minute(rate).allow_burst(burst))
        });
        let admin = NonZeroU32::new(settings.admin_per_second)
            .map(|rate| Limit::new("admin", Quota::per_second(rate)));
        Self {
            client,
            admin,
            proxies: settings.trusted_proxies,
        }
    }

    /// No limits at all.
    #[must_use]
    pub fn none() -> Self {
        Self::new(RateLimitSettings::default())
    }

    /// Takes a request of `req`'s client address from its budget: 429 when none is left.
    /// A request whose peer is unknown (not over a socket) is not counted.
    ///
    /// # Errors
    /// [`ApiError::rate_limited`].
    pub fn take_client(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let (Some(limit), Some(client)) = (&self.client, self.client_address(req)) else {
            return Ok(());
        };
        settle(req, limit.take(&budget_key(client)))
    }

    /// The address `req` comes from: its peer's, or behind a trusted proxy the one
    /// `X-Forwarded-For` names (see [`crate::client_address`]); none when there is no peer.
    #[must_use]
    pub fn client_address(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?;
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .collect::<Vec<_>>();
        Some(
            self.proxies
                .client_address(peer.ip(), forwarded.into_iter()),
        )
    }

    /// Takes a request of the API key `key` from its budget: 429 when none is left.
    ///
    /// # Errors
    /// [`ApiError::rate_limited`].
    pub fn take_admin(&self, req: &HttpRequest, key: ApiKeyId) -> Result<(), ApiError> {
        match &self.admin {
            Some(limit) => settle(req, limit.take(&key)),
            None => Ok(()),
        }
    }

    /// Drops the budgets that are full again (their keys have been idle long enough): run
    /// now and then, or a stream of new addresses would grow the table without end.
    pub fn forget_idle(&self) {
        if let Some(limit) = &self.client {
            limit.forget_idle();
        }
        if let Some(limit) = &self.admin {
            limit.forget_idle();
        }
    }
}

fn settle(req: &HttpRequest, verdict: Verdict) -> Result<(), ApiError> {
    match verdict {
        Verdict::Allowed(fields) => {
            req.extensions_mut().insert(RateLimitFields(fields));
            Ok(())
        }
        Verdict::Refused {
            fields,
            retry_after,
        } => {
            req.extensions_mut().insert(RateLimitFields(fields));
            Err(ApiError::rate_limited(retry_after))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(per_minute: u32, burst: u32) -> Limit<u8> {
        Limit::new(
            "client",
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap())
                .allow_burst(NonZeroU32::new(burst).unwrap()),
        )
    }

    fn fields(verdict: &Verdict) -> &Fields {
        match verdict {
            Verdict::Allowed(fields) | Verdict::Refused { fields, .. } => fields,
        }
    }

    #[test]
    fn a_key_gets_its_burst_then_waits_for_the_refill() {
        let limit = limit(120, 3);
        let verdicts: Vec<Verdict> = (0..4).map(|_| limit.take(&1)).collect();
        assert!(matches!(verdicts[0], Verdict::Allowed(_)));
        assert!(matches!(verdicts[2], Verdict::Allowed(_)));
        // 120 a minute: one every half second, so the fourth waits a (rounded up) second.
        assert!(matches!(
            verdicts[3],
            Verdict::Refused { retry_after: 1, .. }
        ));
        // Another key has its own budget.
        assert!(matches!(limit.take(&2), Verdict::Allowed(_)));
    }

    #[test]
    fn the_fields_state_the_policy_and_what_is_left() {
        let limit = limit(120, 30);
        let first = limit.take(&1);
        // 30 at once, refilled in 15 s at two a second.
        assert_eq!(&*fields(&first).policy, "\"client\";q=30;w=15");
        assert_eq!(fields(&first).status, "\"client\";r=29;t=1");
        for _ in 0..29 {
            limit.take(&1);
        }
        let refused = limit.take(&1);
        assert_eq!(fields(&refused).status, "\"client\";r=0;t=1");
    }

    #[test]
    fn a_zero_rate_turns_a_limit_off() {
        let limits = RateLimits::new(RateLimitSettings {
            client_per_minute: 0,
            client_burst: 30,
            admin_per_second: 0,
            trusted_proxies: TrustedProxies::default(),
        });
        assert!(limits.client.is_none() && limits.admin.is_none());
        let on = RateLimits::new(RateLimitSettings {
            client_per_minute: 120,
            client_burst: 0,
            admin_per_second: 50,
            trusted_proxies: TrustedProxies::default(),
        });
        // A burst of 0 would refuse everything: it means one.
        assert_eq!(
            on.client.map(|limit| limit.quota.burst_size().get()),
            Some(1)
        );
        assert_eq!(
            on.admin.map(|limit| limit.quota.burst_size().get()),
            Some(50)
        );
    }

    #[test]
    fn seconds_round_up() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds(Duration::ZERO), 0);
    }
}
