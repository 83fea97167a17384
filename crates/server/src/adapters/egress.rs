//! Where a URL an account's admin configured may lead: the OpenID issuers' JWKS URIs are
//! fetched by the server, so unless the operator allows it they must not reach the server's
//! own machine or private networks (a tenant probing `127.0.0.1`, the cloud metadata address
//! `169.254.169.254` or an internal host through Roster).
//!
//! Names are resolved by [`PublicOnly`], which drops every address that is not public; an IP
//! literal in the URL is checked with [`is_public`] before the request (it is never resolved).

use std::net::SocketAddr;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_of_the_machine_resolves_to_nothing() {
        let name: Name = "localhost".parse().unwrap();
        assert!(PublicOnly.resolve(name).await.is_err());
    }
}
