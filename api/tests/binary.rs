//! The real binary: refusing bad configuration, logging, and serving over TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{TOKEN, is_rfc3339_utc};

const BIN: &str = env!("CARGO_BIN_EXE_mirai-api");

/// Runs the binary with only `vars` set (plus PATH), so the caller's own
/// environment cannot change the outcome.
fn command(vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(vars.iter().copied());
    cmd
}

fn refuses(vars: &[(&str, &str)], expected: &str) {
    let out = command(vars).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{vars:?}: {text}");
    assert!(text.contains("refusing to start"), "{text}");
    assert!(text.contains(expected), "{vars:?}: {text}");
}

#[test]
fn refuses_to_start_without_token_or_with_bad_config() {
    refuses(&[], "MIRAI_API_TOKEN");
    refuses(&[("MIRAI_API_TOKEN", "short")], "MIRAI_API_TOKEN");
    refuses(
        &[("MIRAI_API_TOKEN", TOKEN), ("MIRAI_MAX_WORKERS", "lots")],
        "MIRAI_MAX_WORKERS",
    );
    refuses(
        &[("MIRAI_API_TOKEN", TOKEN), ("MIRAI_API_PORT", "99999")],
        "MIRAI_API_PORT",
    );
    refuses(
        &[("MIRAI_API_TOKEN", TOKEN), ("MIRAI_WORKER_MEMORY", "1x")],
        "MIRAI_WORKER_MEMORY",
    );
    refuses(
        &[("MIRAI_API_TOKEN", TOKEN), ("MIRAI_API_INSECURE", "true")],
        "MIRAI_API_INSECURE",
    );
}

/// The binary serving on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(vars: &[(&str, &str)]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let port_text = port.to_string();
        let mut all = vec![
            ("MIRAI_API_BIND", "127.0.0.1"),
            ("MIRAI_API_PORT", port_text.as_str()),
            // These tests do not need Docker; keep them away from it.
            (
                "DOCKER_HOST",
                "unix:///nonexistent/mirai-api-test/docker.sock",
            ),
        ];
        all.extend_from_slice(vars);
        let mut child = command(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().unwrap().push(line);
                }
            });
        }
        let server = Server { child, port, log };
        server.wait_for_log("listening on");
        server
    }

    fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(line) = self.log.lock().unwrap().iter().find(|l| l.contains(needle)) {
                return line.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in log: {:?}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// One HTTP/1.1 request over a real TCP connection.
    fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{head}"
        );
        (status, serde_json::from_str(body).unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

#[test]
fn serves_logs_and_stops_on_sigterm() {
    let mut server = Server::start(&[("MIRAI_API_TOKEN", TOKEN)]);

    let (status, body) = server.get("/workers", None);
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["from"], "127.0.0.1");
    assert!(is_rfc3339_utc(body["received_at"].as_str().unwrap()));

    let (status, body) = server.get("/workers", Some(TOKEN));
    assert_eq!(status, 503, "{body}");
    let (status, body) = server.get("/healthz", None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["docker"], false);

    // `[2026-04-17T12:22:18Z]  INFO GET /workers from 127.0.0.1`
    let line = server.wait_for_log("GET /workers from 127.0.0.1");
    assert!(
        line.starts_with('[') && is_rfc3339_utc(&line[1..21]),
        "{line}"
    );
    server.wait_for_log("GET /healthz from 127.0.0.1");
    assert!(
        !server.log.lock().unwrap().iter().any(|l| l.contains(TOKEN)),
        "the token was logged"
    );

    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    server.wait_for_log("mirai-api stopped");
}

#[test]
fn insecure_mode_is_explicit_and_loud() {
    let server = Server::start(&[("MIRAI_API_INSECURE", "true")]);
    let warning = server.wait_for_log("WITHOUT authentication");
    assert!(warning.contains("WARN"), "{warning}");
    // No token needed: the request gets past authentication to Docker.
    let (status, body) = server.get("/workers", None);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "docker_unavailable");
}
