//! Configuration from environment variables. Every value is checked at start
//! up; a bad one stops the service with a message naming the variable.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

pub const DEFAULT_PORT: u16 = 8080;
pub const DEFAULT_IMAGE: &str = "mirairs-worker:latest";
pub const DEFAULT_MAX_WORKERS: u32 = 64;
pub const DEFAULT_NETWORK: &str = "host";
pub const DEFAULT_DOCKER_HOST: &str = "unix:///var/run/docker.sock";
pub const DEFAULT_WORKER_CPUS: f64 = 1.0;
pub const DEFAULT_PULL_TIMEOUT_SECS: u64 = 600;
/// Shorter tokens are refused: the token is the only thing between the
/// network and the host's Docker daemon.
pub const MIN_TOKEN_LEN: usize = 16;

/// Docker refuses memory limits below 6 MiB.
const MIN_MEMORY_BYTES: i64 = 6 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: IpAddr,
    pub port: u16,
    /// Worker image; only the operator chooses it, never a caller.
    pub image: String,
    /// `None` only when the operator set `MIRAI_API_INSECURE`.
    pub token: Option<String>,
    /// Cap on `n` per request and on all managed containers together.
    pub max_workers: u32,
    /// CPU limit per worker in units of 1e-9 CPUs; `None` = unlimited.
    pub worker_nano_cpus: Option<i64>,
    /// Memory limit per worker in bytes; `None` = unlimited.
    pub worker_memory: Option<i64>,
    /// Docker network mode of the workers (`host`, `bridge`, or a network name).
    pub network: String,
    pub docker_host: String,
    /// Time allowed for one Docker API call (not for pulls).
    pub docker_timeout: Duration,
    /// Time allowed to pull a missing worker image.
    pub pull_timeout: Duration,
}

/// A configuration variable with a bad value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.var, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn bad(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment in
    /// production, a map in tests). Empty values count as unset, which is
    /// what `${VAR}` substitution in compose files yields for unset variables.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let port = match get("MIRAI_API_PORT") {
            None => DEFAULT_PORT,
            Some(v) => v.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
                bad(
                    "MIRAI_API_PORT",
                    format!("{v:?} is not a port number 1-65535"),
                )
            })?,
        };
        let bind = match get("MIRAI_API_BIND") {
            None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            Some(v) => v
                .parse::<IpAddr>()
                .map_err(|_| bad("MIRAI_API_BIND", format!("{v:?} is not an IP address")))?,
        };
        let image = get("MIRAI_IMAGE").unwrap_or_else(|| DEFAULT_IMAGE.to_owned());
        check_image(&image)?;
        let image = with_tag(image);

        let insecure = match get("MIRAI_API_INSECURE") {
            None => false,
            Some(v) => parse_bool(&v).ok_or_else(|| {
                bad(
                    "MIRAI_API_INSECURE",
                    format!("{v:?} is not one of true/false/1/0/yes/no"),
                )
            })?,
        };
        let token = get("MIRAI_API_TOKEN");
        let token = match (token, insecure) {
            (Some(_), true) => {
                return Err(bad(
                    "MIRAI_API_INSECURE",
                    "is set together with MIRAI_API_TOKEN; set only one of them",
                ));
            }
            (Some(t), false) => {
                check_token(&t)?;
                Some(t)
            }
            (None, true) => None,
            (None, false) => {
                return Err(bad(
                    "MIRAI_API_TOKEN",
                    "is not set; set a long random token (e.g. `openssl rand -hex 32`), \
                     or set MIRAI_API_INSECURE=true to run without authentication",
                ));
            }
        };

        let max_workers = match get("MIRAI_MAX_WORKERS") {
            None => DEFAULT_MAX_WORKERS,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| {
                    bad(
                        "MIRAI_MAX_WORKERS",
                        format!("{v:?} is not an integer 1-10000"),
                    )
                })?,
        };
        let worker_nano_cpus = match get("MIRAI_WORKER_CPUS") {
            None => cpus_to_nano(DEFAULT_WORKER_CPUS),
            Some(v) => parse_cpus(&v).ok_or_else(|| {
                bad(
                    "MIRAI_WORKER_CPUS",
                    format!("{v:?} is not a number of CPUs in 0.01-1024 (0 = no limit)"),
                )
            })?,
        };
        let worker_memory = match get("MIRAI_WORKER_MEMORY") {
            None => None,
            Some(v) => parse_memory(&v).ok_or_else(|| {
                bad(
                    "MIRAI_WORKER_MEMORY",
                    format!("{v:?} is not a size of at least 6m such as 512m or 2g (0 = no limit)"),
                )
            })?,
        };
        let network = get("MIRAI_NETWORK").unwrap_or_else(|| DEFAULT_NETWORK.to_owned());
        if !is_docker_name(&network) {
            return Err(bad(
                "MIRAI_NETWORK",
                format!("{network:?} is not a Docker network name"),
            ));
        }
        let docker_host = get("DOCKER_HOST").unwrap_or_else(|| DEFAULT_DOCKER_HOST.to_owned());
        check_docker_host(&docker_host)?;
        let pull_timeout = match get("MIRAI_PULL_TIMEOUT") {
            None => DEFAULT_PULL_TIMEOUT_SECS,
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|s| (1..=86_400).contains(s))
                .ok_or_else(|| {
                    bad(
                        "MIRAI_PULL_TIMEOUT",
                        format!("{v:?} is not a number of seconds 1-86400"),
                    )
                })?,
        };

        Ok(Config {
            bind,
            port,
            image,
            token,
            max_workers,
            worker_nano_cpus,
            worker_memory,
            network,
            docker_host,
            docker_timeout: Duration::from_secs(60),
            pull_timeout: Duration::from_secs(pull_timeout),
        })
    }

    pub fn listen_addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn check_token(token: &str) -> Result<(), ConfigError> {
    // The value is never echoed: it is a secret.
    if token.len() < MIN_TOKEN_LEN {
        return Err(bad(
            "MIRAI_API_TOKEN",
            format!("is shorter than {MIN_TOKEN_LEN} characters; use e.g. `openssl rand -hex 32`"),
        ));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(
            "MIRAI_API_TOKEN",
            "must consist of printable ASCII characters without spaces",
        ));
    }
    Ok(())
}

/// An image reference as Docker writes them: `[registry[:port]/]repo[:tag][@digest]`.
fn check_image(image: &str) -> Result<(), ConfigError> {
    let ok = image.len() <= 255
        && image
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/:@".contains(&b))
        && image.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(bad(
            "MIRAI_IMAGE",
            format!("{image:?} is not a Docker image reference"),
        ))
    }
}

/// Adds `:latest` to an untagged reference: a pull of a bare repository name
/// would fetch every tag.
fn with_tag(image: String) -> String {
    let last = image.rsplit('/').next().unwrap_or(&image);
    if last.contains([':', '@']) {
        image
    } else {
        format!("{image}:latest")
    }
}

fn check_docker_host(host: &str) -> Result<(), ConfigError> {
    let rest = ["unix://", "tcp://", "http://"]
        .iter()
        .find_map(|scheme| host.strip_prefix(scheme));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.contains(char::is_whitespace) => Ok(()),
        _ => Err(bad(
            "DOCKER_HOST",
            format!(
                "{host:?} is not unix:///path/to/docker.sock, tcp://host:port or http://host:port"
            ),
        )),
    }
}

/// Docker object names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
fn is_docker_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && name.len() <= 128
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b))
}

fn cpus_to_nano(cpus: f64) -> Option<i64> {
    Some((cpus * 1e9).round() as i64)
}

/// `0` means no limit; otherwise 0.01 to 1024 CPUs.
fn parse_cpus(v: &str) -> Option<Option<i64>> {
    let cpus: f64 = v.parse().ok()?;
    if cpus == 0.0 {
        Some(None)
    } else if cpus.is_finite() && (0.01..=1024.0).contains(&cpus) {
        Some(cpus_to_nano(cpus))
    } else {
        None
    }
}

/// Docker-style sizes: a whole number with an optional binary unit
/// (`k`, `m`, `g`, `t`, also written `kb`/`kib` and so on, any case).
/// `0` means no limit.
fn parse_memory(v: &str) -> Option<Option<i64>> {
    let v = v.to_ascii_lowercase();
    let (digits, unit) = v.split_at(v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len()));
    let shift = match unit {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    let bytes = digits.parse::<i64>().ok()?.checked_mul(1i64 << shift)?;
    match bytes {
        0 => Some(None),
        b if b >= MIN_MEMORY_BYTES => Some(Some(b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const TOKEN: &str = "0123456789abcdef0123";

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_with_token() {
        let c = load(&[("MIRAI_API_TOKEN", TOKEN)]).unwrap();
        assert_eq!(c.port, 8080);
        assert_eq!(c.bind, IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert_eq!(c.image, DEFAULT_IMAGE);
        assert_eq!(c.token.as_deref(), Some(TOKEN));
        assert_eq!(c.max_workers, 64);
        assert_eq!(c.worker_nano_cpus, Some(1_000_000_000));
        assert_eq!(c.worker_memory, None);
        assert_eq!(c.network, "host");
        assert_eq!(c.docker_host, DEFAULT_DOCKER_HOST);
        assert_eq!(c.pull_timeout, Duration::from_secs(600));
    }

    #[test]
    fn token_required_unless_insecure() {
        assert_eq!(load(&[]).unwrap_err().var, "MIRAI_API_TOKEN");
        assert_eq!(
            load(&[("MIRAI_API_TOKEN", "")]).unwrap_err().var,
            "MIRAI_API_TOKEN"
        );
        assert_eq!(
            load(&[("MIRAI_API_INSECURE", "false")]).unwrap_err().var,
            "MIRAI_API_TOKEN"
        );
        let c = load(&[("MIRAI_API_INSECURE", "true")]).unwrap();
        assert!(c.token.is_none());
        assert_eq!(
            load(&[("MIRAI_API_INSECURE", "1"), ("MIRAI_API_TOKEN", TOKEN)])
                .unwrap_err()
                .var,
            "MIRAI_API_INSECURE"
        );
        assert_eq!(
            load(&[("MIRAI_API_INSECURE", "maybe")]).unwrap_err().var,
            "MIRAI_API_INSECURE"
        );
    }

    #[test]
    fn weak_tokens_refused_without_echo() {
        let e = load(&[("MIRAI_API_TOKEN", "short")]).unwrap_err();
        assert_eq!(e.var, "MIRAI_API_TOKEN");
        assert!(!e.to_string().contains("short\""));
        let e = load(&[("MIRAI_API_TOKEN", "0123456789 abcdef0123")]).unwrap_err();
        assert_eq!(e.var, "MIRAI_API_TOKEN");
    }

    #[test]
    fn bad_values_name_their_variable() {
        let cases = [
            ("MIRAI_API_PORT", "0"),
            ("MIRAI_API_PORT", "65536"),
            ("MIRAI_API_PORT", "http"),
            ("MIRAI_API_BIND", "localhost"),
            ("MIRAI_IMAGE", "bad image"),
            ("MIRAI_IMAGE", "-x"),
            ("MIRAI_IMAGE", "img;rm -rf /"),
            ("MIRAI_MAX_WORKERS", "0"),
            ("MIRAI_MAX_WORKERS", "-3"),
            ("MIRAI_MAX_WORKERS", "many"),
            ("MIRAI_WORKER_CPUS", "-1"),
            ("MIRAI_WORKER_CPUS", "NaN"),
            ("MIRAI_WORKER_CPUS", "inf"),
            ("MIRAI_WORKER_CPUS", "0.001"),
            ("MIRAI_WORKER_MEMORY", "1k"),
            ("MIRAI_WORKER_MEMORY", "lots"),
            ("MIRAI_WORKER_MEMORY", "-5g"),
            ("MIRAI_WORKER_MEMORY", "99999999999999t"),
            ("MIRAI_NETWORK", "my net"),
            ("MIRAI_NETWORK", "../x"),
            ("DOCKER_HOST", "/var/run/docker.sock"),
            ("DOCKER_HOST", "ssh://host"),
            ("DOCKER_HOST", "unix://"),
            ("MIRAI_PULL_TIMEOUT", "0"),
        ];
        for (var, value) in cases {
            let e = load(&[("MIRAI_API_TOKEN", TOKEN), (var, value)]).unwrap_err();
            assert_eq!(e.var, var, "{var}={value:?} gave {e}");
        }
    }

    #[test]
    fn limits_parse() {
        let c = load(&[
            ("MIRAI_API_TOKEN", TOKEN),
            ("MIRAI_WORKER_CPUS", "1.5"),
            ("MIRAI_WORKER_MEMORY", "512m"),
            ("MIRAI_API_PORT", "9000"),
            ("MIRAI_API_BIND", "::1"),
            ("MIRAI_NETWORK", "bridge"),
            ("DOCKER_HOST", "tcp://127.0.0.1:2375"),
        ])
        .unwrap();
        assert_eq!(c.worker_nano_cpus, Some(1_500_000_000));
        assert_eq!(c.worker_memory, Some(512 << 20));
        assert_eq!(c.listen_addr().to_string(), "[::1]:9000");
        let c = load(&[
            ("MIRAI_API_TOKEN", TOKEN),
            ("MIRAI_WORKER_CPUS", "0"),
            ("MIRAI_WORKER_MEMORY", "0"),
        ])
        .unwrap();
        assert_eq!(c.worker_nano_cpus, None);
        assert_eq!(c.worker_memory, None);
        assert_eq!(with_tag("repo/img".into()), "repo/img:latest");
        assert_eq!(
            with_tag("127.0.0.1:5000/img".into()),
            "127.0.0.1:5000/img:latest"
        );
        assert_eq!(with_tag("img:1.2".into()), "img:1.2");
        assert_eq!(with_tag("img@sha256:abc".into()), "img@sha256:abc");
        for (text, bytes) in [
            ("2g", 2i64 << 30),
            ("2G", 2 << 30),
            ("2gb", 2 << 30),
            ("2GiB", 2 << 30),
            ("10000k", 10_000 << 10),
            ("7340032", 7_340_032),
            ("7340032b", 7_340_032),
        ] {
            assert_eq!(parse_memory(text), Some(Some(bytes)), "{text}");
        }
    }
}
