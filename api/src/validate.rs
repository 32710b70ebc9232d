//! Checks of caller input. Whatever passes ends up in container names, labels
//! and environment variables, so the rules are strict.

use std::net::IpAddr;

use crate::error::ApiError;

/// Longest DNS name (RFC 1035).
const MAX_HOSTNAME_LEN: usize = 253;

/// Accepts an IP address or an RFC 1123 host name and returns it in canonical
/// form (`::0001` -> `::1`, `Host.Example` -> `host.example`), so one
/// dispatcher is always labelled and named the same way.
pub fn dispatcher(value: Option<String>) -> Result<String, ApiError> {
    let value = value.ok_or_else(|| ApiError::bad_field("dispatcher", "is required"))?;
    if let Ok(ip) = value.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    if is_hostname(&value) {
        return Ok(value.to_ascii_lowercase());
    }
    Err(ApiError::bad_field(
        "dispatcher",
        "must be an IP address or a DNS host name (letters, digits, '-' and '.')",
    ))
}

fn is_hostname(name: &str) -> bool {
    if name.is_empty() || name.len() > MAX_HOSTNAME_LEN {
        return false;
    }
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |label: &&str| {
        let bytes = label.as_bytes();
        (1..=63).contains(&bytes.len())
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    };
    // An all-numeric last label is no top-level domain (RFC 3696 2); it is a
    // mistyped IPv4 address such as 1.2.3.256.
    labels.iter().all(label_ok)
        && !labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
}

/// The dispatcher's port: 1 to 65535. serde already refused anything that is
/// not an integer 0-65535.
pub fn port(value: Option<u16>) -> Result<u16, ApiError> {
    match value {
        None => Err(ApiError::bad_field("port", "is required")),
        Some(0) => Err(ApiError::bad_field("port", "must be an integer 1-65535")),
        Some(p) => Ok(p),
    }
}

/// The number of workers to start: 1 to `max`.
pub fn worker_count(value: Option<u32>, max: u32) -> Result<u32, ApiError> {
    match value {
        None => Err(ApiError::bad_field("n", "is required")),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::bad_field(
            "n",
            format!("must be an integer 1-{max} (MIRAI_MAX_WORKERS)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        dispatcher(Some(s.to_owned())).unwrap()
    }

    #[test]
    fn accepts_addresses_and_names() {
        assert_eq!(ok("192.168.2.4"), "192.168.2.4");
        assert_eq!(ok("::0001"), "::1");
        assert_eq!(ok("fe80::1"), "fe80::1");
        assert_eq!(ok("Worker-Host.Example.ORG"), "worker-host.example.org");
        assert_eq!(ok("localhost"), "localhost");
        assert_eq!(ok("a1"), "a1");
        assert_eq!(ok("1a.example"), "1a.example");
    }

    #[test]
    fn rejects_everything_else() {
        let long_label = "a".repeat(64);
        let long_name = ["abc"; 70].join(".");
        for bad in [
            "",
            " ",
            "1.2.3.4; rm -rf /",
            "$(reboot)",
            "`id`",
            "host name",
            "host/../etc",
            "../../etc/passwd",
            "-host",
            "host-",
            "host..example",
            ".host",
            "host.",
            "1.2.3.256",
            "999.1.1.1",
            "1.2.3",
            "fe80::1%eth0",
            "[::1]",
            "host:5555",
            "tcp://host",
            "hôst",
            "host\n",
            "host\0",
            "a_b",
            &long_label,
            &long_name,
        ] {
            let err = dispatcher(Some(bad.to_owned())).unwrap_err();
            assert!(
                matches!(&err, ApiError::BadRequest { field: Some(f), .. } if f == "dispatcher"),
                "{bad:?} gave {err:?}"
            );
        }
        assert!(dispatcher(None).is_err());
    }

    #[test]
    fn ports_and_counts() {
        assert!(port(Some(0)).is_err());
        assert!(port(None).is_err());
        assert_eq!(port(Some(65535)).unwrap(), 65535);
        assert!(worker_count(Some(0), 8).is_err());
        assert!(worker_count(Some(9), 8).is_err());
        assert!(worker_count(None, 8).is_err());
        assert_eq!(worker_count(Some(8), 8).unwrap(), 8);
    }
}
