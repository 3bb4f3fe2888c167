//! The shopper's address for the per-address rate limit. Behind a load balancer or reverse proxy
//! every connection comes from the balancer, so one busy shop would spend one allowance: with
//! the balancer's addresses in `rate_limit.trusted_proxies`, the address is read from
//! `X-Forwarded-For` instead, from the right, skipping the trusted hops (the left-most entries
//! are whatever the client wrote, and cannot be believed). A connection from any other peer is
//! counted by its own address, whatever headers it sends.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The header balancers append the address they received each request from to.
const FORWARDED_FOR: &str = "x-forwarded-for";

/// The address to count a request from `peer` by.
pub fn client_address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let hops: Vec<&str> = headers
        .get_all(FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut counted = peer;
    for hop in hops.iter().rev() {
        // Something unreadable where an address should be: the trusted hop nearest to it is
        // as far as the chain can be believed.
        let Ok(address) = hop.parse::<IpAddr>() else {
            break;
        };
        counted = address;
        if !trusted.contains(&address) {
            break;
        }
    }
    Some(counted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(FORWARDED_FOR, value.parse().expect("a header value"));
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn an_untrusted_peer_is_counted_by_its_own_address_whatever_it_claims() {
        let forged = headers(&["203.0.113.9"]);
        let peer = Some(ip("198.51.100.7"));
        assert_eq!(client_address(peer, &forged, &[ip("10.0.0.1")]), peer);
        assert_eq!(client_address(peer, &forged, &[]), peer);
    }

    #[test]
    fn behind_trusted_balancers_the_right_most_untrusted_hop_is_the_shopper() {
        let balancers = [ip("10.0.0.1"), ip("10.0.0.2")];
        let peer = Some(ip("10.0.0.1"));
        let chain = headers(&["1.2.3.4, 203.0.113.9", "10.0.0.2"]);
        assert_eq!(
            client_address(peer, &chain, &balancers),
            Some(ip("203.0.113.9")),
            "the client's own entry (1.2.3.4) is not believed"
        );
        let v6 = headers(&["2001:db8::5"]);
        assert_eq!(
            client_address(peer, &v6, &balancers),
            Some(ip("2001:db8::5"))
        );
    }

    #[test]
    fn a_missing_or_unreadable_chain_counts_the_nearest_trusted_hop() {
        let balancers = [ip("10.0.0.1"), ip("10.0.0.2")];
        let peer = Some(ip("10.0.0.1"));
        assert_eq!(client_address(peer, &headers(&[]), &balancers), peer);
        let garbled = headers(&["203.0.113.9, not-an-address, 10.0.0.2"]);
        assert_eq!(
            client_address(peer, &garbled, &balancers),
            Some(ip("10.0.0.2"))
        );
        assert_eq!(client_address(None, &garbled, &balancers), None);
    }
}
