//! Which address a request comes from, for the per-address rate limit.
//!
//! The peer's address, unless the peer is a proxy the operator trusts
//! (`ROSTER_TRUSTED_PROXIES`): then `X-Forwarded-For` is read from the right, each trusted hop
//! skipped, and the first address that is not a trusted proxy is the client. Entries left of it
//! were written by whoever sent the request and prove nothing. Without trusted proxies the
//! header is ignored, so a client cannot pick its own address.
//!
//! An IPv6 client is counted by its /64: one host usually holds a whole /64, and counting each
//! address would give it 2^64 budgets.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Trust the proxies in `networks` (single addresses are /32 or /128 networks).
    #[must_use]
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self(networks)
    }

    /// Parses `ROSTER_TRUSTED_PROXIES`: addresses or CIDR networks separated by commas.
    ///
    /// # Errors
    /// The first entry that is neither, quoted.
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("'{entry}' is neither an IP address nor a CIDR network"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For` values in order.
    #[must_use]
    pub fn client_address<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            let Some(address) = parse_hop(hop) else {
                // A hop a proxy would not write: stop at the last one believed.
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` entry: an address, or an address with a port (`[v6]:port` too).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|address| address.to_canonical())
}

/// The key a client's budget is kept under: its IPv4 address, or its IPv6 /64.
#[must_use]
pub fn budget_key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1_u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(raw: &str) -> TrustedProxies {
        TrustedProxies::parse(raw).unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_address(ip("203.0.113.9"), ["198.51.100.1"].into_iter()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(
            trusted.client_address(ip("203.0.113.9"), ["198.51.100.1"].into_iter()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let trusted = proxies("10.0.0.0/8, 192.0.2.7");
        // The client forged the first entry; the proxies appended the rest.
        let header = ["1.2.3.4, 198.51.100.1", "192.0.2.7"];
        assert_eq!(
            trusted.client_address(ip("10.1.2.3"), header.into_iter()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_garbled_hop_stops_at_the_last_believed_address() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(
            trusted.client_address(ip("10.0.0.1"), ["198.51.100.1, unknown"].into_iter()),
            ip("10.0.0.1")
        );
        assert_eq!(
            trusted.client_address(ip("10.0.0.1"), ["", "10.0.0.2"].into_iter()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn hops_with_ports_and_mapped_addresses_are_read() {
        let trusted = proxies("127.0.0.1");
        assert_eq!(
            trusted.client_address(ip("::ffff:127.0.0.1"), ["[2001:db8::1]:443"].into_iter()),
            ip("2001:db8::1")
        );
        assert_eq!(
            trusted.client_address(ip("127.0.0.1"), ["198.51.100.1:5000"].into_iter()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn bad_proxy_settings_are_refused_with_the_entry() {
        let error = TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(error.contains("'proxy.local'"), "{error}");
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        assert_eq!(
            budget_key(ip("2001:db8:1:2:aaaa::1")),
            budget_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            budget_key(ip("2001:db8:1:2::1")),
            budget_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(budget_key(ip("198.51.100.1")), ip("198.51.100.1"));
    }
}
