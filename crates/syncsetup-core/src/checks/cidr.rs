//! IPv4 address blocks in CIDR notation, enough to tell whether a Dataverse IP firewall's allow
//! list (`allowediprangeforfirewall`: "CIDR notation, separated by a comma" —
//! MicrosoftDocs/power-platform `power-platform/admin/ip-firewall.md`) lets Marketo's published
//! outbound addresses through. IPv6 entries of the list are skipped: Marketo publishes IPv4 only.

use std::net::Ipv4Addr;

/// Marketo's outbound addresses for Microsoft Dynamics sync, as AdobeDocs/marketo.en
/// `help/marketo/getting-started/initial-setup/configure-protocols-for-marketo.md` ("Outbound IP
/// Addresses") lists them: "Marketo Engage Salesforce CRM Sync and Microsoft Dynamics Sync are
/// integration mechanisms that make outbound HTTP requests to APIs published by your CRM vendor.
/// You must ensure that your IT organization does not block any of the IP address blocks below".
/// The single addresses are written as `/32`, which is how the firewall's list takes them.
pub(crate) const MARKETO_OUTBOUND: &[&str] = &[
    "94.236.119.0/26",
    "103.237.104.0/22",
    "130.248.172.0/24",
    "130.248.173.0/24",
    "130.248.244.88/29",
    "185.28.196.0/22",
    "192.28.144.0/20",
    "192.28.160.0/19",
    "199.15.212.0/22",
    "13.237.155.207/32",
    "13.55.192.247/32",
    "18.200.201.81/32",
    "34.247.24.245/32",
    "35.165.244.220/32",
    "44.235.171.179/32",
    "52.20.211.99/32",
    "52.64.109.86/32",
    "54.160.246.246/32",
    "54.212.167.17/32",
    "54.220.138.65/32",
    "54.237.141.197/32",
    "130.248.168.16/32",
    "130.248.168.17/32",
];

/// An IPv4 block: its first address and prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    start: u32,
    prefix: u8,
}

impl Block {
    /// `a.b.c.d/n` or a bare address (a `/32`); `None` for anything else (IPv6 included).
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, p.trim().parse::<u8>().ok().filter(|p| *p <= 32)?),
            None => (text.trim(), 32),
        };
        let address: Ipv4Addr = address.trim().parse().ok()?;
        Some(Self {
            start: u32::from(address) & mask(prefix),
            prefix,
        })
    }

    /// Whether every address of `inner` is in this block.
    pub fn contains(&self, inner: &Block) -> bool {
        inner.prefix >= self.prefix && inner.start & mask(self.prefix) == self.start
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

/// Marketo's blocks that no entry of `allowed` covers, in Marketo's order. A block split across
/// several allowed entries counts as not covered (the stricter reading; an admin adds Marketo's
/// blocks as published).
pub(crate) fn uncovered<'a>(allowed: &[String]) -> Vec<&'a str> {
    let allowed: Vec<Block> = allowed.iter().filter_map(|a| Block::parse(a)).collect();
    MARKETO_OUTBOUND
        .iter()
        .copied()
        .filter(|m| {
            let block = Block::parse(m).expect("Marketo's list is valid CIDR");
            !allowed.iter().any(|a| a.contains(&block))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_contain_what_their_prefix_covers() {
        let b = |t| Block::parse(t).unwrap();
        assert!(b("192.28.144.0/20").contains(&b("192.28.150.7")));
        assert!(b("192.28.0.0/16").contains(&b("192.28.144.0/20")));
        assert!(
            !b("192.28.144.0/21").contains(&b("192.28.144.0/20")),
            "half of it"
        );
        assert!(b("0.0.0.0/0").contains(&b("54.160.246.246/32")));
        // A host address with a prefix is its network.
        assert_eq!(b("192.28.150.7/20"), b("192.28.144.0/20"));
        for bad in [
            "2001:db8::/32",
            "192.28.144.0/33",
            "300.1.1.1",
            "",
            "a.b.c.d/8",
        ] {
            assert_eq!(Block::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn marketos_list_parses_and_is_uncovered_until_allowed() {
        assert!(MARKETO_OUTBOUND.iter().all(|m| Block::parse(m).is_some()));
        assert_eq!(uncovered(&[]).len(), MARKETO_OUTBOUND.len());
        let all: Vec<String> = MARKETO_OUTBOUND.iter().map(|m| m.to_string()).collect();
        assert!(uncovered(&all).is_empty());
        // Single addresses may be listed without /32; one wide block covers both /24s.
        let mut listed: Vec<String> = all
            .iter()
            .map(|m| m.trim_end_matches("/32").to_owned())
            .collect();
        listed.retain(|m| !m.starts_with("130.248.17"));
        listed.push("130.248.172.0/23".into());
        assert!(uncovered(&listed).is_empty(), "{:?}", uncovered(&listed));
        assert_eq!(
            uncovered(&["192.28.144.0/20".into(), "2001:db8::/32".into()]).len(),
            MARKETO_OUTBOUND.len() - 1
        );
    }
}
