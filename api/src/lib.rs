//! mirai-api: a small HTTP service that starts, stops and lists mirai worker
//! containers on the local Docker Engine for a dispatcher that asks for them.
//!
//! `main.rs` only reads the configuration and serves [`app`]; everything else
//! lives here so tests can drive the router directly.

pub mod clock;
pub mod config;
pub mod containers;
pub mod docker;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod routes;
pub mod validate;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::config::Config;
use crate::docker::DockerClient;

/// Largest request body accepted; the real ones are well under 200 bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Shared state of every request handler.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub docker: Arc<DockerClient>,
    /// Serialises the count-then-create step of `/workers/start`, so two
    /// concurrent requests can neither pick the same container index nor
    /// together exceed `MIRAI_MAX_WORKERS`.
    start_lock: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// Builds the state; the Docker connection itself is made lazily on first
    /// use, so the service starts (and `/healthz` answers) while Docker is down.
    pub fn new(config: Config) -> Self {
        let docker = DockerClient::new(&config.docker_host, config.docker_timeout);
        AppState {
            config: Arc::new(config),
            docker: Arc::new(docker),
            start_lock: Arc::new(tokio::sync::Mutex::new(())),
        }
    }
}

/// The complete HTTP application: routes, authentication, body limit and the
/// JSON envelope (`received_at`, `from`) added to every response.
pub fn app(state: AppState) -> Router {
    let protected = Router::new()
        .route("/workers", get(routes::workers::list))
        .route("/workers/start", post(routes::workers::start))
        .route("/workers/stop", post(routes::workers::stop))
        .route("/debug", get(routes::debug::debug))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::require_token,
        ));

    Router::new()
        .route("/healthz", get(routes::health::healthz))
        .merge(protected)
        .fallback(routes::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(middleware::envelope))
        .with_state(state)
}
