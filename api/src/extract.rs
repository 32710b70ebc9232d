//! A JSON body extractor whose every rejection is an [`ApiError`] (and so a
//! JSON response), unlike axum's `Json`, which answers some with plain text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        // `Bytes` honours the router's `DefaultBodyLimit`.
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::bad_request(format!("could not read the request body: {rejection}"))
            }
        })?;
        parse(&bytes).map(ApiJson)
    }
}

/// `application/json`, optionally with parameters such as `charset`, or any
/// `application/*+json` type.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Deserialises `bytes`, which must hold one JSON object, naming the field
/// at fault when there is one. Parsing straight into the request type (not
/// via a `Value`) makes serde refuse duplicate keys, which could otherwise
/// smuggle a second value past a reader that takes the first.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // serde would also accept an array for a struct.
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(ApiError::bad_request("request body must be a JSON object"));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        // The path names the unknown or wrongly typed field ("." = the body).
        let path = err.path().to_string();
        let inner = err.into_inner();
        if !inner.is_data() {
            return ApiError::bad_request(format!("malformed JSON: {inner}"));
        }
        let field = (path != "." && !path.contains('?')).then_some(path);
        ApiError::BadRequest {
            message: format!("invalid request: {inner}"),
            field,
        }
    })?;
    de.end()
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::workers::StartRequest;

    fn field_of(body: &str) -> Option<String> {
        match parse::<StartRequest>(body.as_bytes()) {
            Err(ApiError::BadRequest { field, .. }) => field,
            other => panic!("{body} gave {other:?}"),
        }
    }

    #[test]
    fn names_the_field_at_fault() {
        assert_eq!(
            field_of(r#"{"dispatcher":"h","n":1,"port":"5555"}"#).as_deref(),
            Some("port")
        );
        assert_eq!(
            field_of(r#"{"dispatcher":"h","n":1,"port":65536}"#).as_deref(),
            Some("port")
        );
        assert_eq!(
            field_of(r#"{"dispatcher":"h","n":-1,"port":1}"#).as_deref(),
            Some("n")
        );
        assert_eq!(
            field_of(r#"{"dispatcher":"h","n":1.5,"port":1}"#).as_deref(),
            Some("n")
        );
        assert_eq!(
            field_of(r#"{"dispatcher":7,"n":1,"port":1}"#).as_deref(),
            Some("dispatcher")
        );
        assert_eq!(
            field_of(r#"{"dispatcher":"h","image":"x"}"#).as_deref(),
            Some("image")
        );
        assert_eq!(field_of(r#"{"dispatcher":"h""#), None);
        assert_eq!(field_of(r#"[1,2]"#), None);
        assert_eq!(field_of(r#"{} {}"#), None);
        assert_eq!(field_of(r#"["h", 1, 5555]"#), None);
        assert_eq!(field_of(""), None);
        assert!(
            parse::<StartRequest>(br#"{"dispatcher":"$(reboot)","dispatcher":"h","n":1,"port":1}"#)
                .is_err()
        );
    }

    #[test]
    fn accepts_complete_bodies() {
        let r: StartRequest = parse(br#"{"dispatcher":"h","n":2,"port":5555}"#).unwrap();
        assert_eq!(
            (r.dispatcher.as_deref(), r.n, r.port),
            (Some("h"), Some(2), Some(5555))
        );
    }
}
