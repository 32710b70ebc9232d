//! A Docker Engine that cannot be reached gives 503 with the reason, and
//! `/healthz` still answers.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn docker_unreachable_is_503() {
    for host in [
        "unix:///nonexistent/mirai-api-test/docker.sock",
        // A closed port on the loopback address.
        "tcp://127.0.0.1:1",
    ] {
        let app = TestApp::new(&[("DOCKER_HOST", host)]);
        let start = json!({"dispatcher": DISPATCHER, "n": 1, "port": 5555});
        let stop = json!({"dispatcher": DISPATCHER, "port": 5555});
        for (method, path, body) in [
            (Method::GET, "/workers", None),
            (Method::POST, "/workers/start", Some(&start)),
            (Method::POST, "/workers/stop", Some(&stop)),
            (Method::GET, "/debug", None),
        ] {
            let reply = app.request(method, path, Some(TOKEN), body).await;
            assert_eq!(
                reply.status,
                StatusCode::SERVICE_UNAVAILABLE,
                "{host} {path}: {}",
                reply.json
            );
            assert_eq!(reply.json["code"], "docker_unavailable");
            assert!(
                reply.json["error"].as_str().unwrap().contains(host),
                "{}",
                reply.json
            );
        }
        // Validation still comes first.
        let reply = app
            .post(
                "/workers/start",
                json!({"dispatcher": "$(reboot)", "n": 1, "port": 5555}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);

        let reply = app.request(Method::GET, "/healthz", None, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.json,
            json!({
                "status": "ok",
                "docker": false,
                "received_at": reply.json["received_at"],
                "from": CALLER,
            })
        );
    }
}

#[tokio::test]
async fn healthz_sees_a_running_engine() {
    let reply = TestApp::new(&[])
        .request(Method::GET, "/healthz", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["docker"], true, "{}", reply.json);
}
