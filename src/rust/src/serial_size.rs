//! A quick estimate of the size of an R object's serialization, so that a
//! large payload's frame is reserved once instead of doubling as R's
//! serializer writes: each doubling copied the bytes so far and faulted in
//! fresh pages (for 100 MB, 124 MB copied and 252 MB touched in all).
//!
//! Only the bulk of data is counted: atomic vectors, character vectors
//! (from a sample of their strings), lists and attributes. A low estimate
//! costs what not estimating did (the frame grows); a high one only reserves
//! address space, since pages never written are never touched.

use crate::plain_serial::{atomic_width, ATTRIB};
use extendr_ffi::{
    R_NilValue, ALTREP, CAR, CDR, LENGTH, SEXP, SEXPTYPE, STRING_ELT, TYPEOF, VECTOR_ELT, XLENGTH,
};

/// Objects visited at most: a list of a million small lists is estimated
/// from its first ones rather than walked in full.
const VISITS: usize = 10_000;
/// Strings read at most per character vector; the rest are extrapolated.
const STRING_SAMPLE: isize = 1_000;
/// What R writes around each object (flags and length), for the rest.
const ITEM: usize = 8;

/// The estimated size of `x`'s serialization, in bytes.
///
/// # Safety
/// On R's main thread, with `x` a valid, protected object.
pub unsafe fn estimate(x: SEXP) -> usize {
    let mut total = 0usize;
    let mut todo = vec![x];
    let mut visits = 0;
    while let Some(x) = todo.pop() {
        visits += 1;
        if visits > VISITS {
            break;
        }
        total = total.saturating_add(ITEM + own_bytes(x));
        let attributes = ATTRIB(x);
        if attributes != R_NilValue {
            todo.push(attributes);
        }
        match TYPEOF(x) {
            SEXPTYPE::VECSXP | SEXPTYPE::EXPRSXP if ALTREP(x) == 0 => {
                // Last pushed, first popped: the list is walked in order,
                // as far as the visits left allow.
                let room = (VISITS - visits) as isize;
                for i in (0..XLENGTH(x).min(room)).rev() {
                    todo.push(VECTOR_ELT(x, i));
                }
            }
            SEXPTYPE::LISTSXP => {
                todo.push(CDR(x));
                todo.push(CAR(x));
            }
            _ => {}
        }
    }
    total
}

/// The bytes of `x`'s own data, without its elements or attributes.
/// (XLENGTH only on vectors: on anything else R raises an error.)
unsafe fn own_bytes(x: SEXP) -> usize {
    let width = match TYPEOF(x) {
        // A deferred string vector (ALTREP) would be made real by reading
        // its strings: count its numbers instead.
        SEXPTYPE::STRSXP if ALTREP(x) != 0 => 8,
        SEXPTYPE::STRSXP => return strings_bytes(x),
        kind => match atomic_width(kind) {
            Some(width) => width,
            None => return 0,
        },
    };
    width * XLENGTH(x).max(0) as usize
}

/// Each string: its flags, length and characters.
unsafe fn strings_bytes(x: SEXP) -> usize {
    let n = XLENGTH(x).max(0);
    let step = (n / STRING_SAMPLE).max(1);
    let (mut read, mut bytes) = (0usize, 0usize);
    let mut i = 0;
    while i < n {
        bytes += ITEM + LENGTH(STRING_ELT(x, i)).max(0) as usize;
        read += 1;
        i += step;
    }
    if read == 0 {
        return 0;
    }
    // An eighth over: a little more costs nothing, a little less a copy.
    (bytes as f64 / read as f64 * n as f64 * 1.125) as usize
}
