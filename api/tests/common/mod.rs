//! Shared helpers of the integration tests: a local worker image, a lock that
//! serialises tests touching Docker, the router under test, and clean-up.
//!
//! Every container a test makes points at 127.0.0.1 and is removed by a
//! [`Cleanup`] guard, also when the test fails.

use std::collections::HashMap;
use std::fs::File;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use bollard::Docker;
use http_body_util::BodyExt;
use mirai_api::config::Config;
use mirai_api::{AppState, app};
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token-0123456789abcdef";
/// Built locally from a static C program that sleeps until SIGTERM; no
/// registry is needed (or reachable) for the tests.
pub const TEST_IMAGE: &str = "mirai-api-test-worker:latest";
/// An image that does not exist; pulling it only ever dials the loopback
/// address (a closed port), so the tests send nothing off the machine.
pub const MISSING_IMAGE: &str = "127.0.0.1:1/mirai-api-test-missing:latest";
pub const DISPATCHER: &str = "127.0.0.1";
/// The peer address the tests pretend to call from.
pub const CALLER: &str = "127.0.0.1";

const WORKER_C: &str = r#"
#include <signal.h>
#include <unistd.h>
static void on_signal(int sig) { (void)sig; _exit(0); }
int main(void) {
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    for (;;) pause();
}
"#;

/// An exclusive lock on a file in the temp directory, held until dropped.
/// It works across test threads and across test processes (nextest).
pub struct FileLock {
    /// The lock lasts as long as the open file.
    _file: File,
}

impl FileLock {
    pub fn acquire(name: &str) -> FileLock {
        let path = std::env::temp_dir().join(name);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("cannot open lock file {}: {e}", path.display()));
        file.lock()
            .unwrap_or_else(|e| panic!("cannot lock {}: {e}", path.display()));
        FileLock { _file: file }
    }
}

/// Serialises the tests that create containers or count them, so counts and
/// the total-worker cap are exact.
pub fn docker_lock() -> FileLock {
    FileLock::acquire("mirai-api-docker-tests.lock")
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {cmd:?}: {e} (run `bash api/tests/setup.sh` first)")
    });
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn image_exists(image: &str) -> bool {
    Command::new("docker")
        .args(["image", "inspect", image])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds [`TEST_IMAGE`] unless it exists: a root file system holding one
/// static binary, imported with `docker import`.
pub fn ensure_test_image() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let _lock = FileLock::acquire("mirai-api-test-image.lock");
        if image_exists(TEST_IMAGE) {
            return;
        }
        let dir: PathBuf =
            std::env::temp_dir().join(format!("mirai-api-test-image-{}", std::process::id()));
        let rootfs = dir.join("rootfs");
        std::fs::create_dir_all(&rootfs).unwrap();
        let source = dir.join("worker.c");
        std::fs::write(&source, WORKER_C).unwrap();
        run(Command::new("gcc")
            .args(["-static", "-Os", "-s", "-o"])
            .arg(rootfs.join("worker"))
            .arg(&source));
        let tar = dir.join("rootfs.tar");
        run(Command::new("tar")
            .arg("-C")
            .arg(&rootfs)
            .arg("-cf")
            .arg(&tar)
            .arg("."));
        run(Command::new("docker")
            .args(["import", "--change", r#"CMD ["/worker"]"#])
            .arg(&tar)
            .arg(TEST_IMAGE));
        std::fs::remove_dir_all(&dir).ok();
    });
}

/// A client of the local engine for checks the API does not offer.
pub async fn docker() -> Docker {
    Docker::connect_with_defaults()
        .expect("cannot reach the Docker Engine")
        .negotiate_version()
        .await
        .expect("cannot reach the Docker Engine")
}

/// Removes every container of the test's port (managed ones by label, and
/// any with the test's worker name prefix) when dropped.
pub struct Cleanup {
    port: u16,
}

impl Cleanup {
    pub fn new(port: u16) -> Cleanup {
        let cleanup = Cleanup { port };
        // Leftovers of an earlier, killed run would skew the test.
        cleanup.remove_all();
        cleanup
    }

    fn remove_all(&self) {
        let port = self.port;
        let mut ids = Vec::new();
        for filter in [
            format!("label=io.miraiRs.port={port}"),
            format!("name=-{port}-"),
        ] {
            let out = run(Command::new("docker").args(["ps", "-aq", "--filter", &filter]));
            ids.extend(out.split_whitespace().map(str::to_owned));
        }
        if !ids.is_empty() {
            // Not `run`: a container may vanish (auto-remove) in between.
            Command::new("docker")
                .args(["rm", "-f"])
                .args(&ids)
                .output()
                .ok();
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.remove_all();
    }
}

/// The base configuration of the tests, with `overrides` applied.
pub fn test_config(overrides: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = [
        ("MIRAI_API_TOKEN", TOKEN),
        ("MIRAI_IMAGE", TEST_IMAGE),
        // Test workers never dial out, so they need no network at all.
        ("MIRAI_NETWORK", "none"),
        ("MIRAI_MAX_WORKERS", "8"),
        ("MIRAI_WORKER_CPUS", "0.5"),
        ("MIRAI_WORKER_MEMORY", "64m"),
        ("MIRAI_PULL_TIMEOUT", "60"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Ok(host) = std::env::var("DOCKER_HOST") {
        vars.insert("DOCKER_HOST".into(), host);
    }
    for (k, v) in overrides {
        vars.insert(k.to_string(), v.to_string());
    }
    Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration is valid")
}

/// A response as the tests look at it.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

/// The router under test, called in-process as if from [`CALLER`].
#[derive(Clone)]
pub struct TestApp {
    router: Router,
}

impl TestApp {
    pub fn new(overrides: &[(&str, &str)]) -> TestApp {
        TestApp {
            router: app(AppState::new(test_config(overrides))),
        }
    }

    /// Sends `req` and checks the invariants of every response: never a
    /// 500, always a JSON object with `received_at` and `from`.
    pub async fn call(&self, mut req: Request<Body>) -> Reply {
        let peer: SocketAddr = format!("{CALLER}:40000").parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(peer));
        let what = format!("{} {}", req.method(), req.uri());
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{what}: 500");
        assert_eq!(
            headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
            Some(&b"application/json"[..]),
            "{what}: not JSON"
        );
        let json: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "{what}: body is not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        assert!(json.is_object(), "{what}: {json}");
        assert!(
            is_rfc3339_utc(json["received_at"].as_str().unwrap_or("")),
            "{what}: received_at in {json}"
        );
        assert_eq!(json["from"], CALLER, "{what}: from in {json}");
        Reply {
            status,
            headers,
            json,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.call(builder.body(body).unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(Method::GET, path, Some(TOKEN), None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.request(Method::POST, path, Some(TOKEN), Some(&body))
            .await
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// Names of the managed containers the API lists for `port`.
pub async fn listed_names(app: &TestApp, port: u16) -> Vec<String> {
    let reply = app.get("/workers").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let mut names: Vec<String> = reply.json["workers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["port"] == port)
        .map(|w| w["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// How many containers carry `label` (e.g. `io.miraiRs.managed=true`).
pub async fn count_labelled(docker: &Docker, label: &str) -> usize {
    let filters = HashMap::from([("label".to_owned(), vec![label.to_owned()])]);
    let options = bollard::query_parameters::ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build();
    docker.list_containers(Some(options)).await.unwrap().len()
}

/// `names` as the API reports them: `mirai-worker-127-0-0-1-<port>-<i>`.
pub fn worker_names(port: u16, indices: impl IntoIterator<Item = u32>) -> Vec<String> {
    indices
        .into_iter()
        .map(|i| format!("mirai-worker-127-0-0-1-{port}-{i}"))
        .collect()
}
