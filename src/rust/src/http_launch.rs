//! The launch requests of http_config() (R/http.R): one HTTP request with
//! the method, headers and body R made, answered to R as
//! `list(status, body, error)` as in `workers_api`, with `body` the text.
//! https:// is verified against the Mozilla roots of webpki-roots.

use crate::workers_api::{agent, reply};
use extendr_api::prelude::*;
use std::time::Duration;
use ureq::http::Request;

type Result<T> = extendr_api::Result<T>;

/// Sends `method` to `url` with the headers `header_names` = `header_values`
/// and `body`, allowing `timeout` seconds for the whole exchange.
#[extendr]
fn http_request(
    method: &str,
    url: &str,
    header_names: Vec<String>,
    header_values: Vec<String>,
    body: &str,
    timeout: f64,
) -> Result<List> {
    let mut request = Request::builder().method(method).uri(url);
    for (name, value) in header_names.iter().zip(&header_values) {
        request = request.header(name, value);
    }
    let sent = request
        .body(body.to_owned())
        .map_err(ureq::Error::from)
        .and_then(|request| agent(Duration::from_secs_f64(timeout)).run(request));
    reply(sent, |text| Ok(text.into()))
}

extendr_module! {
    mod http_launch;
    fn http_request;
}
