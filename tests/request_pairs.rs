//! The split of a request body into pairs, and the lookup of their names,
//! against readings written here the slow and obvious way: the splitter
//! reads eight bytes at a time and hands long parts to memchr, the lookup
//! compares names a word at a time, and neither may differ from a byte
//! loop anywhere (a separator in any lane, parts around the length where
//! the splitter changes method).

use collectssl::form;
use collectssl::{Field, Refusal, Request, RequestError, Text};
use proptest::prelude::*;

/// `(name, value, offset, value offset)` of every pair, split a byte at a
/// time: at `&`, then at the first `=`; empty pairs skipped.
fn reference_pairs(body: &[u8]) -> Vec<(&[u8], &[u8], usize, usize)> {
    let mut pairs = Vec::new();
    let mut start = 0;
    for item in body.split(|&b| b == b'&') {
        if !item.is_empty() {
            let pair = match item.iter().position(|&b| b == b'=') {
                Some(eq) => (&item[..eq], &item[eq + 1..], start, start + eq + 1),
                None => (item, &b""[..], start, start + item.len()),
            };
            pairs.push(pair);
        }
        start += item.len() + 1;
    }
    pairs
}

/// A body of parts around eight bytes and around the memchr threshold,
/// with separators, escapes and bytes past ASCII in any lane.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        6 => prop::sample::select(&b"abcXYZ019"[..]),
        2 => prop::sample::select(&b"&="[..]),
        1 => prop::sample::select(&b"%+"[..]),
        1 => any::<u8>(),
    ];
    let part = prop_oneof![
        3 => prop::collection::vec(byte.clone(), 0..20),
        1 => prop::collection::vec(byte, 56..140),
        1 => (0usize..200, prop::sample::select(&b"&=x"[..]))
            .prop_map(|(n, end)| [vec![b'y'; n], vec![end]].concat()),
    ];
    prop::collection::vec(part, 0..8).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn pairs_split_as_a_byte_loop_does(body in body()) {
        let ours: Vec<_> = form::pairs(&body)
            .map(|p| (p.name, p.value, p.offset, p.value_offset))
            .collect();
        prop_assert_eq!(ours, reference_pairs(&body));
    }
}

#[test]
fn a_separator_in_every_lane_and_past_the_threshold() {
    for len in 0..200 {
        for sep in [b'&', b'='] {
            let mut body = vec![b'n'; len];
            body.push(sep);
            body.extend_from_slice(b"v=w&x");
            let ours: Vec<_> = form::pairs(&body)
                .map(|p| (p.name, p.value, p.offset, p.value_offset))
                .collect();
            assert_eq!(ours, reference_pairs(&body), "{len} {}", sep as char);
        }
    }
}

/// Whether `name` is `field`'s name ignoring ASCII case, byte by byte.
fn is_name_of(name: &[u8], field: Field) -> bool {
    name.eq_ignore_ascii_case(field.name().as_bytes())
}

#[test]
fn a_name_with_any_byte_changed_is_recognised_only_in_another_case() {
    for field in Field::ALL {
        let canonical = field.name().as_bytes();
        for at in 0..canonical.len() {
            for byte in 0..=255u8 {
                let mut name = canonical.to_vec();
                name[at] = byte;
                // Sent escaped, so that `&`, `=`, `%` and `+` are name bytes.
                let body: String = name.iter().map(|b| format!("%{b:02X}")).collect();
                let body = format!("{body}=1");
                let recognised = !matches!(
                    Request::parse(body.as_bytes()),
                    Err(e) if e.refusal() == Refusal::Unrecognised
                );
                assert_eq!(recognised, is_name_of(&name, field), "{name:?}");
                // And sent as it is, where it is a name byte as it is.
                if !matches!(byte, b'&' | b'=' | b'%' | b'+') {
                    let mut body = name.clone();
                    body.extend_from_slice(b"=1");
                    let recognised = !matches!(
                        Request::parse(&body),
                        Err(e) if e.refusal() == Refusal::Unrecognised
                    );
                    assert_eq!(recognised, is_name_of(&name, field), "{name:?}");
                }
            }
        }
    }
}

#[test]
fn names_one_byte_short_or_long_are_not_names() {
    for field in Field::ALL {
        let name = field.name();
        let short = &name[..name.len() - 1];
        let long = format!("{name}x");
        for sent in [short, &long] {
            let body = format!("{sent}=1");
            let known = Field::ALL
                .iter()
                .any(|f| f.name().eq_ignore_ascii_case(sent));
            let err = Request::parse(body.as_bytes()).err();
            let unrecognised = err == Some(RequestError::unrecognised(Text::plain(sent), 0));
            assert_eq!(unrecognised, !known, "{sent}");
        }
    }
}

#[test]
fn long_values_are_checked_after_the_threshold() {
    // A text past the memchr threshold with an escape, a byte past ASCII
    // or a bad escape only after it.
    let base = "loginName=u&loginPassword=p&queryType=1&orderNumber=";
    for (tail, ok) in [
        ("", true),
        ("%41", true),
        ("%C3%A9", true),
        ("%FF", false),
        ("%4", false),
        ("\u{e9}", true),
    ] {
        let value = format!("{}{tail}", "a".repeat(100));
        let body = format!("{base}{value}");
        let parsed = Request::parse(body.as_bytes());
        // 128 characters at most: 100 and one fit.
        assert_eq!(parsed.is_ok(), ok, "{tail}");
        let long = format!("{base}{}{tail}", "a".repeat(129));
        assert!(Request::parse(long.as_bytes()).is_err(), "{tail}");
    }
}
