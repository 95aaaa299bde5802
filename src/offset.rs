//! Arithmetic on offsets and counts within one input, whose length
//! bounds them.

/// `a + b` for two counts within one input (an offset and a length, or
/// counts of its parts), which the input's length bounds: the sum cannot
/// overflow, and a debug build checks it.
pub(crate) fn add_within(a: usize, b: usize) -> usize {
    let sum = a.checked_add(b);
    debug_assert!(sum.is_some(), "{a} + {b} overflows");
    sum.unwrap_or(usize::MAX)
}
