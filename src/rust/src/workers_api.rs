//! Client of the mirai-api service (api/), which starts, stops and lists
//! worker containers: one blocking HTTP call per R function in R/workers.R.
//! The answer goes back to R as `list(status, body, error)`: `status` the
//! HTTP status (NA when no answer came), `body` the JSON body converted to R
//! values (the text itself when it is not JSON), `error` why no answer came
//! (NULL otherwise). R decides what each status means for the user.
//! `http_launch` (the requests of http_config()) shares `agent()` and
//! `reply()`.

use extendr_api::prelude::*;
use serde_json::{json, Value};
use std::time::Duration;
use ureq::http::Response;
use ureq::{Agent, Body, RequestBuilder};

type Result<T> = extendr_api::Result<T>;

/// A service that does not accept a connection within this is not there.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Starting may pull the worker image first, which the service allows 600 s
/// by default (MIRAI_PULL_TIMEOUT), then creates the containers.
const START_TIMEOUT: Duration = Duration::from_secs(660);
/// Workers get 10 s after SIGTERM, their removal up to 30 s more, and the
/// service waits up to 60 s for an unresponsive Docker Engine.
const STOP_TIMEOUT: Duration = Duration::from_secs(120);
/// The service answers 503 when Docker does not answer within 60 s.
const LIST_TIMEOUT: Duration = Duration::from_secs(90);

/// `POST /workers/start` with `{dispatcher, n, port}`.
#[extendr]
fn workers_api_start(
    host: &str,
    api_port: i32,
    token: &str,
    dispatcher: &str,
    n: i32,
    port: i32,
) -> Result<List> {
    let body = json!({ "dispatcher": dispatcher, "n": n, "port": port });
    call(
        host,
        api_port,
        token,
        "/workers/start",
        Some(body),
        START_TIMEOUT,
    )
}

/// `POST /workers/stop` with `{dispatcher, port}`.
#[extendr]
fn workers_api_stop(
    host: &str,
    api_port: i32,
    token: &str,
    dispatcher: &str,
    port: i32,
) -> Result<List> {
    let body = json!({ "dispatcher": dispatcher, "port": port });
    call(
        host,
        api_port,
        token,
        "/workers/stop",
        Some(body),
        STOP_TIMEOUT,
    )
}

/// `GET /workers`.
#[extendr]
fn workers_api_list(host: &str, api_port: i32, token: &str) -> Result<List> {
    call(host, api_port, token, "/workers", None, LIST_TIMEOUT)
}

/// POSTs `body` as JSON, or GETs when there is none.
fn call(
    host: &str,
    api_port: i32,
    token: &str,
    path: &str,
    body: Option<Value>,
    timeout: Duration,
) -> Result<List> {
    let agent = agent(timeout);
    let url = service_url(host, api_port, path);
    let sent = match body {
        Some(body) => authorized(agent.post(&url), token).send_json(body),
        None => authorized(agent.get(&url), token).call(),
    };
    reply(sent, |text| match serde_json::from_str::<Value>(&text) {
        Ok(value) => to_robj(&value),
        Err(_) => Ok(text.into()),
    })
}

/// An agent that connects within CONNECT_TIMEOUT and gives up on the whole
/// exchange after `timeout`.
pub(crate) fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(timeout))
        // Error statuses carry the service's explanation: read them.
        .http_status_as_error(false)
        // Credentials travel in the headers: never through a proxy picked up
        // from http_proxy, only straight to the service.
        .proxy(None)
        .build()
        .into()
}

/// The answer as `list(status, body, error)`, with `body` made from the
/// body's text by `body`.
pub(crate) fn reply(
    sent: std::result::Result<Response<Body>, ureq::Error>,
    body: impl FnOnce(String) -> Result<Robj>,
) -> Result<List> {
    let answer = sent.and_then(|mut response| {
        let status = response.status().as_u16();
        Ok((status, response.body_mut().read_to_string()?))
    });
    match answer {
        Ok((status, text)) => Ok(list!(
            status = i32::from(status),
            body = body(text)?,
            error = ()
        )),
        Err(e) => Ok(list!(status = Rint::na(), body = (), error = e.to_string())),
    }
}

/// An empty `token` sends no Authorization header: the service may run
/// without one (MIRAI_API_INSECURE).
fn authorized<B>(request: RequestBuilder<B>, token: &str) -> RequestBuilder<B> {
    if token.is_empty() {
        request
    } else {
        request.header("Authorization", format!("Bearer {token}"))
    }
}

/// `http://host:port/path`, with an IPv6 address in brackets.
fn service_url(host: &str, port: i32, path: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("http://[{host}]:{port}{path}")
    } else {
        format!("http://{host}:{port}{path}")
    }
}

/// JSON as R values: objects become named lists, arrays of only strings,
/// only numbers or only booleans become atomic vectors and other arrays
/// (also empty ones) lists, numbers doubles, null NULL.
fn to_robj(value: &Value) -> Result<Robj> {
    Ok(match value {
        Value::Null => ().into(),
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => n.as_f64().into(),
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => array_to_robj(items)?,
        Value::Object(map) => {
            let values = map.values().map(to_robj).collect::<Result<Vec<_>>>()?;
            List::from_names_and_values(map.keys(), values)?.into()
        }
    })
}

fn array_to_robj(items: &[Value]) -> Result<Robj> {
    if !items.is_empty() {
        if let Some(strings) = items.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
            return Ok(Strings::from_values(strings).into());
        }
        if let Some(numbers) = items.iter().map(Value::as_f64).collect::<Option<Vec<_>>>() {
            return Ok(Doubles::from_values(numbers).into());
        }
        if let Some(bools) = items.iter().map(Value::as_bool).collect::<Option<Vec<_>>>() {
            return Ok(Logicals::from_values(bools).into());
        }
    }
    let values = items.iter().map(to_robj).collect::<Result<Vec<_>>>()?;
    Ok(List::from_values(values).into())
}

extendr_module! {
    mod workers_api;
    fn workers_api_start;
    fn workers_api_stop;
    fn workers_api_list;
}
