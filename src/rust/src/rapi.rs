//! The R bindings: every function here runs on R's main thread, converts
//! between R values and plain Rust values, and turns failures into R errors.
//! Hosts live in a registry keyed by a small integer that R holds, so the
//! C-level wait loops (src/entrypoint.c) can reach them without R objects.

use crate::dispatcher::{task_header, Outcome};
use crate::host::Host;
use crate::http_launch;
use crate::launcher;
use crate::map_frames;
use crate::plain_serial;
use crate::promises;
use crate::refhook;
use crate::rserial;
use crate::rsubmit;
use crate::rtask::{self, TaskRef};
use crate::shared::Sharing;
use crate::toplevel;
use crate::transport::Frame;
use crate::worker::Worker;
use crate::workers_api;
use extendr_api::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

type Result<T> = extendr_api::Result<T>;

fn hosts() -> &'static Mutex<HashMap<i32, Arc<Host>>> {
    static HOSTS: OnceLock<Mutex<HashMap<i32, Arc<Host>>>> = OnceLock::new();
    HOSTS.get_or_init(|| Mutex::new(HashMap::new()))
}

fn host(h: i32) -> std::result::Result<Arc<Host>, String> {
    hosts()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&h)
        .cloned()
        .ok_or_else(|| {
            "daemons have been reset: this compute profile is no longer active".to_string()
        })
}

/// The bytes of a configuration a host sent, and the configuration decoded
/// from them (None: it could not be read).
type DecodedSerial = (Arc<Vec<u8>>, Option<Robj>);

thread_local! {
    /// Each host's serialization configuration (R objects: R's thread only).
    static HOST_SERIAL: RefCell<HashMap<i32, Robj>> = RefCell::new(HashMap::new());
    /// A daemon's configuration, decoded from the bytes its host sent.
    static DAEMON_SERIAL: RefCell<Option<DecodedSerial>> = const { RefCell::new(None) };
}

fn host_serial(h: i32) -> Option<Robj> {
    HOST_SERIAL.with(|m| {
        let m = m.borrow();
        // Most sessions have none: skip the lookup.
        if m.is_empty() {
            None
        } else {
            m.get(&h).cloned()
        }
    })
}

/// The configuration the host sent this daemon, decoded once per init.
fn daemon_serial(w: &Worker) -> Option<Robj> {
    let bytes = w.serial()?;
    DAEMON_SERIAL.with(|slot| {
        let mut slot = slot.borrow_mut();
        if let Some((seen, cfg)) = slot.as_ref() {
            if Arc::ptr_eq(seen, &bytes) {
                return cfg.clone();
            }
        }
        let cfg = rserial::unserialize(&bytes)
            .and_then(|cfg| refhook::check_config(&cfg).map(|_| cfg))
            .map_err(|e| tracing::warn!("ignored the host's serialization configuration: {e}"))
            .ok();
        *slot = Some((bytes, cfg.clone()));
        cfg
    })
}

static WORKER: Mutex<Option<Arc<Worker>>> = Mutex::new(None);

fn worker() -> std::result::Result<Arc<Worker>, String> {
    WORKER
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| "this process is not connected as a daemon".to_string())
}

/// Task ids are unique in the session, across compute profiles, like mirai's.
fn next_task_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Logs go to stderr when MIRAIRS_LOG names a level (error, warn, info, debug, trace).
#[extendr]
fn log_init() {
    let Ok(level) = std::env::var("MIRAIRS_LOG") else {
        return;
    };
    let Ok(level) = level.parse::<tracing::Level>() else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .try_init();
}

#[extendr]
fn local_socket_url() -> String {
    crate::transport::local_url()
}

/// NULL, or a character string, as an optional string.
fn optional_string(x: &Robj, what: &str) -> Result<Option<String>> {
    if x.is_null() {
        return Ok(None);
    }
    x.as_str()
        .map(|s| Some(s.to_string()))
        .ok_or_else(|| format!("'{what}' must be NULL or a character string").into())
}

/// Listens at `url`; for `tls+tcp://`, `tls` is NULL (a self-signed
/// certificate is made) or c(certificate, key) in PEM. A non-empty `secret`
/// is required of every daemon.
#[extendr]
fn host_listen(url: &str, tls: Robj, secret: Robj) -> Result<i32> {
    static NEXT: AtomicI32 = AtomicI32::new(1);
    let tls = if tls.is_null() {
        None
    } else {
        match tls.as_str_vector() {
            Some(v) if v.len() == 2 => Some((v[0].to_string(), v[1].to_string())),
            _ => return Err("'tls' must be NULL or c(certificate, key), both PEM text".into()),
        }
    };
    let secret = optional_string(&secret, "secret")?.filter(|s| !s.is_empty());
    let h = Host::listen(url, tls, secret)?;
    let key = NEXT.fetch_add(1, Ordering::Relaxed);
    hosts()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, Arc::new(h));
    Ok(key)
}

/// daemons(retries = k): a task whose daemon is lost mid-run is sent again
/// up to k times before it resolves to 19.
#[extendr]
fn host_set_retries(h: i32, retries: i32) -> Result<()> {
    host(h)?.set_retries(retries.max(0) as u32);
    Ok(())
}

/// The certificate daemons of a `tls+tcp://` host must trust, or NULL.
#[extendr]
fn host_tls_cert(h: i32) -> Result<Robj> {
    Ok(match host(h)?.tls_cert() {
        Some(cert) => cert.into(),
        None => ().into(), // NULL: extendr would make None an NA string
    })
}

#[extendr]
fn host_url(h: i32) -> Result<String> {
    Ok(host(h)?.url().to_string())
}

/// The url a daemon launched on this machine dials: a socket of its own
/// (see `Host::own_url`), or NULL for the profile's url.
#[extendr]
fn host_own_url(h: i32) -> Result<Nullable<String>> {
    Ok(match host(h)?.own_url()? {
        Some(url) => Nullable::NotNull(url),
        None => Nullable::Null,
    })
}

#[extendr]
fn host_launch(h: i32, rscript: &str, expr: &str, libs: &str, output: bool) -> Result<i32> {
    let host = host(h)?;
    let child = launcher::spawn(rscript, expr, libs, output, host.secret().as_deref())?;
    let pid = child.id() as i32;
    host.adopt(child);
    Ok(pid)
}

/// In a freshly started Rscript: forks it into one local daemon per call
/// (see `launcher::fork_daemons`); the child's number, or 0 in the parent.
#[extendr]
fn fork_daemons(calls: Vec<String>, rscript: &str) -> Result<i32> {
    Ok(launcher::fork_daemons(&calls, rscript)?)
}

/// What a mirai's finalizer does (see `rtask::TaskRef`): the host may drop
/// the task's outcome; a one-off daemon's host goes with its only task.
pub(crate) fn release_task(task: &TaskRef) {
    if let Ok(host) = host(task.h) {
        host.forget(task.id);
        if task.own {
            host.close(Duration::from_secs(2));
        }
        unregister_if_drained(task.h, &host);
    }
}

/// A new task pointer for R (see `rtask::new_pointer`).
fn task_ref(h: i32, id: u64, own: bool) -> Robj {
    // SAFETY: a fresh R object, handed straight to extendr's protection.
    unsafe { Robj::from_sexp(rtask::new_pointer(TaskRef { h, id, own })) }
}

/// Task `id`'s frame: `data` (the task list) serialized straight into it,
/// through the host's serialization configuration if it has one.
fn task_frame(host: &Host, h: i32, id: u64, data: &Robj) -> Result<Frame> {
    let cfg = host_serial(h);
    rserial::serialize_with(data, &task_header(id, false), cfg.as_ref(), host.sharing())
        .map_err(|e| format!("the task could not be sent: {e}").into())
}

fn timeout(timeout_ms: f64) -> Option<Duration> {
    (timeout_ms.is_finite() && timeout_ms >= 0.0)
        .then(|| Duration::from_micros((timeout_ms * 1000.0) as u64))
}

/// Submits `data` (the task list); `own`: this host exists for this task alone.
#[extendr]
pub(crate) fn host_submit(h: i32, data: Robj, timeout_ms: f64, own: bool) -> Result<Robj> {
    let host = host(h)?;
    let id = next_task_id();
    let frame = task_frame(&host, h, id, &data)?;
    host.submit(id, frame, timeout(timeout_ms));
    Ok(task_ref(h, id, own))
}

/// A 'mirai' holding `task` (see `rtask::new_mirai`).
#[extendr]
fn new_mirai(task: Robj) -> Robj {
    // SAFETY: `task` is protected by its Robj; the mirai is a fresh object.
    unsafe { Robj::from_sexp(rtask::new_mirai(task.get())) }
}

/// The serialization `plain_serial` writes for `x`, or NULL where R's
/// serializer is used instead: for the tests, which compare it with R's.
#[extendr]
fn plain_serialize(x: Robj) -> Robj {
    rserial::plain(&x).map_or_else(|| ().into(), |bytes| Raw::from_bytes(&bytes).into())
}

/// mirai_map(): one task per element of `xs`, each the task list
/// `template` with its element in the place of `marker` (see
/// map_frames.rs), submitted through compute profile `profile`; a list of
/// their mirai. NULL, with nothing submitted, when the profile does not
/// submit tasks as they are (see `plain_profile`), an element is not
/// self-contained or the host has a serialization configuration (whose
/// trailer is per task): the caller then submits each task as a mirai().
#[extendr]
fn host_submit_map(profile: Robj, template: Robj, marker: Robj, xs: List) -> Result<Robj> {
    // SAFETY: `profile` is protected by R for this call.
    let Some(h) = rsubmit::plain_profile(unsafe { profile.get() }) else {
        return Ok(().into());
    };
    let host = host(h)?;
    if host_serial(h).is_some() {
        return Ok(().into());
    }
    let task = rserial::serialize_with(&template, &[], None, Sharing::Off)
        .map_err(|e| format!("the task could not be sent: {e}"))?;
    // Every element's item, one after another, before anything is sent.
    let (mut marker_item, mut items, mut ranges) = (Vec::new(), Vec::new(), Vec::new());
    // SAFETY: on R's main thread; `marker` and `xs` are protected by R for
    // this call, and so are the elements of `xs`.
    let all = unsafe {
        plain_serial::self_contained_item(marker.get(), &mut marker_item)
            && (0..xs.len()).all(|i| {
                let start = items.len();
                let x = extendr_ffi::VECTOR_ELT(xs.get(), i as isize);
                let ok = plain_serial::self_contained_item(x, &mut items);
                ranges.push(start..items.len());
                ok
            })
    };
    let template = map_frames::split_at_marker(task.as_slice(), &marker_item);
    let (true, Some(template)) = (all, template) else {
        return Ok(().into());
    };
    let mirai = ranges.into_iter().map(|item| {
        let id = next_task_id();
        let header = task_header(id, false);
        host.submit(
            id,
            Frame::from_parts(&[&header, template.before, &items[item], template.after]),
            None,
        );
        new_mirai(task_ref(h, id, false))
    });
    Ok(List::from_values(mirai).into())
}

/// Submits under `daemons(memory = )`: the task when the queue has room for
/// it; otherwise NULL (`wait` FALSE, for try_mirai()) or, with `wait`, once
/// room is made (interruptibly: -2L on interrupt).
#[extendr]
fn host_submit_bounded(h: i32, data: Robj, timeout_ms: f64, wait: bool) -> Result<Robj> {
    let host = host(h)?;
    let id = next_task_id();
    let mut frame = task_frame(&host, h, id, &data)?;
    loop {
        match host.try_submit(id, frame, timeout(timeout_ms)) {
            Ok(()) => return Ok(task_ref(h, id, false)),
            Err(back) => frame = back,
        }
        if !wait {
            return Ok(().into());
        }
        let bytes = frame.weight();
        if wait_interruptibly(-1.0, |slice| host.wait_room(bytes, slice) as i32) == -2 {
            return Ok((-2i32).into());
        }
    }
}

/// daemons(memory = ): the cap, in bytes, on queued task frames (NA: none).
#[extendr]
fn host_set_memory(h: i32, bytes: f64) -> Result<()> {
    let cap = (bytes.is_finite() && bytes >= 0.0).then_some(bytes as usize);
    host(h)?.set_capacity(cap);
    Ok(())
}

/// c(used, peak, capacity) in bytes; capacity NA when unbounded.
#[extendr]
fn host_memory(h: i32) -> Result<Doubles> {
    let m = host(h)?.memory();
    let capacity = m.capacity.map_or(Rfloat::na(), |c| (c as f64).into());
    Ok(Doubles::from_values([
        Rfloat::from(m.used as f64),
        Rfloat::from(m.peak as f64),
        capacity,
    ]))
}

/// daemons(serial = ): `config` (checked) for this host's own serializations,
/// and `bytes`, its R serialization, for the daemons' init frames.
#[extendr]
fn host_set_serial(h: i32, config: Robj, bytes: Raw) -> Result<()> {
    let host = host(h)?;
    refhook::check_config(&config)?;
    host.set_serial(Some(bytes.as_slice().to_vec()));
    HOST_SERIAL.with(|m| m.borrow_mut().insert(h, config));
    Ok(())
}

#[extendr]
fn host_everywhere(h: i32, data: Robj) -> Result<List> {
    let host = host(h)?;
    let payload = rserial::serialize_with(&data, &[], host_serial(h).as_ref(), Sharing::Off)
        .map_err(|e| format!("the task could not be sent: {e}"))?;
    let ids = host.submit_everywhere(payload.as_slice(), next_task_id);
    Ok(List::from_values(
        ids.into_iter().map(|id| task_ref(h, id, false)),
    ))
}

/// The value of mirai `m` (its environment), kept there once taken: with
/// `wait`, waiting for it (interruptibly: `interrupted` is returned on
/// Ctrl-C); without, `pending` while unresolved. One call per mirai, as
/// `m[]`, `m$data` and collecting a list of 10,000 mirai are hot paths.
#[extendr]
fn mirai_value(m: Environment, wait: bool, pending: Robj, interrupted: Robj) -> Result<Robj> {
    if m.local(sym!(done))?.as_bool() == Some(true) {
        return m.local(sym!(value));
    }
    let pointer = m.local(sym!(task))?;
    let task = rtask::task_of(&pointer)?;
    if wait && await_task(&*host(task.h)?, task.id, -1.0) == -2 {
        return Ok(interrupted);
    }
    let value = take_outcome(task, pending.clone())?;
    if !identical(&value, &pending) {
        m.set_local(sym!(value), value.clone());
        m.set_local(sym!(done), true);
    }
    Ok(value)
}

/// Whether `a` and `b` are the same R object (not merely equal).
fn identical(a: &Robj, b: &Robj) -> bool {
    // SAFETY: comparing two SEXP pointers.
    unsafe { a.get() == b.get() }
}

/// The outcome of a finished task: its value, an 'errorValue' integer, or a
/// 'miraiError' when the reply cannot be read; `pending` while unresolved.
fn take_outcome(task: &TaskRef, pending: Robj) -> Result<Robj> {
    let host = host(task.h)?;
    let outcome = host.take(task.id);
    if outcome.is_some() && task.own {
        host.close(Duration::from_secs(2));
    }
    unregister_if_drained(task.h, &host);
    Ok(match outcome {
        Some(Outcome::Value { frame, offset }) => {
            let cfg = host_serial(task.h);
            match frame
                .payload(offset)
                .and_then(|bytes| rserial::unserialize_with(bytes, cfg.as_ref()))
            {
                Ok(value) => value,
                Err(e) => mirai_error(&format!("the result could not be read: {e}"))?,
            }
        }
        Some(Outcome::Error(code)) => {
            let mut value: Robj = code.into();
            value.set_class(["errorValue", "try-error"])?;
            value
        }
        None => pending,
    })
}

/// A 'miraiError' made on this side (the daemon's reply was unreadable).
fn mirai_error(message: &str) -> Result<Robj> {
    let mut value: Robj = format!("Error: {message}").into();
    value.set_attrib("message", message)?;
    value.set_class(["miraiError", "errorValue", "try-error"])?;
    Ok(value)
}

/// Arranges for `miraiRs:::settle_promise(mirai)` to run on R's main thread
/// (through later's event loop) once the task finishes. FALSE if it already has.
#[extendr]
fn task_on_done(task: Robj, mirai: Robj) -> Result<bool> {
    let task = rtask::task_of(&task)?;
    let host = host(task.h)?;
    if host.is_done(task.id) != Some(false) {
        return Ok(false);
    }
    // SAFETY: `mirai` is alive for this call; `settler` preserves it.
    let sexp = unsafe { mirai.get() };
    let callback = promises::settler(sexp)?;
    let watching = host.on_done(task.id, callback);
    if !watching {
        promises::release(sexp); // finished in between: the caller settles now
    }
    Ok(watching)
}

#[extendr]
fn task_cancel(task: Robj) -> bool {
    let Ok(task) = rtask::task_of(&task) else {
        return false;
    };
    host(task.h).is_ok_and(|host| host.cancel(task.id, crate::dispatcher::CANCELLED))
}

#[extendr]
fn host_counts(h: i32) -> Result<List> {
    let c = host(h)?.counts();
    Ok(list!(
        connections = c.connections as i32,
        awaiting = c.awaiting as i32,
        executing = c.executing as i32,
        completed = c.completed as f64,
        cumulative = c.connected_total as f64,
        disconnected = c.disconnected_total as f64,
        cancelled = c.cancelled as f64
    ))
}

/// daemons(0). The host stays registered, closed, until every outcome it
/// still holds has been collected or forgotten.
#[extendr]
fn host_close(h: i32) {
    if let Ok(host) = host(h) {
        host.close(Duration::from_secs(2));
        unregister_if_drained(h, &host);
    }
}

fn unregister_if_drained(h: i32, host: &Host) {
    if host.is_closed_and_drained() {
        hosts().lock().unwrap_or_else(|e| e.into_inner()).remove(&h);
        HOST_SERIAL.with(|m| m.borrow_mut().remove(&h));
    }
}

#[extendr]
fn worker_connect(
    url: &str,
    r_version: &str,
    autoexit: bool,
    tlscert: Robj,
    secret: Robj,
) -> Result<()> {
    let cert = optional_string(&tlscert, "tlscert")?;
    let secret = optional_string(&secret, "secret")?.filter(|s| !s.is_empty());
    let w = Worker::connect(url, r_version, autoexit, cert.as_deref(), secret)?;
    if let Some(old) = WORKER
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .replace(Arc::new(w))
    {
        old.close();
    }
    Ok(())
}

/// list(persist, task) for the next task (task: the unserialized task list,
/// or a message saying why it could not be read), NULL if none yet, or a
/// character string saying why the daemon must stop.
#[extendr]
fn worker_take() -> Result<Robj> {
    let w = worker()?;
    Ok(match w.take() {
        Ok(Some(task)) => {
            let cfg = daemon_serial(&w);
            let data = task
                .payload()
                .and_then(|bytes| rserial::unserialize_with(bytes, cfg.as_ref()))
                .unwrap_or_else(|e| e.into());
            list!(persist = task.persist, task = data).into()
        }
        Ok(None) => ().into(),
        Err(why) => why.into(),
    })
}

/// Sends `value` as the running task's result. FALSE when it cannot be
/// serialized (the caller then sends an error in its place).
#[extendr]
fn worker_reply(value: Robj, last: bool) -> Result<bool> {
    let w = worker()?;
    let Some(id) = w.running() else {
        return Ok(true);
    };
    let cfg = daemon_serial(&w);
    match rserial::serialize_with(
        &value,
        &w.result_header(id, last),
        cfg.as_ref(),
        w.sharing(),
    ) {
        Ok(frame) => {
            w.reply(frame, last);
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// Removes `names` from the global environment: what a task left behind
/// (`cleanup`). rm() costs ~7 us a call, a third of a tiny task's share.
#[extendr]
fn remove_globals(names: Strings) {
    for name in names.iter() {
        let symbol = Symbol::from_string(&**name);
        // SAFETY: called from R on its main thread; R interns the symbol and
        // removing an absent name is a no-op.
        unsafe { R_removeVarFromFrame(symbol.get(), extendr_ffi::R_GlobalEnv) }
    }
}

#[extendr]
fn worker_close() {
    let Some(w) = WORKER.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return;
    };
    // The daemon is leaving: it waits at most a second for NNG's close.
    crate::transport::close_within(Duration::from_secs(1), move || {
        w.close();
        drop(w);
    });
}

/// Waits in slices until `ready` says 1 (done) or -1 (nothing to wait for),
/// or until `timeout_ms` (negative: forever) has passed (0). Between slices it
/// checks for a user interrupt inside `R_ToplevelExec`, so Ctrl-C never
/// longjmps over Rust frames; an interrupt gives -2 and the R caller raises it.
fn wait_interruptibly(timeout_ms: f64, mut ready: impl FnMut(Duration) -> i32) -> i32 {
    const SLICE: Duration = Duration::from_millis(100);
    let deadline = (timeout_ms.is_finite() && timeout_ms >= 0.0)
        .then(|| Instant::now() + Duration::from_micros((timeout_ms * 1000.0) as u64));
    loop {
        let slice = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return ready(Duration::ZERO);
                }
                left.min(SLICE)
            }
            None => SLICE,
        };
        let r = ready(slice);
        if r != 0 {
            return r;
        }
        if interrupted() {
            return -2;
        }
    }
}

extern "C" {
    fn R_CheckUserInterrupt();
}

// SEXP is an opaque pointer to R, as for the declarations extendr-ffi makes.
#[allow(improper_ctypes)]
extern "C" {
    // In R's API since 4.1; extendr-ffi does not declare it.
    fn R_removeVarFromFrame(symbol: extendr_ffi::SEXP, env: extendr_ffi::SEXP);
    // In R's API; extendr-ffi does not declare the first, and the second
    // only for R versions that no longer have it in the API.
    fn R_existsVarInFrame(
        env: extendr_ffi::SEXP,
        symbol: extendr_ffi::SEXP,
    ) -> extendr_ffi::Rboolean;
    fn ENCLOS(env: extendr_ffi::SEXP) -> extendr_ffi::SEXP;
}

/// Whether `symbol` is bound in `env` or an environment it encloses in, as
/// `exists()` finds it: without forcing a promise or running an active
/// binding. `mirai()` asks it of a symbol given as `.expr`, at half the
/// cost of `exists()`.
#[extendr]
fn is_bound(symbol: Robj, env: Robj) -> bool {
    if !symbol.is_symbol() || !env.is_environment() {
        return false;
    }
    // SAFETY: walks R's environments on R's main thread; neither call allocates.
    unsafe {
        let mut rho = env.get();
        while rho != extendr_ffi::R_EmptyEnv {
            if R_existsVarInFrame(rho, symbol.get()) != extendr_ffi::Rboolean::FALSE {
                return true;
            }
            rho = ENCLOS(rho);
        }
    }
    false
}

extern "C" fn check_interrupt(_: *mut c_void) {
    // SAFETY: runs inside R_ToplevelExec on R's main thread, which catches
    // the longjmp an interrupt makes.
    unsafe { R_CheckUserInterrupt() }
}

fn interrupted() -> bool {
    // SAFETY: called on R's main thread from an R-called function.
    unsafe { !toplevel::run(check_interrupt, std::ptr::null_mut()) }
}

/// 1 when the task is done, 0 on timeout, -1 for an unknown task, -2 on interrupt.
#[extendr]
fn task_await(task: Robj, timeout_ms: f64) -> Result<i32> {
    let task = rtask::task_of(&task)?;
    Ok(await_task(&*host(task.h)?, task.id, timeout_ms))
}

/// Waits for task `id` as `wait_interruptibly` does: 1 finished, -1 unknown,
/// 0 timed out, -2 interrupted.
fn await_task(host: &Host, id: u64, timeout_ms: f64) -> i32 {
    wait_interruptibly(timeout_ms, |slice| match host.wait(id, slice) {
        Some(true) => 1,
        Some(false) => 0,
        None => -1,
    })
}

/// The 1-based position in `tasks` of the first finished task, waiting for
/// one to finish; 0 on timeout, -2 on interrupt. All must share one host.
#[extendr]
fn tasks_race(tasks: List, timeout_ms: f64) -> Result<i32> {
    let mut refs = Vec::with_capacity(tasks.len());
    for (_, robj) in tasks.iter() {
        let task = rtask::task_of(&robj)?;
        refs.push((task.h, task.id));
    }
    let Some(&(h, _)) = refs.first() else {
        return Ok(0);
    };
    if refs.iter().any(|&(other, _)| other != h) {
        return Err("all mirai in 'x' must belong to the same compute profile".into());
    }
    let host = host(h)?;
    let ids: Vec<u64> = refs.iter().map(|&(_, id)| id).collect();
    let mut found = 0;
    let r = wait_interruptibly(timeout_ms, |slice| match host.wait_any(&ids, slice) {
        Some(i) => {
            found = i as i32 + 1;
            1
        }
        None => 0,
    });
    Ok(if r == 1 { found } else { r })
}

/// 1 when a task (or the order to stop) is there, 0 on timeout, -2 on interrupt.
#[extendr]
fn worker_await(timeout_ms: f64) -> Result<i32> {
    let w = worker()?;
    Ok(wait_interruptibly(timeout_ms, |slice| w.wait(slice) as i32))
}

extendr_module! {
    mod miraiRs;
    use workers_api;
    use http_launch;
    fn log_init;
    fn local_socket_url;
    fn host_listen;
    fn host_url;
    fn host_own_url;
    fn host_tls_cert;
    fn host_set_retries;
    fn host_launch;
    fn fork_daemons;
    fn host_submit;
    use rsubmit;
    fn new_mirai;
    fn host_submit_bounded;
    fn host_submit_map;
    fn plain_serialize;
    fn host_set_memory;
    fn host_memory;
    fn host_set_serial;
    fn host_everywhere;
    fn mirai_value;
    fn task_cancel;
    fn task_on_done;
    fn tasks_race;
    fn task_await;
    fn host_counts;
    fn host_close;
    fn worker_connect;
    fn worker_take;
    fn worker_reply;
    fn worker_close;
    fn remove_globals;
    fn is_bound;
    fn worker_await;
}
