//! The task payloads of a map from one serialization of the task instead
//! of one per element: `mirai_map()` sends the same task (expression,
//! globals, `.f`, `.args`) for every element but `.x`. Each call of R's
//! serializer costs a fresh reference table (a 1,099-slot list, ~9 KB, then
//! garbage), which was most of a small task's serialization.
//!
//! The task is serialized once with a marker in the place of `.x`. An
//! element whose item `plain_serial` writes without a symbol neither refers
//! back to nor adds to the reference table, so its bytes can stand in for
//! the marker's: task bytes before the marker, the element's item, task
//! bytes after. What arrives is exactly what serializing each task would
//! have made, so daemons need nothing new.

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
}
