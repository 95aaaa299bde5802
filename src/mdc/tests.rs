//! Unit tests of `crate::mdc`, apart from the code they test.

use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

fn items(list: MdcDomainDetails<'_>) -> Vec<(String, String)> {
    list.iter()
        .map(|d| {
            let d = d.unwrap();
            (d.domain.to_string(), d.status.to_string())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(d, s)| (d.to_string(), s.to_string()))
        .collect()
}

#[test]
fn plain_list() {
    let list = MdcDomainDetails::parse(Text::plain(
        "domain1.com VALIDATED, domain2.com NOTVALIDATED, domain3.com AWAITINGBRAND",
    ))
    .unwrap();
    let got: Vec<_> = list.iter().map(Result::unwrap).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].domain, "domain1.com");
    assert_eq!(got[0].status, DcvStatus::Validated);
    assert_eq!(got[1].status, DcvStatus::NotValidated);
    assert_eq!(got[2].status, DcvStatus::AwaitingBrand);
    assert!(matches!(got[2].status, DcvStatus::AwaitingBrand));
}

#[test]
fn every_spelling_of_the_separator_in_a_form_value() {
    let expected = pairs(&[("a.com", "VALIDATED"), ("*.b.com", "NOTVALIDATED")]);
    for raw in [
        &b"a.com+VALIDATED%2C+%2A.b.com+NOTVALIDATED"[..],
        b"a.com%20VALIDATED,%20*.b.com%20NOTVALIDATED",
        b"a.com+VALIDATED%2c%20*.b.com+NOTVALIDATED",
        b"a.com+VALIDATED,+*.b.com+NOTVALIDATED",
        b"%61.com+VALIDATED,+*.b.com+NOTVALIDATE%44",
    ] {
        let list = MdcDomainDetails::parse(Text::form(raw)).unwrap();
        assert_eq!(items(list), expected, "{raw:?}");
        assert_eq!(list.to_string(), "a.com VALIDATED, *.b.com NOTVALIDATED");
        assert_eq!(
            list,
            MdcDomainDetails::parse(Text::plain("a.com VALIDATED, *.b.com NOTVALIDATED")).unwrap()
        );
    }
}

#[test]
fn items_borrow_the_form_value() {
    let raw = b"a.com+VALIDATED%2C+b%C3%A9.com+NEW";
    let list = MdcDomainDetails::parse(Text::form(raw)).unwrap();
    let second = list.iter().nth(1).unwrap().unwrap();
    assert_eq!(second.domain.raw(), b"b%C3%A9.com");
    assert_eq!(second.domain, "bé.com");
    assert_eq!(second.status, DcvStatus::from_text(Text::plain("NEW")));
    assert!(matches!(second.status, DcvStatus::Other(t) if t.text().raw() == b"NEW"));
}

#[test]
fn empty_text_is_an_empty_list() {
    for list in [
        MdcDomainDetails::parse(Text::plain("")).unwrap(),
        MdcDomainDetails::parse(Text::form(b"")).unwrap(),
        MdcDomainDetails::default(),
    ] {
        assert!(list.is_empty());
        assert_eq!(list.iter().count(), 0);
        assert_eq!(list.to_string(), "");
        assert_eq!(list, MdcDomainDetails::from_items(&[]));
    }
}

#[test]
fn structural_errors_are_located() {
    for (line, at) in [
        ("a.com", 5),
        ("a.com ", 6),
        (" a.com X", 0),
        ("a.com  X", 6),
        ("a.com X Y", 7),
        ("a.com X,b.com Y", 8),
        ("a.com X, ", 9),
        ("a.com X,", 8),
        ("a.com X,, b.com Y", 8),
        ("a.com X, , b.com Y", 9),
        ("a,com X", 1),
        ("a.com\tX", 5),
        ("a.com X\r", 7),
        ("a.com X\u{7f}", 7),
        (",", 0),
        (" ", 0),
    ] {
        let e = MdcDomainDetails::parse(Text::plain(line)).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidDomainList, Some(at)),
            "{line:?}"
        );
        let list = MdcDomainDetails::from_wire(Text::plain(line));
        let last = list.iter().last().unwrap();
        assert_eq!(last, Err(e), "{line:?}");
    }
}

#[test]
fn form_errors_are_at_raw_offsets() {
    let e = MdcDomainDetails::parse(Text::form(b"a.com+X%2Cb.com+Y")).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidDomainList, Some(10))
    );
    let e = MdcDomainDetails::parse(Text::form(b"a.com+X%2C+b%zz+Y")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidEscape, Some(12)));
    let e = MdcDomainDetails::parse(Text::form(b"a.com+X%2C+b%FF.com+Y")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidUtf8, Some(11)));
    let e = MdcDomainDetails::parse(Text::form(b"a.com%0AX")).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidDomainList, Some(5))
    );
}

#[test]
fn iteration_stops_after_an_error() {
    let list = MdcDomainDetails::from_wire(Text::plain("a.com X, b.com, c.com Y"));
    let mut iter = list.iter();
    assert!(iter.next().unwrap().is_ok());
    assert!(iter.next().unwrap().is_err());
    assert!(iter.next().is_none());
    assert!(iter.next().is_none());
}

#[test]
fn wire_and_items_compare_by_items() {
    let built = [
        MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
        MdcDomain::new(Text::plain("b.com"), DcvStatus::NotValidated),
    ];
    let built = MdcDomainDetails::from_items(&built);
    let wire =
        MdcDomainDetails::parse(Text::form(b"a.com+VALIDATED%2C+b.com+NOTVALIDATED")).unwrap();
    assert_eq!(built, wire);
    assert_eq!(wire, built);
    assert_eq!(built.to_string(), wire.to_string());
    let shorter = MdcDomainDetails::parse(Text::plain("a.com VALIDATED")).unwrap();
    assert_ne!(shorter, built);
    assert_ne!(shorter, wire);
    assert_eq!(
        format!("{shorter:?}"),
        "[MdcDomain { domain: \"a.com\", status: Validated }]"
    );
}

#[test]
fn items_are_validated_for_the_wire() {
    let ok = [
        MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
        MdcDomain::new(
            Text::form(b"b%C3%A9.com"),
            DcvStatus::from_text(Text::plain("NEW")),
        ),
    ];
    MdcDomainDetails::from_items(&ok).validate().unwrap();
    for (domain, status, at) in [
        // `a.com VALIDATED, ` is 17 bytes.
        ("", "X", 17),
        ("c d", "X", 18),
        ("c", "", 19),
        ("c", "X Y", 20),
        ("c", "X,", 20),
        ("c\n", "X", 18),
    ] {
        let bad = [
            MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
            MdcDomain::new(
                Text::plain(domain),
                DcvStatus::from_text(Text::plain(status)),
            ),
        ];
        let e = MdcDomainDetails::from_items(&bad).validate().unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidDomainList, Some(at)),
            "{domain:?} {status:?}"
        );
    }
    let bad = [MdcDomain::new(Text::form(b"a%FF"), DcvStatus::Validated)];
    let e = MdcDomainDetails::from_items(&bad).validate().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
}

#[test]
fn display_of_wire_text_is_the_decoded_text() {
    let text = Text::form(b"a.com+VALIDATED%2C%20b.com+X");
    assert_eq!(
        MdcDomainDetails::from_wire(text).to_string(),
        "a.com VALIDATED, b.com X"
    );
    let item = MdcDomain::new(Text::plain("a.com"), DcvStatus::NotValidated);
    assert_eq!(item.to_string(), "a.com NOTVALIDATED");
}

#[cfg(feature = "serde")]
#[test]
fn serializes_as_an_array_of_objects() {
    let list = MdcDomainDetails::parse(Text::form(b"a.com+VALIDATED%2C+b.com+NEW")).unwrap();
    assert_eq!(
        serde_json::to_string(&list).unwrap(),
        r#"[{"domain":"a.com","status":"VALIDATED"},{"domain":"b.com","status":"NEW"}]"#
    );
    assert_eq!(
        serde_json::to_string(&MdcDomainDetails::default()).unwrap(),
        "[]"
    );
    let bad = MdcDomainDetails::from_wire(Text::plain("a.com"));
    assert!(serde_json::to_string(&bad).is_err());
}

fn form_encoded(s: &str) -> Vec<u8> {
    let mut raw = vec![0u8; crate::form::encoded_len(s.as_bytes())];
    crate::form::encode(s.as_bytes(), &mut raw).unwrap();
    raw
}

proptest::proptest! {
    #[test]
    fn items_round_trip_through_both_formats(
        words in proptest::collection::vec(
            ("[a-z0-9*.é-]{1,12}", "(VALIDATED|NOTVALIDATED|AWAITINGBRAND|[A-Z_]{1,8})"),
            0..5,
        )
    ) {
        let built: Vec<_> = words
            .iter()
            .map(|(d, s)| MdcDomain::new(Text::plain(d), DcvStatus::from_text(Text::plain(s))))
            .collect();
        let built = MdcDomainDetails::from_items(&built);
        built.validate().unwrap();
        let line = built.to_string();
        let from_line = MdcDomainDetails::parse(Text::plain(&line)).unwrap();
        let raw = form_encoded(&line);
        let from_form = MdcDomainDetails::parse(Text::form(&raw)).unwrap();
        proptest::prop_assert_eq!(from_line, built);
        proptest::prop_assert_eq!(from_form, built);
        proptest::prop_assert_eq!(from_form, from_line);
        proptest::prop_assert_eq!(from_form.to_string(), line);
        proptest::prop_assert_eq!(from_form.iter().count(), words.len());
    }

    #[test]
    fn the_walker_reads_as_the_rule(parts in proptest::collection::vec(
        proptest::sample::select(&["a.com", "X", "é", " ", ",", ", ", "\t", "\r", "\u{7f}"][..]),
        0..10,
    )) {
        let line = parts.concat();
        let walked = MdcDomainDetails::parse(Text::plain(&line)).map(|l| items(l));
        let ruled = crate::grammar::fitting(line.as_bytes(), list)
            .map(|words| {
                words
                    .iter()
                    .map(|(d, s)| (
                        String::from_utf8(d.to_vec()).unwrap(),
                        String::from_utf8(s.to_vec()).unwrap(),
                    ))
                    .collect::<Vec<_>>()
            })
            .map_err(|at| Error::new(ErrorKind::InvalidDomainList, at));
        proptest::prop_assert_eq!(walked, ruled, "{:?}", line);
    }

    #[test]
    fn any_bytes_parse_or_fail_within_the_input(raw in proptest::collection::vec(
        proptest::sample::select(&b"a.% ,+2CF0"[..]), 0..24,
    )) {
        let text = Text::form(&raw);
        match MdcDomainDetails::parse(text) {
            Ok(list) => {
                let shown = list.to_string();
                let again = MdcDomainDetails::parse(Text::plain(&shown)).unwrap();
                proptest::prop_assert_eq!(again, list);
            }
            Err(e) => proptest::prop_assert!(e.offset().is_some_and(|o| o <= raw.len())),
        }
    }
}
