//! `GET /healthz`: unauthenticated liveness, plus whether Docker answers.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::AppState;
use crate::docker::docker_error;

/// A health check must answer quickly even when Docker hangs.
const PING_TIMEOUT: Duration = Duration::from_secs(3);

/// Always 200 while the service runs; `docker` says whether the engine
/// answered a ping. As it needs no token, the reason for a failure goes to
/// the log only (it names the Docker socket).
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    let ping = async {
        let docker = state.docker.get().await?;
        docker.ping().await.map_err(docker_error)
    };
    let docker_ok = match tokio::time::timeout(PING_TIMEOUT, ping).await {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => {
            tracing::warn!("health: {e}");
            false
        }
        Err(_) => {
            tracing::warn!("health: Docker gave no answer within {PING_TIMEOUT:?}");
            false
        }
    };
    Json(json!({ "status": "ok", "docker": docker_ok }))
}
