//! Reads the configuration, builds the state and serves the router.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;

use mirai_api::config::Config;
use mirai_api::{AppState, app, clock};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// Log lines start with `[2026-04-17T12:22:18Z]`, as the original service's did.
struct UtcSeconds;

impl FormatTime for UtcSeconds {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        write!(w, "[{}]", clock::now_rfc3339())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_timer(UtcSeconds)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .init();

    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            tracing::error!("refusing to start: {e}");
            return ExitCode::from(2);
        }
    };
    let addr = config.listen_addr();
    if config.token.is_none() {
        tracing::warn!(
            "MIRAI_API_INSECURE is set: running WITHOUT authentication; anyone who can reach \
             {addr} can start containers on this host"
        );
    }
    tracing::info!(
        "image={}  network={}  max_workers={}  docker={}",
        config.image,
        config.network,
        config.max_workers,
        config.docker_host
    );

    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot listen on {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    tracing::info!("mirai-api listening on {addr}");
    let service = app(AppState::new(config)).into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        tracing::error!("server error: {e}");
        return ExitCode::from(1);
    }
    tracing::info!("mirai-api stopped");
    ExitCode::SUCCESS
}

/// Ctrl-C or SIGTERM (what `docker stop` sends).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
