//! Request logging, the JSON envelope of every response, and authentication.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::clock::now_rfc3339;
use crate::error::ApiError;

/// When and from whom a request came, echoed in every response.
struct RequestMeta {
    received_at: String,
    /// The peer address of the TCP connection. `X-Forwarded-For` is ignored:
    /// any caller could set it.
    from: String,
}

/// Our own response bodies are small; this only bounds the buffering.
const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// Longest request path written to the log.
const MAX_LOGGED_PATH: usize = 200;
/// Longest error message written to the log.
const MAX_LOGGED_ERROR: usize = 300;

/// Logs the request, runs it, and makes sure the response is a JSON object
/// carrying `received_at` and `from` — including axum's own responses such
/// as 405, which have no JSON body of their own.
pub async fn envelope(req: Request, next: Next) -> Response {
    let from = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ci| canonical_ip(ci.0.ip()));
    let meta = RequestMeta {
        received_at: now_rfc3339(),
        from,
    };
    let method = req.method().clone();
    let path: String = req.uri().path().chars().take(MAX_LOGGED_PATH).collect();
    tracing::info!("{method} {path} from {}", meta.from);

    let response = next.run(req).await;
    let (response, error) = stamp(response, &meta).await;
    let status = response.status().as_u16();
    match error {
        None => tracing::info!("{method} {path} -> {status}"),
        Some(error) => tracing::warn!("{method} {path} -> {status}: {error}"),
    }
    response
}

fn canonical_ip(ip: IpAddr) -> String {
    ip.to_canonical().to_string()
}

/// Adds the envelope fields; also returns the body's `error`, if any, for
/// the log (cut short: it may quote caller input).
async fn stamp(response: Response, meta: &RequestMeta) -> (Response, Option<String>) {
    let (mut parts, body) = response.into_parts();
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let bytes = axum::body::to_bytes(body, MAX_RESPONSE_BYTES)
        .await
        .unwrap_or_default();
    let parsed = if is_json {
        serde_json::from_slice::<Value>(&bytes).ok()
    } else {
        None
    };
    let mut object = match parsed {
        Some(Value::Object(object)) => object,
        _ => fallback_body(parts.status, &bytes),
    };
    let error = object.get("error").and_then(Value::as_str).map(|e| {
        e.chars()
            .take(MAX_LOGGED_ERROR)
            .collect::<String>()
            .escape_debug()
            .to_string()
    });
    object.insert("received_at".into(), json!(meta.received_at));
    object.insert("from".into(), json!(meta.from));

    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::to_vec(&Value::Object(object)).unwrap_or_default();
    (Response::from_parts(parts, Body::from(body)), error)
}

/// A JSON error body for a response that was produced without one.
fn fallback_body(status: axum::http::StatusCode, bytes: &[u8]) -> Map<String, Value> {
    let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
    let text = String::from_utf8_lossy(bytes);
    let message = if text.trim().is_empty() {
        reason.clone()
    } else {
        text.trim().to_owned()
    };
    let mut object = Map::new();
    object.insert("error".into(), json!(message));
    object.insert("code".into(), json!(reason.replace(' ', "_")));
    object
}

/// Requires `Authorization: Bearer <MIRAI_API_TOKEN>` unless the operator
/// chose insecure mode (then `config.token` is `None`).
pub async fn require_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(expected) = state.config.token.as_deref() else {
        return next.run(req).await;
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match presented {
        Some(token) if tokens_match(expected.as_bytes(), token.as_bytes()) => next.run(req).await,
        // Logged by `envelope` as a 401.
        _ => ApiError::Unauthorized.into_response(),
    }
}

/// Compares in time that depends only on the length of `expected` (and of the
/// caller's own guess), so neither the token nor how much of a guess matched
/// leaks through timing.
fn tokens_match(expected: &[u8], presented: &[u8]) -> bool {
    let mut equal = (expected.len() as u64).ct_eq(&(presented.len() as u64));
    for (i, byte) in expected.iter().enumerate() {
        // A shorter guess is compared against zeros; `equal` is already false.
        let other = presented.get(i).copied().unwrap_or(0);
        equal &= byte.ct_eq(&other);
    }
    equal.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_compare() {
        assert!(tokens_match(b"abcdefghijklmnop", b"abcdefghijklmnop"));
        assert!(!tokens_match(b"abcdefghijklmnop", b"abcdefghijklmnoq"));
        assert!(!tokens_match(b"abcdefghijklmnop", b"abcdefghijklmno"));
        assert!(!tokens_match(b"abcdefghijklmnop", b"abcdefghijklmnopq"));
        assert!(!tokens_match(b"abcdefghijklmnop", b""));
    }

    #[test]
    fn mapped_ipv4_is_shown_as_ipv4() {
        let ip: IpAddr = "::ffff:192.168.2.4".parse().unwrap();
        assert_eq!(canonical_ip(ip), "192.168.2.4");
    }
}
