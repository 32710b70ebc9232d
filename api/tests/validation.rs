//! Authentication and input validation. None of these requests reaches
//! Docker, except where a test says so.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::common::*;

fn start_body(dispatcher: Value, n: Value, port: Value) -> Value {
    json!({"dispatcher": dispatcher, "n": n, "port": port})
}

/// Checks a 400 that names `field`.
async fn assert_bad_field(app: &TestApp, path: &str, body: Value, field: &str) {
    let reply = app.post(path, body.clone()).await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "{body} -> {}",
        reply.json
    );
    assert_eq!(reply.json["field"], field, "{body} -> {}", reply.json);
    assert_eq!(reply.json["code"], "bad_request");
    assert!(reply.json["error"].is_string());
}

#[tokio::test]
async fn token_is_required_everywhere_but_healthz() {
    let app = TestApp::new(&[]);
    let body = start_body(json!(DISPATCHER), json!(1), json!(5555));
    for (method, path) in [
        (Method::GET, "/workers"),
        (Method::POST, "/workers/start"),
        (Method::POST, "/workers/stop"),
        (Method::GET, "/debug"),
    ] {
        for token in [None, Some("wrong-token-0123456789abcdef"), Some("")] {
            let reply = app.request(method.clone(), path, token, Some(&body)).await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} {token:?}"
            );
            assert_eq!(reply.json["code"], "unauthorized");
            assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
        }
    }
    // A prefix, an extension, another scheme, and the token without scheme.
    for auth in [
        format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]),
        format!("Bearer {TOKEN}x"),
        format!("Basic {TOKEN}"),
        TOKEN.to_owned(),
    ] {
        let req = Request::post("/workers/start")
            .header(header::AUTHORIZATION, auth.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        assert_eq!(
            app.call(req).await.status,
            StatusCode::UNAUTHORIZED,
            "{auth}"
        );
    }
    // The scheme is case-insensitive (RFC 9110): this passes authentication
    // and fails validation instead.
    let req = Request::post("/workers/start")
        .header(header::AUTHORIZATION, format!("bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"dispatcher":"$(reboot)","n":1,"port":1}"#))
        .unwrap();
    assert_eq!(app.call(req).await.status, StatusCode::BAD_REQUEST);

    let reply = app.request(Method::GET, "/healthz", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["status"], "ok");
    assert!(reply.json["docker"].is_boolean());
}

#[tokio::test]
async fn bad_dispatchers_are_refused() {
    let app = TestApp::new(&[]);
    for dispatcher in [
        json!("1.2.3.4; rm -rf /"),
        json!("$(reboot)"),
        json!("`reboot`"),
        json!("host name"),
        json!("../../etc/passwd"),
        json!("host/evil"),
        json!("1.2.3.256"),
        json!(""),
        json!("-x"),
        json!("x".repeat(300)),
        json!("hôst"),
        json!("host\nX-Injected: 1"),
        json!(42),
        json!(["127.0.0.1"]),
        json!({"$ne": null}),
        json!(null),
    ] {
        let body = start_body(dispatcher.clone(), json!(1), json!(5555));
        assert_bad_field(&app, "/workers/start", body, "dispatcher").await;
        let body = json!({"dispatcher": dispatcher, "port": 5555});
        assert_bad_field(&app, "/workers/stop", body, "dispatcher").await;
    }
    assert_bad_field(
        &app,
        "/workers/start",
        json!({"n": 1, "port": 5555}),
        "dispatcher",
    )
    .await;
}

#[tokio::test]
async fn bad_ports_are_refused() {
    let app = TestApp::new(&[]);
    for port in [
        json!(0),
        json!(65536),
        json!(-1),
        json!("5555"),
        json!(5555.5),
        json!(1e10),
        json!(true),
        json!(null),
    ] {
        let body = start_body(json!(DISPATCHER), json!(1), port.clone());
        assert_bad_field(&app, "/workers/start", body, "port").await;
        let body = json!({"dispatcher": DISPATCHER, "port": port});
        assert_bad_field(&app, "/workers/stop", body, "port").await;
    }
    assert_bad_field(
        &app,
        "/workers/stop",
        json!({"dispatcher": DISPATCHER}),
        "port",
    )
    .await;
}

#[tokio::test]
async fn bad_counts_are_refused() {
    let app = TestApp::new(&[("MIRAI_MAX_WORKERS", "8")]);
    for n in [
        json!(0),
        json!(9),
        json!(-1),
        json!(4_294_967_296u64),
        json!("3"),
        json!(2.5),
        json!([3]),
        json!(null),
    ] {
        let body = start_body(json!(DISPATCHER), n, json!(5555));
        assert_bad_field(&app, "/workers/start", body, "n").await;
    }
}

#[tokio::test]
async fn callers_cannot_choose_anything_else() {
    let app = TestApp::new(&[]);
    for field in [
        "image",
        "cmd",
        "command",
        "entrypoint",
        "mounts",
        "binds",
        "privileged",
        "network",
        "env",
        "Image",
    ] {
        let mut body = start_body(json!(DISPATCHER), json!(1), json!(5555));
        body[field] = json!("alpine");
        assert_bad_field(&app, "/workers/start", body, field).await;
        let body = json!({"dispatcher": DISPATCHER, "port": 5555, field: true});
        assert_bad_field(&app, "/workers/stop", body, field).await;
    }
}

#[tokio::test]
async fn malformed_bodies_are_json_errors() {
    let app = TestApp::new(&[]);
    let send = |content_type: Option<&'static str>, body: Vec<u8>| {
        let mut req = Request::post("/workers/start")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        app.call(req.body(Body::from(body)).unwrap())
    };
    for body in [
        &b""[..],
        b"{",
        b"{\"dispatcher\": }",
        b"not json",
        b"[1,2,3]",
        b"\"string\"",
        b"null",
        b"{}{}",
        b"{\"dispatcher\":\"127.0.0.1\",\"n\":1,\"port\":5555} trailing",
        b"\xff\xfe\x00",
    ] {
        let reply = send(Some("application/json"), body.to_vec()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{:?} -> {}",
            String::from_utf8_lossy(body),
            reply.json
        );
    }
    // Duplicate keys could smuggle a second value; they are refused.
    let reply = send(
        Some("application/json"),
        br#"{"dispatcher":"$(reboot)","dispatcher":"127.0.0.1","n":1,"port":5555}"#.to_vec(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.json);

    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let reply = send(
            content_type,
            br#"{"dispatcher":"127.0.0.1","n":1,"port":5555}"#.to_vec(),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(reply.json["code"], "unsupported_media_type");
    }

    // Over the 16 KiB limit, valid or not.
    let huge = format!(
        r#"{{"dispatcher":"127.0.0.1","n":1,"port":5555,"pad":"{}"}}"#,
        "x".repeat(100 * 1024)
    );
    let reply = send(Some("application/json"), huge.into_bytes()).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.json
    );
    assert_eq!(reply.json["code"], "payload_too_large");
    let reply = send(Some("application/json"), vec![b'['; 1024 * 1024]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json() {
    let app = TestApp::new(&[]);
    for path in [
        "/",
        "/nope",
        "/workers/start/extra",
        "/workers/../debug",
        "/%2e%2e/etc/passwd",
    ] {
        for token in [None, Some(TOKEN)] {
            let reply = app.request(Method::GET, path, token, None).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(reply.json["code"], "not_found");
        }
    }
    for (method, path) in [
        (Method::GET, "/workers/start"),
        (Method::DELETE, "/workers"),
        (Method::PUT, "/workers/stop"),
        (Method::POST, "/healthz"),
    ] {
        let reply = app.request(method.clone(), path, Some(TOKEN), None).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert!(reply.json["error"].is_string());
    }
}
