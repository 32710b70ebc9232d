//! The task payloads of a map from two serializations instead of one per
//! element: `mirai_map()` sends the same task (expression, globals, `.f`,
//! `.args`) for every element but `.x`. Each call of R's serializer costs a
//! fresh reference table (a 1,099-slot list, ~9 KB, then garbage), which
//! was most of a small task's serialization.
//!
//! The task is serialized once with a marker in the place of `.x`, and the
//! elements once, as one list. An element that is a plain vector (atomic,
//! no attributes) is written by R as a self-contained item that neither
//! refers back to nor adds to the reference table, so its bytes can stand
//! in for the marker's: task bytes before the marker, the element's item,
//! task bytes after. What arrives is exactly what serializing each task
//! would have made, so daemons need nothing new.

use extendr_ffi::{
    R_NaString, ALTREP, LENGTH, SEXP, SEXPTYPE, STRING_ELT, TYPEOF, VECTOR_ELT, XLENGTH,
};
use std::ops::Range;

// SEXP is an opaque pointer to R (see rserial.rs).
#[allow(improper_ctypes)]
extern "C" {
    fn ATTRIB(x: SEXP) -> SEXP;
}

/// The item of a serialization of one object: what follows the header.
pub fn item_of(serialized: &[u8]) -> Option<&[u8]> {
    serialized.get(header_length(serialized)?..)
}

/// The task's serialization around its marker: the bytes before and after.
pub struct Template<'a> {
    pub before: &'a [u8],
    pub after: &'a [u8],
}

/// Splits `task` (a serialization) at the one place holding the serialized
/// `marker` item; None unless it occurs exactly once.
pub fn split_at_marker<'a>(task: &'a [u8], marker: &[u8]) -> Option<Template<'a>> {
    let mut found = task
        .windows(marker.len())
        .enumerate()
        .filter(|(_, w)| *w == marker)
        .map(|(i, _)| i);
    let at = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some(Template {
        before: &task[..at],
        after: &task[at + marker.len()..],
    })
}

/// The byte range of each element's item in `list`, the serialization (R's
/// binary format) of the list `xs`, which has no attributes; None if an
/// element is not a plain vector or the bytes do not add up as expected.
///
/// # Safety
/// On R's main thread, with `xs` a valid, protected list.
pub unsafe fn element_items(list: &[u8], xs: SEXP) -> Option<Vec<Range<usize>>> {
    let n = XLENGTH(xs).max(0) as usize;
    let mut at = header_length(list)?;
    // The list's own flags and length.
    at += 4 + length_bytes(n);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let x = VECTOR_ELT(xs, i as isize);
        let len = plain_item_length(x)?;
        let item = at..at.checked_add(len)?;
        // The item's flags start with its type: a check on the arithmetic.
        if *list.get(item.start)? != TYPEOF(x) as u8 || item.end > list.len() {
            return None;
        }
        items.push(item.clone());
        at = item.end;
    }
    (at == list.len()).then_some(items)
}

/// The length of the serialization header (binary format, version 3):
/// "B\n", three integers (versions), then the native encoding's name.
fn header_length(bytes: &[u8]) -> Option<usize> {
    if bytes.get(..2)? != b"B\n" || int_at(bytes, 2)? != 3 {
        return None;
    }
    let name = usize::try_from(int_at(bytes, 14)?).ok()?;
    Some(18 + name)
}

fn int_at(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A vector's length field: a long vector's is -1 and then two integers.
fn length_bytes(n: usize) -> usize {
    if n > i32::MAX as usize {
        12
    } else {
        4
    }
}

/// The serialized length of `x` if it is a plain vector: atomic, without
/// attributes and not ALTREP (which R may write as a class and state).
unsafe fn plain_item_length(x: SEXP) -> Option<usize> {
    if ATTRIB(x) != extendr_ffi::R_NilValue || ALTREP(x) != 0 {
        return None;
    }
    let width = match TYPEOF(x) {
        SEXPTYPE::RAWSXP => 1,
        SEXPTYPE::LGLSXP | SEXPTYPE::INTSXP => 4,
        SEXPTYPE::REALSXP => 8,
        SEXPTYPE::CPLXSXP => 16,
        SEXPTYPE::STRSXP => return Some(strings_item_length(x)),
        _ => return None,
    };
    let n = XLENGTH(x) as usize;
    Some(4 + length_bytes(n) + width * n)
}

/// Flags and length, then each string: flags, then -1 for NA or its length
/// and bytes.
unsafe fn strings_item_length(x: SEXP) -> usize {
    let n = XLENGTH(x) as usize;
    let mut len = 4 + length_bytes(n);
    for i in 0..n {
        let s = STRING_ELT(x, i as isize);
        len += 8;
        if s != R_NaString {
            len += LENGTH(s) as usize;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_must_occur_exactly_once() {
        let t = split_at_marker(b"abcXYZdef", b"XYZ").unwrap();
        assert_eq!((t.before, t.after), (&b"abc"[..], &b"def"[..]));
        assert!(split_at_marker(b"abcdef", b"XYZ").is_none());
        assert!(split_at_marker(b"XYZabcXYZ", b"XYZ").is_none());
    }

    #[test]
    fn the_header_is_read_from_its_encoding_name() {
        let mut h = b"B\n".to_vec();
        for v in [3i32, 0x040202, 0x030500, 5] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        h.extend_from_slice(b"UTF-8");
        assert_eq!(header_length(&h), Some(h.len()));
        h[2] = 2; // version 2 has no encoding name
        assert_eq!(header_length(&h), None);
        assert_eq!(header_length(b"X\n"), None);
    }
}
