//! Transparent huge pages for large buffers.
//!
//! Where the kernel gives huge pages only on request (`madvise`, the usual
//! setting), fresh memory is faulted in 4 KiB pages, each zeroed on first
//! touch: filling a fresh 100 MB R vector took 0.09 s here, 0.05 s with
//! 2 MiB pages. Large frames are advised as they are made (`transport.rs`);
//! daemons ask glibc for huge pages at start (`launcher.rs`); and the
//! session, whose allocator we do not start, reads a payload that is one
//! large plain vector into a vector advised here (`read_vector`), instead
//! of through `R_Unserialize`.

use extendr_api::prelude::*;
use extendr_ffi::{
    R_NilValue, Rf_allocVector, Rf_setAttrib, CAR, CDR, COMPLEX, INTEGER, LOGICAL, RAW, REAL,
    SEXPTYPE, TAG, TYPEOF,
};
use std::ffi::c_void;

const HUGE_PAGE: usize = 2 << 20;

/// Bits of a serialized item's flags (R's serialize.c).
const OBJECT: i32 = 1 << 8;
const ATTRIBUTES: i32 = 1 << 9;

/// Payloads from this size on are worth reading here.
const MIN_VECTOR_BYTES: usize = 4 << 20;

/// Advises huge pages for the whole 2 MiB pages within `start..end`, which
/// must be memory of one allocation not touched yet (the kernel ignores the
/// advice where it cannot follow it).
pub fn advise(start: usize, end: usize) {
    let from = (start + HUGE_PAGE - 1) & !(HUGE_PAGE - 1);
    let to = end & !(HUGE_PAGE - 1);
    if to > from {
        // SAFETY: advice only, on whole pages of memory the caller owns.
        unsafe {
            libc::madvise(from as *mut c_void, to - from, libc::MADV_HUGEPAGE);
        }
    }
}

/// A native-endian int of R's binary serialization at `*at`, moving past it.
fn int(bytes: &[u8], at: &mut usize) -> Option<i32> {
    let b = bytes.get(*at..*at + 4)?;
    *at += 4;
    Some(i32::from_ne_bytes(b.try_into().ok()?))
}

/// The vector that `bytes` (R's native binary serialization, version 3)
/// holds, when it holds just one large atomic vector: logical, integer,
/// double, complex or raw, with its attributes (a matrix, names, a class).
/// None for anything else, which R's unserializer reads as before.
pub fn read_vector(bytes: &[u8]) -> Option<Robj> {
    if bytes.len() < MIN_VECTOR_BYTES || !bytes.starts_with(b"B\n") {
        return None;
    }
    let mut at = 2;
    // Format version 3: R's version, the oldest that reads it, the encoding.
    if int(bytes, &mut at)? != 3 {
        return None;
    }
    at += 8;
    let encoding = usize::try_from(int(bytes, &mut at)?).ok()?;
    at += encoding;
    let header = at;
    // The item's flags: its type in the low byte, then whether it is an
    // object and has attributes; a tag or levels (gp bits) are left to R.
    let flags = int(bytes, &mut at)?;
    if flags & !(0xFF | OBJECT | ATTRIBUTES) != 0 {
        return None;
    }
    let (kind, width) = match flags & 0xFF {
        10 => (SEXPTYPE::LGLSXP, 4),
        13 => (SEXPTYPE::INTSXP, 4),
        14 => (SEXPTYPE::REALSXP, 8),
        15 => (SEXPTYPE::CPLXSXP, 16),
        24 => (SEXPTYPE::RAWSXP, 1),
        _ => return None,
    };
    let length = match int(bytes, &mut at)? {
        // A long vector: -1, then the length's upper and lower 32 bits.
        -1 => {
            let upper = u64::from(int(bytes, &mut at)? as u32);
            let lower = u64::from(int(bytes, &mut at)? as u32);
            usize::try_from((upper << 32) | lower).ok()?
        }
        n => usize::try_from(n).ok()?,
    };
    let data = bytes.get(at..at.checked_add(length.checked_mul(width)?)?)?;
    // The attributes follow the data, as a pairlist; nothing else may.
    let rest = &bytes[at + data.len()..];
    if rest.is_empty() == (flags & ATTRIBUTES != 0) {
        return None;
    }
    // SAFETY: on R's main thread; the fresh vector's data is `data.len()`
    // bytes that nothing has touched yet, advised, then filled; Robj
    // protects the vector from here.
    unsafe {
        let x = Robj::from_sexp(Rf_allocVector(kind, length as isize));
        let target: *mut u8 = match kind {
            SEXPTYPE::LGLSXP => LOGICAL(x.get()).cast(),
            SEXPTYPE::INTSXP => INTEGER(x.get()).cast(),
            SEXPTYPE::REALSXP => REAL(x.get()).cast(),
            SEXPTYPE::CPLXSXP => COMPLEX(x.get()).cast(),
            _ => RAW(x.get()),
        };
        advise(target as usize, target as usize + data.len());
        std::ptr::copy_nonoverlapping(data.as_ptr(), target, data.len());
        if !rest.is_empty() {
            set_attributes(&x, &bytes[..header], rest)?;
        }
        Some(x)
    }
}

/// Sets on `x` the attributes serialized in `pairlist`. The vector before
/// them adds nothing to the serialization's reference table, so they read
/// as a serialization of their own behind the same `header`.
fn set_attributes(x: &Robj, header: &[u8], pairlist: &[u8]) -> Option<()> {
    let attributes = crate::rserial::unserialize(&[header, pairlist].concat()).ok()?;
    // SAFETY: on R's main thread; both objects are protected by their Robj,
    // and the pairlist's cells by the pairlist. Setting an attribute may
    // allocate (a class sets the object bit, dim is checked against the
    // length), as for any R object.
    unsafe {
        let mut cell = attributes.get();
        if TYPEOF(cell) != SEXPTYPE::LISTSXP {
            return None;
        }
        while cell != R_NilValue {
            Rf_setAttrib(x.get(), TAG(cell), CAR(cell));
            cell = CDR(cell);
        }
    }
    Some(())
}
