//! R serialization straight into and out of NNG frames.
//!
//! `serialize(x, NULL)` in R grows a raw vector by reallocation (130 ms for
//! 100 MB here) and the raw vector is then copied into the message; here R's
//! serializer writes into the frame itself, reserving space geometrically,
//! and the unserializer reads from the received frame. Both run inside
//! `R_ToplevelExec`, so an R error (an unserializable object, a corrupt or
//! hostile frame) ends there instead of jumping over Rust frames. Must be
//! called on R's main thread.

use crate::plain_serial;
use crate::protocol::{self, FLAG_SHARED};
use crate::refhook;
use crate::serial_size;
use crate::shared::{SharedWriter, Sharing, SHARED_MIN};
use crate::toplevel;
use crate::transport::Frame;
use extendr_api::prelude::*;
use extendr_ffi::{
    R_NilValue, R_Serialize, R_Unserialize, R_inpstream_st, R_inpstream_t, R_outpstream_st,
    R_outpstream_t, R_pstream_format_t, SEXP,
};
use std::ffi::c_void;
use std::os::raw::c_int;
use std::sync::OnceLock;

// SEXP is an opaque pointer to R; extendr-ffi declares it as a pointer to a
// non-exhaustive struct, which the lint cannot see through.
#[allow(improper_ctypes)]
extern "C" {
    fn R_InitOutPStream(
        stream: R_outpstream_t,
        data: *mut c_void,
        format: R_pstream_format_t,
        version: c_int,
        outchar: Option<unsafe extern "C" fn(R_outpstream_t, c_int)>,
        outbytes: Option<unsafe extern "C" fn(R_outpstream_t, *mut c_void, c_int)>,
        hook: Option<unsafe extern "C" fn(SEXP, SEXP) -> SEXP>,
        pdata: SEXP,
    );
    fn R_InitInPStream(
        stream: R_inpstream_t,
        data: *mut c_void,
        format: R_pstream_format_t,
        inchar: Option<unsafe extern "C" fn(R_inpstream_t) -> c_int>,
        inbytes: Option<unsafe extern "C" fn(R_inpstream_t, *mut c_void, c_int)>,
        hook: Option<unsafe extern "C" fn(SEXP, SEXP) -> SEXP>,
        pdata: SEXP,
    );
}

/// Small objects are written to a growing buffer and copied once into an
/// exactly sized frame (a queued task then holds no slack); past
/// `SPILL_BYTES` the sink moves to a frame of its own, reserved for the
/// object's estimated size (`serial_size`), and appends there, so a large
/// object is copied once, not once per doubling of a growing frame.
const SPILL_BYTES: usize = 64 * 1024;

enum Sink {
    Small {
        prefix: Vec<u8>,
        buf: Vec<u8>,
        /// The object being serialized, for the estimate on spilling.
        object: SEXP,
        sharing: Sharing,
    },
    Large(Frame),
    /// Into a file in shared memory (`shared.rs`); the frame will carry
    /// `prefix` (a header) and the file's name.
    Shared {
        prefix: Vec<u8>,
        writer: SharedWriter,
        sharing: Sharing,
    },
    /// The shared file could not take the bytes: serialize again without.
    Failed(String),
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) {
        match self {
            Sink::Large(frame) => frame.append(bytes),
            Sink::Shared { writer, .. } => {
                if let Err(e) = writer.write(bytes) {
                    *self = Sink::Failed(format!("could not write to shared memory: {e}"));
                }
            }
            Sink::Failed(_) => {}
            Sink::Small {
                prefix,
                buf,
                object,
                sharing,
            } => {
                if buf.len() + bytes.len() <= SPILL_BYTES {
                    buf.extend_from_slice(bytes);
                    return;
                }
                // SAFETY: on R's main thread, inside the serialization of
                // `object`, which the caller keeps alive.
                let estimate = unsafe { serial_size::estimate(*object) };
                // Headroom for the header and what the estimate leaves out.
                let estimate = estimate.saturating_add(estimate / 64 + 4096);
                if *sharing != Sharing::Off && estimate >= SHARED_MIN {
                    if let Ok(writer) = SharedWriter::create(estimate) {
                        let prefix = std::mem::take(prefix);
                        let buf = std::mem::take(buf);
                        *self = Sink::Shared {
                            prefix,
                            writer,
                            sharing: *sharing,
                        };
                        self.write(&buf);
                        self.write(bytes);
                        return;
                    }
                }
                let written = prefix.len() + buf.len() + bytes.len();
                let mut frame = Frame::reserved(estimate.saturating_add(prefix.len()).max(written))
                    .unwrap_or_else(|| Frame::new(&[], &[]));
                for part in [&prefix[..], &buf[..], bytes] {
                    frame.append(part);
                }
                *self = Sink::Large(frame);
            }
        }
    }

    fn finish(self) -> std::result::Result<Frame, String> {
        match self {
            Sink::Small { prefix, buf, .. } => Ok(Frame::new(&prefix, &buf)),
            Sink::Large(frame) => Ok(frame),
            Sink::Shared {
                prefix,
                writer,
                sharing,
            } => {
                let header =
                    protocol::with_flag(&prefix, FLAG_SHARED, true).map_err(|e| e.to_string())?;
                let file = writer
                    .finish(sharing == Sharing::KeptBySender)
                    .map_err(|e| format!("could not write to shared memory: {e}"))?;
                Ok(Frame::shared(&header, file))
            }
            Sink::Failed(why) => Err(why),
        }
    }
}

unsafe extern "C" fn out_bytes(stream: R_outpstream_t, buf: *mut c_void, n: c_int) {
    // SAFETY: `data` is the Sink set up in `serialize`; R passes a valid
    // buffer of `n` bytes.
    let sink = &mut *((*stream).data as *mut Sink);
    sink.write(std::slice::from_raw_parts(
        buf as *const u8,
        n.max(0) as usize,
    ));
}

unsafe extern "C" fn out_char(stream: R_outpstream_t, c: c_int) {
    let byte = c as u8;
    out_bytes(stream, &byte as *const u8 as *mut c_void, 1);
}

struct SerializeJob {
    object: SEXP,
    writer: Sink,
    /// A serialization configuration (see `refhook`), or R's nil.
    config: SEXP,
}

/// The persistence hook for a configuration, if there is one.
type Hook = Option<unsafe extern "C" fn(SEXP, SEXP) -> SEXP>;

unsafe fn hook_for(config: SEXP, hook: unsafe extern "C" fn(SEXP, SEXP) -> SEXP) -> Hook {
    (config != R_NilValue).then_some(hook)
}

extern "C" fn serialize_body(data: *mut c_void) {
    // SAFETY: `data` is the SerializeJob of `serialize`, alive for this call.
    unsafe {
        let job = &mut *(data as *mut SerializeJob);
        let mut stream: R_outpstream_st = std::mem::zeroed();
        R_InitOutPStream(
            &mut stream,
            &mut job.writer as *mut Sink as *mut c_void,
            R_pstream_format_t::R_pstream_binary_format,
            3,
            Some(out_char),
            Some(out_bytes),
            hook_for(job.config, refhook::out_hook),
            job.config,
        );
        R_Serialize(job.object, &mut stream);
    }
}

/// A frame holding `prefix` then the serialization of `object` (R's native
/// binary format, version 3: what `serialize(x, NULL, xdr = FALSE)` makes).
/// With a serialization configuration (checked by
/// `refhook::check_config`), objects of its classes go through its `sfunc`
/// and the payload ends with `refhook`'s trailer. With `sharing`, a large
/// payload goes into shared memory (`prefix` must then be a whole header),
/// or into the frame if shared memory cannot take it.
pub fn serialize_with(
    object: &Robj,
    prefix: &[u8],
    config: Option<&Robj>,
    sharing: Sharing,
) -> std::result::Result<Frame, String> {
    if config.is_none() {
        if let Some(bytes) = plain(object) {
            return Ok(Frame::new(prefix, &bytes));
        }
    }
    match serialize_by_r(object, prefix, config, sharing) {
        Err(e) if sharing != Sharing::Off => {
            tracing::debug!("serializing again without shared memory: {e}");
            serialize_by_r(object, prefix, config, Sharing::Off)
        }
        done => done,
    }
}

/// `object`'s serialization when `plain_serial` can write it (a small task
/// or result, without a serialization configuration).
pub fn plain(object: &Robj) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(256);
    // SAFETY: on R's main thread; `object` is a live Robj.
    unsafe { plain_serial::serialize(object.get(), header(), &mut bytes) }.then_some(bytes)
}

/// What R writes before every serialization (format, versions, native
/// encoding): R's own serialization of NULL, less NULL's code.
fn header() -> &'static [u8] {
    static HEADER: OnceLock<Vec<u8>> = OnceLock::new();
    HEADER.get_or_init(|| {
        let null =
            serialize_by_r(&Robj::from(()), &[], None, Sharing::Off).expect("R serializes NULL");
        let bytes = null.as_slice();
        bytes[..bytes.len() - 4].to_vec()
    })
}

/// Through R's serializer: everything `plain_serial` leaves aside.
fn serialize_by_r(
    object: &Robj,
    prefix: &[u8],
    config: Option<&Robj>,
    sharing: Sharing,
) -> std::result::Result<Frame, String> {
    // SAFETY: `object` is a live Robj for the whole call.
    let sexp = unsafe { object.get() };
    let mut job = SerializeJob {
        object: sexp,
        writer: Sink::Small {
            prefix: prefix.to_vec(),
            buf: Vec::with_capacity(256),
            object: sexp,
            sharing,
        },
        // SAFETY: reading R's constant nil.
        config: config.map_or(unsafe { R_NilValue }, |c| unsafe { c.get() }),
    };
    let outer = refhook::begin_out();
    // SAFETY: on R's main thread; the job outlives the call.
    let ok = unsafe { toplevel::run(serialize_body, &mut job as *mut SerializeJob as *mut c_void) };
    let refs = refhook::end_out(outer);
    if let Some(e) = refs.error {
        return Err(e);
    }
    if !ok {
        return Err("the object could not be serialized".into());
    }
    if config.is_some() {
        refhook::write_trailer(&refs.blobs, |b| job.writer.write(b));
    }
    job.writer.finish()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// R asked for more bytes than the frame has: the result is garbage.
    overrun: bool,
}

unsafe extern "C" fn in_bytes(stream: R_inpstream_t, buf: *mut c_void, n: c_int) {
    // SAFETY: `data` is the Reader set up in `unserialize`; R passes a
    // writable buffer of `n` bytes.
    let r = &mut *((*stream).data as *mut Reader);
    let out = std::slice::from_raw_parts_mut(buf as *mut u8, n.max(0) as usize);
    let available = r.bytes.len() - r.at;
    let take = out.len().min(available);
    out[..take].copy_from_slice(&r.bytes[r.at..r.at + take]);
    r.at += take;
    if take < out.len() {
        // Cannot raise an R error from here (it would jump over this frame):
        // zeros make R stop soon enough, and the flag discards the result.
        out[take..].fill(0);
        r.overrun = true;
    }
}

unsafe extern "C" fn in_char(stream: R_inpstream_t) -> c_int {
    let mut byte = 0u8;
    in_bytes(stream, &mut byte as *mut u8 as *mut c_void, 1);
    byte as c_int
}

struct UnserializeJob<'a> {
    reader: Reader<'a>,
    result: SEXP,
    config: SEXP,
}

extern "C" fn unserialize_body(data: *mut c_void) {
    // SAFETY: `data` is the UnserializeJob of `unserialize`.
    unsafe {
        let job = &mut *(data as *mut UnserializeJob);
        let mut stream: R_inpstream_st = std::mem::zeroed();
        R_InitInPStream(
            &mut stream,
            &mut job.reader as *mut Reader as *mut c_void,
            R_pstream_format_t::R_pstream_any_format,
            Some(in_char),
            Some(in_bytes),
            hook_for(job.config, refhook::in_hook),
            job.config,
        );
        job.result = R_Unserialize(&mut stream);
    }
}

/// The R object serialized in `bytes`, or why it cannot be read.
pub fn unserialize(bytes: &[u8]) -> std::result::Result<Robj, String> {
    unserialize_with(bytes, None)
}

/// As `unserialize`, for a payload made by `serialize_with` with `config`.
pub fn unserialize_with(bytes: &[u8], config: Option<&Robj>) -> std::result::Result<Robj, String> {
    let (bytes, blobs) = match config {
        Some(_) => refhook::split_trailer(bytes)?,
        None => (bytes, Vec::new()),
    };
    if let Some(vector) = crate::hugepages::read_vector(bytes) {
        return Ok(vector);
    }
    let _blobs = refhook::InBlobs::set(&blobs);
    let mut job = UnserializeJob {
        reader: Reader {
            bytes,
            at: 0,
            overrun: false,
        },
        // SAFETY: reading R's constant nil.
        result: unsafe { R_NilValue },
        // SAFETY: as above.
        config: config.map_or(unsafe { R_NilValue }, |c| unsafe { c.get() }),
    };
    // SAFETY: on R's main thread; the job outlives the call.
    let ok = unsafe {
        toplevel::run(
            unserialize_body,
            &mut job as *mut UnserializeJob as *mut c_void,
        )
    };
    if !ok {
        return Err("the data could not be unserialized".into());
    }
    if job.reader.overrun {
        return Err(format!("the data is truncated ({} bytes)", bytes.len()));
    }
    // SAFETY: a fresh object from R_Unserialize; Robj protects it from here.
    Ok(unsafe { Robj::from_sexp(job.result) })
}
