//! Starting, listing and stopping real containers.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use bollard::models::ContainerCreateBody;
use bollard::query_parameters::CreateContainerOptionsBuilder;
use serde_json::{Value, json};

use crate::common::*;

fn names(v: &Value) -> Vec<String> {
    let mut names: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn start_list_grow_and_stop_leaving_other_containers_alone() {
    let _lock = docker_lock();
    ensure_test_image();
    let port = 41001;
    let _cleanup = Cleanup::new(port);
    let app = TestApp::new(&[]);
    let docker = docker().await;

    // A container with a worker's name that this service did not create.
    let foreign = format!("mirai-worker-127-0-0-1-{port}-99");
    let options = CreateContainerOptionsBuilder::default()
        .name(&foreign)
        .build();
    let spec = ContainerCreateBody {
        image: Some(TEST_IMAGE.to_owned()),
        ..Default::default()
    };
    docker.create_container(Some(options), spec).await.unwrap();
    docker.start_container(&foreign, None).await.unwrap();

    let reply = app
        .post(
            "/workers/start",
            json!({"dispatcher": DISPATCHER, "n": 3, "port": port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(names(&reply.json["started"]), worker_names(port, 1..=3));
    assert_eq!(reply.json["failed"], 0);
    assert_eq!(reply.json["errors"], json!([]));
    assert_eq!(reply.json["image"], TEST_IMAGE);
    assert_eq!(listed_names(&app, port).await, worker_names(port, 1..=3));

    let listing = app.get("/workers").await;
    for worker in listing.json["workers"].as_array().unwrap() {
        if worker["port"] == port {
            assert_eq!(worker["state"], "running", "{worker}");
            assert_eq!(worker["dispatcher"], DISPATCHER);
            assert_eq!(worker["id"].as_str().unwrap().len(), 12);
        }
    }

    // More workers for the same dispatcher take the next free indices.
    let reply = app
        .post(
            "/workers/start",
            json!({"dispatcher": DISPATCHER, "n": 2, "port": port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(names(&reply.json["started"]), worker_names(port, 4..=5));
    assert_eq!(listed_names(&app, port).await, worker_names(port, 1..=5));

    let reply = app
        .post(
            "/workers/stop",
            json!({"dispatcher": DISPATCHER, "port": port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["count"], 5);
    assert_eq!(reply.json["failed"], 0);
    let stopped: Vec<Value> = reply.json["stopped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(names(&json!(stopped)), worker_names(port, 1..=5));
    assert!(listed_names(&app, port).await.is_empty());

    // The workers are gone from the engine (auto-removed); the foreign one
    // still runs.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = count_labelled(&docker, &format!("io.miraiRs.port={port}")).await;
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{left} workers not removed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let inspected = docker.inspect_container(&foreign, None).await.unwrap();
    assert_eq!(inspected.state.unwrap().running, Some(true));

    // Stopping again is harmless.
    let reply = app
        .post(
            "/workers/stop",
            json!({"dispatcher": DISPATCHER, "port": port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["count"], 0);
}

#[tokio::test]
async fn workers_get_the_operators_settings() {
    let _lock = docker_lock();
    ensure_test_image();
    let port = 41002;
    let _cleanup = Cleanup::new(port);
    let app = TestApp::new(&[]);
    let docker = docker().await;

    // A host name is accepted and canonicalised to lower case.
    let reply = app
        .post(
            "/workers/start",
            json!({"dispatcher": "Dispatcher.Example", "n": 1, "port": port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let name = format!("mirai-worker-dispatcher-example-{port}-1");
    assert_eq!(reply.json["started"], json!([name]));
    assert_eq!(reply.json["dispatcher"], "dispatcher.example");

    let c = docker.inspect_container(&name, None).await.unwrap();
    let config = c.config.unwrap();
    let env = config.env.unwrap();
    assert!(
        env.contains(&"MIRAI_HOST=dispatcher.example".to_owned()),
        "{env:?}"
    );
    assert!(env.contains(&format!("MIRAI_PORT={port}")), "{env:?}");
    assert_eq!(config.image.as_deref(), Some(TEST_IMAGE));
    let labels = config.labels.unwrap();
    assert_eq!(labels["io.miraiRs.managed"], "true");
    assert_eq!(labels["io.miraiRs.dispatcher"], "dispatcher.example");
    assert_eq!(labels["io.miraiRs.port"], port.to_string());
    assert_eq!(labels["io.miraiRs.index"], "1");
    let host = c.host_config.unwrap();
    assert_eq!(host.auto_remove, Some(true));
    assert_eq!(host.network_mode.as_deref(), Some("none"));
    assert_eq!(host.nano_cpus, Some(500_000_000));
    assert_eq!(host.memory, Some(64 << 20));
    assert_eq!(host.privileged, Some(false));
    assert_eq!(host.init, Some(true));
    assert_eq!(host.cap_drop, Some(vec!["ALL".to_owned()]));
    assert_eq!(
        host.security_opt,
        Some(vec!["no-new-privileges".to_owned()])
    );
    assert!(host.binds.unwrap_or_default().is_empty());
    assert!(host.mounts.unwrap_or_default().is_empty());

    // Stopping by the name as first written finds the same workers.
    let reply = app
        .post(
            "/workers/stop",
            json!({"dispatcher": "DISPATCHER.example", "port": port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["count"], 1);
    assert_eq!(reply.json["stopped"][0]["name"], name);
}

#[tokio::test]
async fn total_cap_counts_running_workers() {
    let _lock = docker_lock();
    ensure_test_image();
    let port = 41003;
    let _cleanup = Cleanup::new(port);
    let docker = docker().await;
    // Managed containers that exist already (none on a clean machine) count.
    let existing = count_labelled(&docker, "io.miraiRs.managed=true").await;
    let cap = (existing + 4).to_string();
    let app = TestApp::new(&[("MIRAI_MAX_WORKERS", &cap)]);
    let start = |n: u32| json!({"dispatcher": DISPATCHER, "n": n, "port": port});

    let reply = app.post("/workers/start", start(3)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);

    let reply = app.post("/workers/start", start(2)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.json);
    assert_eq!(reply.json["field"], "n");
    assert!(
        reply.json["error"]
            .as_str()
            .unwrap()
            .contains("MIRAI_MAX_WORKERS"),
        "{}",
        reply.json
    );
    assert_eq!(listed_names(&app, port).await, worker_names(port, 1..=3));

    let reply = app.post("/workers/start", start(1)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["started"], json!(worker_names(port, [4])));

    let reply = app
        .post(
            "/workers/stop",
            json!({"dispatcher": DISPATCHER, "port": port}),
        )
        .await;
    assert_eq!(reply.json["count"], 4, "{}", reply.json);
}

#[tokio::test]
async fn missing_image_that_cannot_be_pulled_is_a_clear_error() {
    let _lock = docker_lock();
    let port = 41004;
    let _cleanup = Cleanup::new(port);
    let app = TestApp::new(&[("MIRAI_IMAGE", MISSING_IMAGE), ("MIRAI_PULL_TIMEOUT", "30")]);
    let docker = docker().await;
    let before = count_labelled(&docker, "io.miraiRs.managed=true").await;

    let started = Instant::now();
    let reply = app
        .post(
            "/workers/start",
            json!({"dispatcher": DISPATCHER, "n": 1, "port": port}),
        )
        .await;
    assert!(started.elapsed() < Duration::from_secs(45));
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.json);
    assert_eq!(reply.json["code"], "image_unavailable");
    assert!(
        reply.json["error"]
            .as_str()
            .unwrap()
            .contains(MISSING_IMAGE),
        "{}",
        reply.json
    );
    assert_eq!(
        count_labelled(&docker, "io.miraiRs.managed=true").await,
        before
    );
}

#[tokio::test]
async fn debug_reports_each_step() {
    let _lock = docker_lock();
    ensure_test_image();
    let docker = docker().await;

    let reply = TestApp::new(&[]).get("/debug").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["ok"], true);
    let steps: Vec<&str> = reply.json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["ok"], true, "{s}");
            s["step"].as_str().unwrap()
        })
        .collect();
    assert_eq!(steps, ["version", "ping", "create", "delete"]);
    assert!(reply.json["steps"][0]["detail"]["version"].is_string());

    // With an image that is not there, the create step fails and says why.
    let reply = TestApp::new(&[("MIRAI_IMAGE", MISSING_IMAGE)])
        .get("/debug")
        .await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.json);
    assert_eq!(reply.json["ok"], false);
    let create = &reply.json["steps"][2];
    assert_eq!(create["step"], "create");
    assert_eq!(create["ok"], false);
    assert!(create["error"].is_string());

    assert_eq!(count_labelled(&docker, "io.miraiRs.debug=true").await, 0);
}

#[tokio::test]
async fn concurrent_starts_get_distinct_indices() {
    let _lock = docker_lock();
    ensure_test_image();
    let port = 41005;
    let _cleanup = Cleanup::new(port);
    let app = TestApp::new(&[]);
    let body = json!({"dispatcher": DISPATCHER, "n": 2, "port": port});

    let (a, b) = tokio::join!(
        app.post("/workers/start", body.clone()),
        app.post("/workers/start", body.clone())
    );
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(b.status, StatusCode::OK, "{}", b.json);
    let mut started = names(&a.json["started"]);
    started.extend(names(&b.json["started"]));
    started.sort();
    assert_eq!(started, worker_names(port, 1..=4));
    assert_eq!(listed_names(&app, port).await, worker_names(port, 1..=4));

    let reply = app
        .post(
            "/workers/stop",
            json!({"dispatcher": DISPATCHER, "port": port}),
        )
        .await;
    assert_eq!(reply.json["count"], 4, "{}", reply.json);
}
