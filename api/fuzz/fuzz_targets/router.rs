//! Any request (method, path, token, content type and body taken from the
//! input) through the whole router: never a 500, always a JSON object. The
//! Docker socket does not exist, so no input can create a container; a
//! request that would reach Docker gets a 503.
#![no_main]

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use mirai_api::config::Config;
use mirai_api::{AppState, app};
use tower::ServiceExt;

const TOKEN: &str = "fuzz-token-0123456789abcdef";
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const PATHS: &[&str] = &[
    "/workers/start",
    "/workers/stop",
    "/workers",
    "/debug",
    "/healthz",
    "/",
];
const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "application/merge-patch+json",
    "text/plain",
    "",
];

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    })
}

fn router() -> Router {
    static APP: OnceLock<Router> = OnceLock::new();
    APP.get_or_init(|| {
        let config = Config::from_lookup(|k| match k {
            "MIRAI_API_TOKEN" => Some(TOKEN.into()),
            "DOCKER_HOST" => Some("unix:///nonexistent/mirai-api-fuzz.sock".into()),
            _ => None,
        })
        .unwrap();
        app(AppState::new(config))
    })
    .clone()
}

fuzz_target!(|data: &[u8]| {
    let [m, p, a, c, rest @ ..] = data else {
        return;
    };
    // The path: a known route, or bytes from the input when they form a URI.
    let (path, body): (String, &[u8]) = if *p == 255 {
        let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        (
            String::from_utf8_lossy(&rest[..end]).into_owned(),
            &rest[end..],
        )
    } else {
        (PATHS[*p as usize % PATHS.len()].to_owned(), rest)
    };
    // Without the right token, a protected route answers 401 (or 404/405
    // for a method it does not have).
    let protected = a % 3 != 0 && PATHS[..4].contains(&path.as_str());
    let method = METHODS[*m as usize % METHODS.len()];
    let head = method == "HEAD";
    let mut req = Request::builder().method(method).uri(path.as_str());
    match a % 3 {
        0 => req = req.header(header::AUTHORIZATION, format!("Bearer {TOKEN}")),
        1 => req = req.header(header::AUTHORIZATION, "Bearer wrong"),
        _ => {}
    }
    let ct = CONTENT_TYPES[*c as usize % CONTENT_TYPES.len()];
    if !ct.is_empty() {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let Ok(mut req) = req.body(Body::from(body.to_vec())) else {
        return; // not a valid URI: never reaches the service
    };
    let peer: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    runtime().block_on(async {
        let response = router().oneshot(req).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
        // A HEAD answer has headers only (axum drops the body, as HTTP says).
        if !head {
            let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert!(json.is_object());
        }
        if protected && status != StatusCode::METHOD_NOT_ALLOWED {
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    });
});
