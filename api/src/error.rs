//! The one error type of the service and its JSON form.
//!
//! The envelope middleware adds `received_at` and `from` to these bodies, as
//! it does to every response.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// Invalid input; `field` names the offending JSON field when there is one.
    BadRequest {
        message: String,
        field: Option<String>,
    },
    Unauthorized,
    NotFound(String),
    PayloadTooLarge,
    UnsupportedMediaType,
    /// The Docker Engine could not be reached or did not answer in time.
    DockerUnavailable(String),
    /// The Docker Engine answered with an error.
    DockerEngine(String),
    /// The worker image is not present locally and could not be pulled.
    ImageUnavailable {
        image: String,
        reason: String,
    },
}

impl ApiError {
    pub fn bad_field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            message: message.into(),
            field: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::DockerUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::DockerEngine(_) | ApiError::ImageUnavailable { .. } => {
                StatusCode::BAD_GATEWAY
            }
        }
    }

    /// A short, stable, machine-readable name for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::NotFound(_) => "not_found",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::DockerUnavailable(_) => "docker_unavailable",
            ApiError::DockerEngine(_) => "docker_error",
            ApiError::ImageUnavailable { .. } => "image_unavailable",
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest { message, .. } => message.clone(),
            ApiError::Unauthorized => {
                "missing or invalid bearer token (send `Authorization: Bearer <token>`)".into()
            }
            ApiError::NotFound(what) => what.clone(),
            ApiError::PayloadTooLarge => {
                format!(
                    "request body is larger than {} bytes",
                    crate::MAX_BODY_BYTES
                )
            }
            ApiError::UnsupportedMediaType => {
                "request body must be JSON with `Content-Type: application/json`".into()
            }
            ApiError::DockerUnavailable(reason) => format!("Docker Engine unavailable: {reason}"),
            ApiError::DockerEngine(reason) => format!("Docker Engine error: {reason}"),
            ApiError::ImageUnavailable { image, reason } => {
                format!(
                    "worker image {image} is not available locally and could not be pulled: {reason}"
                )
            }
        }
    }

    /// The JSON body (without the envelope fields).
    pub fn body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("error".into(), json!(self.message()));
        body.insert("code".into(), json!(self.code()));
        if let ApiError::BadRequest {
            field: Some(field), ..
        } = self
        {
            body.insert("field".into(), json!(field));
        }
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(Value::Object(self.body()))).into_response();
        if self == ApiError::Unauthorized {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
