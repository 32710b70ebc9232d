//! `POST /workers/start`, `POST /workers/stop` and `GET /workers`.

use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bollard::Docker;
use bollard::models::{ContainerCreateBody, ContainerSummary};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, CreateImageOptionsBuilder, RemoveContainerOptionsBuilder,
    StopContainerOptionsBuilder,
};
use futures_util::TryStreamExt;
use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::AppState;
use crate::config::Config;
use crate::containers::{
    WorkerInfo, container_name, free_indices, managed_filter, name_filter, name_prefix, short_id,
    worker_spec,
};
use crate::docker::{docker_error, engine_status};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::validate;

/// Seconds a worker gets to exit after SIGTERM before Docker kills it.
const STOP_GRACE_SECS: i32 = 10;
/// How long a stop waits for Docker to finish removing a stopped worker.
const REMOVAL_WAIT: Duration = Duration::from_secs(30);

/// Body of `POST /workers/start`. Fields are optional here only so that a
/// missing one is reported by name; unknown fields (`image`, `cmd`, ...) are
/// refused, so a caller can never choose anything but where workers dial.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    pub dispatcher: Option<String>,
    pub n: Option<u32>,
    pub port: Option<u16>,
}

/// Body of `POST /workers/stop`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRequest {
    pub dispatcher: Option<String>,
    pub port: Option<u16>,
}

#[derive(Debug, Serialize)]
struct ContainerError {
    name: String,
    error: String,
}

pub async fn start(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<StartRequest>,
) -> Result<Response, ApiError> {
    let config = &state.config;
    let dispatcher = validate::dispatcher(req.dispatcher)?;
    let port = validate::port(req.port)?;
    let n = validate::worker_count(req.n, config.max_workers)?;
    let docker = state.docker.get().await?;
    tracing::info!(
        "dispatcher={dispatcher}  n={n}  port={port}  image={}",
        config.image
    );
    ensure_image(docker, config).await?;

    let _guard = state.start_lock.lock().await;
    let managed = docker
        .list_containers(Some(managed_filter(None)))
        .await
        .map_err(docker_error)?;
    if managed.len() as u64 + u64::from(n) > u64::from(config.max_workers) {
        return Err(ApiError::bad_field(
            "n",
            format!(
                "starting {n} would exceed MIRAI_MAX_WORKERS={} ({} managed workers exist)",
                config.max_workers,
                managed.len()
            ),
        ));
    }
    let prefix = name_prefix(&dispatcher, port);
    let existing: Vec<String> = docker
        .list_containers(Some(name_filter(&prefix)))
        .await
        .map_err(docker_error)?
        .into_iter()
        .flat_map(|c| c.names.unwrap_or_default())
        .collect();
    let indices = free_indices(existing.iter().map(String::as_str), &prefix, n);
    let results = join_all(indices.into_iter().map(|index| {
        let name = format!("{prefix}{index}");
        let spec = worker_spec(config, &dispatcher, port, index);
        start_one(docker, name, spec)
    }))
    .await;

    let mut started = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(name) => {
                tracing::info!("started {name}");
                started.push(name);
            }
            Err(e) => {
                tracing::warn!("failed to start {}: {}", e.name, e.error);
                errors.push(e);
            }
        }
    }
    let mut body = json!({
        "dispatcher": dispatcher,
        "port": port,
        "image": config.image,
        "requested": n,
        "started": started,
        "failed": errors.len(),
        "errors": errors,
    });
    // Partial success is still a success: the body says what failed.
    let status = if started.is_empty() {
        body["error"] = json!("no worker could be started; see `errors`");
        body["code"] = json!("start_failed");
        StatusCode::BAD_GATEWAY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(body)).into_response())
}

/// Pulls the worker image only if it is not present locally, within
/// `MIRAI_PULL_TIMEOUT`.
async fn ensure_image(docker: &Docker, config: &Config) -> Result<(), ApiError> {
    match docker.inspect_image(&config.image).await {
        Ok(_) => return Ok(()),
        Err(e) if engine_status(&e) == Some(404) => {}
        Err(e) => return Err(docker_error(e)),
    }
    let image = config.image.clone();
    tracing::info!("pulling {image}: not present locally");
    let options = CreateImageOptionsBuilder::default()
        .from_image(&image)
        .build();
    let pull = docker
        .create_image(Some(options), None, None)
        .try_for_each(|_| async { Ok(()) });
    let reason = match tokio::time::timeout(config.pull_timeout, pull).await {
        Ok(Ok(())) => {
            tracing::info!("pulled {image}");
            return Ok(());
        }
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!(
            "the pull did not finish within {} s (MIRAI_PULL_TIMEOUT)",
            config.pull_timeout.as_secs()
        ),
    };
    tracing::warn!("cannot pull {image}: {reason}");
    Err(ApiError::ImageUnavailable { image, reason })
}

async fn start_one(
    docker: &Docker,
    name: String,
    spec: ContainerCreateBody,
) -> Result<String, ContainerError> {
    let fail = |name: &str, e: bollard::errors::Error| ContainerError {
        name: name.to_owned(),
        error: e.to_string(),
    };
    let options = CreateContainerOptionsBuilder::default().name(&name).build();
    let created = docker
        .create_container(Some(options), spec)
        .await
        .map_err(|e| fail(&name, e))?;
    if let Err(e) = docker.start_container(&created.id, None).await {
        // A container that never ran is not auto-removed: remove it here.
        let force = RemoveContainerOptionsBuilder::default().force(true).build();
        if let Err(remove) = docker.remove_container(&created.id, Some(force)).await {
            tracing::warn!("could not remove unstarted {name}: {remove}");
        }
        return Err(fail(&name, e));
    }
    Ok(name)
}

pub async fn stop(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<StopRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let dispatcher = validate::dispatcher(req.dispatcher)?;
    let port = validate::port(req.port)?;
    let docker = state.docker.get().await?;
    tracing::info!("dispatcher={dispatcher}  port={port}");
    let targets = docker
        .list_containers(Some(managed_filter(Some((&dispatcher, port)))))
        .await
        .map_err(docker_error)?;
    let results = join_all(targets.into_iter().map(|c| stop_one(docker, c))).await;

    let mut stopped = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((id, name)) => {
                tracing::info!("stopped {id} {name}");
                stopped.push(json!({ "id": id, "name": name }));
            }
            Err(e) => {
                tracing::warn!("failed to stop {}: {}", e.name, e.error);
                errors.push(e);
            }
        }
    }
    Ok(Json(json!({
        "dispatcher": dispatcher,
        "port": port,
        "count": stopped.len(),
        "stopped": stopped,
        "failed": errors.len(),
        "errors": errors,
    })))
}

/// Stops one managed container and makes sure it is gone.
async fn stop_one(
    docker: &Docker,
    container: ContainerSummary,
) -> Result<(String, String), ContainerError> {
    let id = container.id.unwrap_or_default();
    let name = container_name(container.names.as_deref());
    let fail = |e: bollard::errors::Error| ContainerError {
        name: name.clone(),
        error: e.to_string(),
    };
    let options = StopContainerOptionsBuilder::default()
        .t(STOP_GRACE_SECS)
        .build();
    match docker.stop_container(&id, Some(options)).await {
        // 304: already stopped; 404: already gone.
        Err(e) if !matches!(engine_status(&e), Some(304 | 404)) => return Err(fail(e)),
        _ => {}
    }
    // Auto-removal starts once the stop returns. Remove what it does not
    // cover (a container that never ran) and wait while it is in progress
    // (409), so that a list right after the stop no longer shows the worker.
    let deadline = Instant::now() + REMOVAL_WAIT;
    loop {
        let force = RemoveContainerOptionsBuilder::default().force(true).build();
        match docker.remove_container(&id, Some(force)).await {
            Ok(()) => break,
            Err(e) => match engine_status(&e) {
                Some(404) => break,
                Some(409) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                _ => return Err(fail(e)),
            },
        }
    }
    Ok((short_id(&id).to_owned(), name))
}

pub async fn list(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let docker = state.docker.get().await?;
    let mut workers: Vec<WorkerInfo> = docker
        .list_containers(Some(managed_filter(None)))
        .await
        .map_err(docker_error)?
        .into_iter()
        .map(WorkerInfo::from_summary)
        .collect();
    workers.sort_by(|a, b| {
        (&a.dispatcher, a.port, a.index, &a.name).cmp(&(&b.dispatcher, b.port, b.index, &b.name))
    });
    tracing::info!("listed {} workers", workers.len());
    Ok(Json(json!({ "count": workers.len(), "workers": workers })))
}
