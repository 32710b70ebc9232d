//! `GET /debug`: checks, step by step, that the service can do its job:
//! the engine's version, a ping, and creating and deleting a throwaway
//! container from the configured image (created, never started).

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bollard::models::ContainerCreateBody;
use bollard::query_parameters::{CreateContainerOptionsBuilder, RemoveContainerOptionsBuilder};
use serde_json::{Value, json};

use crate::AppState;
use crate::containers::{short_id, worker_host_config};
use crate::error::ApiError;

/// Probe containers carry this label instead of the managed one, so they are
/// never listed, counted or stopped as workers.
const LABEL_DEBUG: &str = "io.miraiRs.debug";

static PROBE_COUNTER: AtomicU64 = AtomicU64::new(0);

fn step(name: &str, result: Result<Value, String>) -> Value {
    match result {
        Ok(detail) => json!({ "step": name, "ok": true, "detail": detail }),
        Err(error) => json!({ "step": name, "ok": false, "error": error }),
    }
}

pub async fn debug(State(state): State<AppState>) -> Result<Response, ApiError> {
    let config = &state.config;
    let docker = state.docker.get().await?;
    let mut steps = Vec::new();

    let version = docker.version().await.map_or_else(
        |e| Err(e.to_string()),
        |v| {
            Ok(json!({
                "version": v.version,
                "api_version": v.api_version,
                "client_api_version": docker.client_version().to_string(),
                "os": v.os,
                "arch": v.arch,
                "kernel": v.kernel_version,
            }))
        },
    );
    steps.push(step("version", version));
    steps.push(step(
        "ping",
        docker
            .ping()
            .await
            .map(Value::from)
            .map_err(|e| e.to_string()),
    ));

    let name = format!(
        "mirai-api-debug-{}-{}",
        std::process::id(),
        PROBE_COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let spec = ContainerCreateBody {
        image: Some(config.image.clone()),
        labels: Some([(LABEL_DEBUG.to_owned(), "true".to_owned())].into()),
        host_config: Some(worker_host_config(config)),
        ..Default::default()
    };
    let options = CreateContainerOptionsBuilder::default().name(&name).build();
    match docker.create_container(Some(options), spec).await {
        Ok(created) => {
            steps.push(step(
                "create",
                Ok(json!({ "name": name, "id": short_id(&created.id) })),
            ));
            let force = RemoveContainerOptionsBuilder::default().force(true).build();
            let removed = docker.remove_container(&created.id, Some(force)).await;
            steps.push(step(
                "delete",
                removed
                    .map(|()| json!({ "id": short_id(&created.id) }))
                    .map_err(|e| e.to_string()),
            ));
        }
        Err(e) => steps.push(step("create", Err(e.to_string()))),
    }

    let failed: Vec<&str> = steps
        .iter()
        .filter(|s| s["ok"] == false)
        .filter_map(|s| s["step"].as_str())
        .collect();
    for s in &steps {
        let name = s["step"].as_str().unwrap_or_default();
        match s["error"].as_str() {
            None => tracing::info!("debug {name}: ok"),
            Some(error) => tracing::warn!("debug {name}: {error}"),
        }
    }
    let mut body = json!({
        "ok": failed.is_empty(),
        "docker_host": state.docker.host(),
        "image": config.image,
        "network": config.network,
        "steps": steps,
    });
    let status = if failed.is_empty() {
        StatusCode::OK
    } else {
        body["error"] = json!(format!("failed steps: {}", failed.join(", ")));
        body["code"] = json!("debug_failed");
        StatusCode::BAD_GATEWAY
    };
    Ok((status, Json(body)).into_response())
}
