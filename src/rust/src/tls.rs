//! TLS for `tls+tcp://`: Debian's libnng is built with mbedTLS; this module
//! makes the certificates and NNG's TLS configurations. A host without its
//! own certificate makes a self-signed one on the fly; daemons pin exactly
//! that certificate, so no outside authority is involved and a peer with
//! another certificate (or none) cannot connect.

use nng::ffi as sys;
use std::ffi::{c_char, c_void, CString};

/// The name in generated certificates; daemons check the host against it.
pub const SERVER_NAME: &str = "miraiRs";

#[repr(C)]
struct NngTlsConfig {
    _private: [u8; 0],
}

const TLS_MODE_CLIENT: i32 = 0;
const TLS_MODE_SERVER: i32 = 1;
const TLS_AUTH_REQUIRED: i32 = 2;
const OPT_TLS_CONFIG: &[u8] = b"tls-config\0";

extern "C" {
    fn nng_tls_config_alloc(cfg: *mut *mut NngTlsConfig, mode: i32) -> i32;
    fn nng_tls_config_free(cfg: *mut NngTlsConfig);
    fn nng_tls_config_own_cert(
        cfg: *mut NngTlsConfig,
        cert: *const c_char,
        key: *const c_char,
        pass: *const c_char,
    ) -> i32;
    fn nng_tls_config_ca_chain(
        cfg: *mut NngTlsConfig,
        chain: *const c_char,
        crl: *const c_char,
    ) -> i32;
    fn nng_tls_config_server_name(cfg: *mut NngTlsConfig, name: *const c_char) -> i32;
    fn nng_tls_config_auth_mode(cfg: *mut NngTlsConfig, mode: i32) -> i32;
    fn nng_listener_create(
        l: *mut sys::nng_listener,
        s: sys::nng_socket,
        url: *const c_char,
    ) -> i32;
    fn nng_listener_set_ptr(l: sys::nng_listener, opt: *const c_char, v: *mut c_void) -> i32;
    fn nng_listener_start(l: sys::nng_listener, flags: i32) -> i32;
    fn nng_listener_close(l: sys::nng_listener) -> i32;
    fn nng_dialer_set_ptr(d: sys::nng_dialer, opt: *const c_char, v: *mut c_void) -> i32;
}

/// A self-signed certificate and its private key, both PEM.
pub fn self_signed() -> Result<(String, String), String> {
    let made = rcgen::generate_simple_self_signed(vec![SERVER_NAME.to_string()])
        .map_err(|e| format!("cannot make a TLS certificate: {e}"))?;
    Ok((made.cert.pem(), made.signing_key.serialize_pem()))
}

fn cstring(what: &str, s: &str) -> Result<CString, String> {
    CString::new(s).map_err(|_| format!("the {what} must not contain NUL bytes"))
}

fn check(rc: i32, what: &str) -> Result<(), String> {
    if rc == 0 {
        return Ok(());
    }
    Err(format!(
        "cannot {what}: {}",
        crate::transport::nng_error(rc)
    ))
}

/// One NNG TLS configuration; NNG keeps its own reference once it is set
/// on a listener or dialer, so ours is released on drop.
struct Config(*mut NngTlsConfig);

impl Config {
    fn new(mode: i32) -> Result<Config, String> {
        let mut cfg = std::ptr::null_mut();
        // SAFETY: allocates a fresh configuration.
        check(
            unsafe { nng_tls_config_alloc(&mut cfg, mode) },
            "set up TLS",
        )?;
        Ok(Config(cfg))
    }
}

impl Drop for Config {
    fn drop(&mut self) {
        // SAFETY: releases our reference only.
        unsafe { nng_tls_config_free(self.0) }
    }
}

/// Listens at a `tls+tcp://` `url` on `socket` with certificate `cert` and key `key`.
pub fn listen(socket: sys::nng_socket, url: &str, cert: &str, key: &str) -> Result<(), String> {
    let (curl, ccert, ckey) = (
        cstring("url", url)?,
        cstring("certificate", cert)?,
        cstring("key", key)?,
    );
    let cfg = Config::new(TLS_MODE_SERVER)?;
    let mut listener = sys::nng_listener_s {
        _bindgen_opaque_blob: 0,
    };
    // SAFETY: plain FFI on handles made here; strings outlive the calls.
    unsafe {
        check(
            nng_tls_config_own_cert(cfg.0, ccert.as_ptr(), ckey.as_ptr(), std::ptr::null()),
            "use the TLS certificate and key",
        )?;
        check(
            nng_listener_create(&mut listener, socket, curl.as_ptr()),
            &format!("listen at '{url}'"),
        )?;
        let started = check(
            nng_listener_set_ptr(
                listener,
                OPT_TLS_CONFIG.as_ptr() as *const c_char,
                cfg.0 as *mut c_void,
            ),
            "configure TLS",
        )
        .and_then(|_| {
            check(
                nng_listener_start(listener, 0),
                &format!("listen at '{url}'"),
            )
        });
        if started.is_err() {
            nng_listener_close(listener);
        }
        started
    }
}

/// Makes `dialer` (created, not started) trust only certificate `cert`.
pub fn configure_dialer(dialer: sys::nng_dialer, cert: &str) -> Result<(), String> {
    let (ccert, name) = (cstring("certificate", cert)?, cstring("name", SERVER_NAME)?);
    let cfg = Config::new(TLS_MODE_CLIENT)?;
    // SAFETY: as in `listen`.
    unsafe {
        check(
            nng_tls_config_ca_chain(cfg.0, ccert.as_ptr(), std::ptr::null()),
            "trust the TLS certificate",
        )?;
        check(
            nng_tls_config_server_name(cfg.0, name.as_ptr()),
            "configure TLS",
        )?;
        check(
            nng_tls_config_auth_mode(cfg.0, TLS_AUTH_REQUIRED),
            "configure TLS",
        )?;
        check(
            nng_dialer_set_ptr(
                dialer,
                OPT_TLS_CONFIG.as_ptr() as *const c_char,
                cfg.0 as *mut c_void,
            ),
            "configure TLS",
        )
    }
}
