//! One module per resource.

pub mod debug;
pub mod health;
pub mod workers;

use axum::http::{Method, Uri};

use crate::error::ApiError;

/// Unknown routes get a JSON 404 like every other error.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::NotFound(format!("no route for {method} {path}"))
}
