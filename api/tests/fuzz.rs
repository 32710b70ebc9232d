//! Hostile and malformed requests to every route: never a 500, always a JSON
//! object, and never a container. Deterministic (seeded xorshift) and
//! bounded (500 bodies).

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::common::*;

const BODIES: usize = 500;

/// xorshift64*: small, seeded, and good enough to pick test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

const HOSTILE_STRINGS: &[&str] = &[
    "1.2.3.4; rm -rf /",
    "$(reboot)",
    "`reboot`",
    "127.0.0.1 && docker run --privileged alpine",
    "127.0.0.1|sh",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "/var/run/docker.sock",
    "127.0.0.1\", \"image\": \"alpine",
    "127.0.0.1\n",
    "\u{0}",
    "ⅾіѕраτсһег.example",
    "🦀.example",
    "127.0.0.1:5555",
    "[::1]",
    "1.2.3.4.5",
    "-rf",
    "",
    " ",
    "%s%s%s%n",
    "{{7*7}}",
    "'; DROP TABLE workers; --",
    "\u{202e}1.0.0.721",
    "１２７.０.０.１",
    "127.0.0.1\u{200b}",
    "xn--dspatcher-9zb.example\u{301}",
    "ｄｉｓｐａｔｃｈｅｒ",
    "\u{feff}127.0.0.1",
];

/// Values that are never a valid `n` or `port`.
fn hostile_number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => json!(0),
        1 => json!(-(rng.below(1000) as i64) - 1),
        2 => json!(1.5),
        3 => json!(1e308),
        4 => json!(u64::MAX),
        5 => json!(i64::MIN),
        6 => json!("5"),
        7 => json!(null),
        8 => json!(true),
        9 => json!([1]),
        10 => json!({"$gt": 0}),
        _ => json!(65_536 + rng.below(1_000_000)),
    }
}

fn hostile_value(rng: &mut Rng) -> Value {
    match rng.below(3) {
        0 => json!(rng.pick(HOSTILE_STRINGS)),
        1 => hostile_number(rng),
        _ => json!({"nested": [rng.pick(HOSTILE_STRINGS)]}),
    }
}

/// One hostile body. Where it has the shape of a request, at least one field
/// is invalid, so no body may start a container.
fn hostile_body(rng: &mut Rng) -> Vec<u8> {
    match rng.below(10) {
        0 => {
            let len = rng.below(300);
            rng.bytes(len)
        }
        1 => {
            let depth = 100 + rng.below(7000);
            let (open, close) = if rng.below(2) == 0 {
                ("[", "]")
            } else {
                ("{\"a\":", "}")
            };
            format!("{}1{}", open.repeat(depth), close.repeat(depth)).into_bytes()
        }
        2 => json!({
            "dispatcher": rng.pick(HOSTILE_STRINGS),
            "n": 1,
            "port": 5555,
        })
        .to_string()
        .into_bytes(),
        3 => json!({
            "dispatcher": DISPATCHER,
            "n": hostile_number(rng),
            "port": 41900,
        })
        .to_string()
        .into_bytes(),
        4 => json!({
            "dispatcher": DISPATCHER,
            "n": 1,
            "port": hostile_number(rng),
        })
        .to_string()
        .into_bytes(),
        5 => {
            // A valid request plus a field a caller must not set.
            let field = rng.pick(&[
                "image",
                "cmd",
                "privileged",
                "binds",
                "network_mode",
                "host_config",
                "__proto__",
                "dispatcher ",
            ]);
            let mut body = json!({"dispatcher": DISPATCHER, "n": 1, "port": 41900});
            body[*field] = hostile_value(rng);
            body.to_string().into_bytes()
        }
        6 => {
            // JSON injection through duplicate keys and raw concatenation.
            let tail = rng.pick(HOSTILE_STRINGS);
            format!(r#"{{"dispatcher":"{tail}","dispatcher":"127.0.0.1","n":1,"port":41900}}"#)
                .into_bytes()
        }
        7 => {
            // Valid JSON text of the wrong shape.
            let shapes = [
                json!([DISPATCHER, 1, 41900]),
                json!("dispatcher"),
                json!(41900),
                json!(null),
                json!({}),
                json!({"dispatcher": {"dispatcher": DISPATCHER}}),
            ];
            rng.pick(&shapes).to_string().into_bytes()
        }
        8 => {
            // Numbers no integer type holds, written as JSON text.
            let huge = rng.pick(&[
                "1e400",
                "-1e400",
                "99999999999999999999999999999",
                "4294967297",
                "65537.0",
                "1E2",
                "0x10",
                "NaN",
                "Infinity",
            ]);
            let field = rng.pick(&["n", "port"]);
            let other = if *field == "n" { "port" } else { "n" };
            format!(r#"{{"dispatcher":"{DISPATCHER}","{field}":{huge},"{other}":1}}"#).into_bytes()
        }
        _ => {
            // A valid body cut short or corrupted in one byte.
            let mut body = json!({"dispatcher": DISPATCHER, "n": 1, "port": 41900})
                .to_string()
                .into_bytes();
            if rng.below(2) == 0 {
                let cut = rng.below(body.len());
                body.truncate(cut);
            } else {
                let at = rng.below(body.len());
                body[at] = rng.pick(b"{}[]\",:\\\x00\xff ").to_owned();
                // This corruption can leave a valid body with another `n`
                // or `port`; break the closing brace to be sure it is not.
                body.pop();
            }
            body
        }
    }
}

#[tokio::test]
async fn hostile_requests_never_fail_badly_nor_start_containers() {
    let _lock = docker_lock();
    let port_guard = Cleanup::new(41900);
    let docker = docker().await;
    let managed_before = count_labelled(&docker, "io.miraiRs.managed=true").await;
    let app = TestApp::new(&[]);
    let mut rng = Rng(0x5eed_1234_abcd_0001);

    let routes = [
        (Method::POST, "/workers/start"),
        (Method::POST, "/workers/stop"),
        (Method::GET, "/workers"),
        (Method::GET, "/debug"),
        (Method::GET, "/healthz"),
        (Method::POST, "/workers"),
        (Method::POST, "/nope"),
    ];
    let content_types = [
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ];

    for i in 0..BODIES {
        let body = hostile_body(&mut rng);
        // Every body goes to start and stop; every tenth also to the rest, as
        // `/debug` creates a probe container each time it passes auth.
        let targets: &[(Method, &str)] = if i % 10 == 0 { &routes } else { &routes[..2] };
        for (method, path) in targets {
            let mut req = Request::builder().method(method.clone()).uri(*path);
            if rng.below(8) != 0 {
                req = req.header(header::CONTENT_TYPE, *rng.pick(&content_types));
            }
            let choice = rng.below(10);
            let auth = match choice {
                0 => None,
                1 => Some(HeaderValue::from_static("Bearer wrong-token-0123456789")),
                2 => Some(HeaderValue::from_bytes(&[b'B', 0xff, 0xfe]).unwrap()),
                _ => Some(HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap()),
            };
            if let Some(auth) = auth {
                req = req.header(header::AUTHORIZATION, auth);
            }
            let unauthorised = choice < 3 && routes[..4].contains(&(method.clone(), *path));
            // `call` asserts: no 500, a JSON object with the envelope fields.
            let reply = app.call(req.body(Body::from(body.clone())).unwrap()).await;
            if unauthorised {
                assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            }
            assert!(
                !(*path == "/workers/start" && reply.status == StatusCode::OK),
                "body {i} started workers: {:?}",
                String::from_utf8_lossy(&body)
            );
        }
    }

    assert_eq!(
        count_labelled(&docker, "io.miraiRs.managed=true").await,
        managed_before,
        "a hostile body created a container"
    );
    assert_eq!(count_labelled(&docker, "io.miraiRs.debug=true").await, 0);
    drop(port_guard);
}
