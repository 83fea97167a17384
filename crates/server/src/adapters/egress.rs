//! Where a URL an account's admin configured may lead: the OpenID issuers' JWKS URIs are
//! fetched by the server, so unless the operator allows it they must not reach the server's
//! own machine or private networks (a tenant probing `127.0.0.1`, the cloud metadata address
//! `169.254.169.254` or an internal host through Roster).
//!
//! Names are resolved by [`PublicOnly`], which drops every address that is not public; an IP
//! literal in the URL is checked with [`is_public`] before the request (it is never resolved).

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
pub use roster_domain::network::is_public;

/// A resolver that answers only the public addresses of a name, and fails when it has none.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|addr| is_public(addr.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// An HTTP client for URLs an account's admin configured: bounded by `timeout`, no redirects,
/// and unless `allow_private`, names resolved by [`PublicOnly`] and no proxy from the
/// environment (`HTTPS_PROXY` and the like): through a proxy the proxy would resolve the
/// name, and could reach what the check refuses. With private networks allowed, the
/// environment's proxy is used (the fuzzing harness points it at a dead port, so that no
/// made-up host is ever looked up).
///
/// # Errors
///
/// When the TLS stack cannot be set up (no crypto provider installed).
pub fn configured_client(
    timeout: std::time::Duration,
    allow_private: bool,
) -> Result<reqwest::Client, reqwest::Error> {
    let mut builder = super::outbound::client_builder(timeout);
    if !allow_private {
        builder = builder.dns_resolver(PublicOnly).no_proxy();
    }
    builder.build()
}

/// The address a URL names literally (`http://10.0.0.1/`), which no resolver sees.
#[must_use]
pub fn ip_literal(url: &reqwest::Url) -> Option<IpAddr> {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        _ => None,
    }
}

/// How long [`public_now`] waits for the resolver.
const RESOLVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether every address `url`'s host is, or resolves to now, is public.
///
/// # Errors
///
/// A sentence saying why not: a private address, or a name that does not resolve.
pub async fn public_now(url: &reqwest::Url) -> Result<(), String> {
    if let Some(ip) = ip_literal(url) {
        return if is_public(ip) {
            Ok(())
        } else {
            Err("the URL's address is not a public one".to_owned())
        };
    }
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(443);
    // A resolver that does not answer must not hold the request that asked.
    let found: Vec<SocketAddr> =
        tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((host, port)))
            .await
            .map_err(|_| "the URL's host did not resolve in time".to_owned())?
            .map_err(|_| "the URL's host does not resolve".to_owned())?
            .collect();
    if found.is_empty() {
        return Err("the URL's host does not resolve".to_owned());
    }
    if found.iter().any(|addr| !is_public(addr.ip())) {
        return Err("the URL's host resolves to an address that is not a public one".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loopback_private_and_unresolvable_hosts_are_not_public() {
        for refused in [
            "http://127.0.0.1:8080/hook",
            "http://[::1]/hook",
            "https://10.1.2.3/",
            "http://169.254.169.254/latest/meta-data",
            "http://localhost/hook",
            "https://name-that-does-not-resolve.invalid/",
        ] {
            let url = reqwest::Url::parse(refused).unwrap();
            assert!(public_now(&url).await.is_err(), "{refused}");
        }
        let public = reqwest::Url::parse("https://93.184.215.14/hook").unwrap();
        assert_eq!(public_now(&public).await, Ok(()));
    }

    #[tokio::test]
    async fn a_name_of_the_machine_resolves_to_nothing() {
        let name: Name = "localhost".parse().unwrap();
        assert!(PublicOnly.resolve(name).await.is_err());
    }
}
