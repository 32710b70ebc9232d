//! The connection to the Docker Engine, made on first use and re-tried on
//! every request until it succeeds, so the service survives a Docker restart
//! or a socket that appears after it started.

use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, Docker};
use tokio::sync::OnceCell;

use crate::error::ApiError;

pub struct DockerClient {
    host: String,
    timeout: Duration,
    connected: OnceCell<Docker>,
}

impl DockerClient {
    pub fn new(host: &str, timeout: Duration) -> DockerClient {
        DockerClient {
            host: host.to_owned(),
            timeout,
            connected: OnceCell::new(),
        }
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// A client speaking the API version the engine supports. The version is
    /// negotiated once: bollard's default is newer than many engines accept.
    pub async fn get(&self) -> Result<&Docker, ApiError> {
        self.connected
            .get_or_try_init(|| async {
                let secs = self.timeout.as_secs().max(1);
                let docker = if self.host.starts_with("unix://") {
                    Docker::connect_with_unix(&self.host, secs, API_DEFAULT_VERSION)
                } else {
                    Docker::connect_with_http(&self.host, secs, API_DEFAULT_VERSION)
                }
                .map_err(|e| self.unavailable(&e))?;
                docker
                    .negotiate_version()
                    .await
                    .map_err(|e| self.unavailable(&e))
            })
            .await
    }

    fn unavailable(&self, err: &bollard::errors::Error) -> ApiError {
        ApiError::DockerUnavailable(format!("{} ({})", err, self.host))
    }
}

/// Maps a failed Docker call: an answer from the engine is a 502, anything
/// else (socket gone, timeout, broken connection) a 503.
pub fn docker_error(err: bollard::errors::Error) -> ApiError {
    use bollard::errors::Error as E;
    match err {
        E::DockerResponseServerError { message, .. } => ApiError::DockerEngine(message),
        E::DockerStreamError { error } => ApiError::DockerEngine(error),
        E::JsonDataError { .. } | E::JsonSerdeError { .. } => {
            ApiError::DockerEngine(err.to_string())
        }
        other => ApiError::DockerUnavailable(other.to_string()),
    }
}

/// The HTTP status of an engine error, if the engine answered.
pub fn engine_status(err: &bollard::errors::Error) -> Option<u16> {
    match err {
        bollard::errors::Error::DockerResponseServerError { status_code, .. } => Some(*status_code),
        _ => None,
    }
}
