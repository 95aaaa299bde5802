//! Unit tests of `crate::details`, apart from the code they test.

use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

#[test]
fn codes_round_trip() {
    for status in DetailStatus::ALL {
        assert!(status.is_known());
        assert_eq!(DetailStatus::from_code(status.code()), status);
        let wire = status.to_string();
        assert_eq!(detail_status(wire.as_bytes()), Ok(status));
        assert_eq!(DetailStatus::parse(Text::plain(&wire)), Ok(status));
        assert_eq!(wire.parse::<DetailStatus>(), Ok(status));
    }
    for code in [-2, 3, i32::MIN, i32::MAX] {
        let other = DetailStatus::from_code(code);
        assert!(!other.is_known());
        assert_eq!(other.code(), code);
        assert_eq!(other.to_string(), code.to_string());
        // The spec's rule refuses it: only the tolerant reading keeps it.
        assert!(detail_status(code.to_string().as_bytes()).is_err());
    }
}

#[test]
fn only_the_four_bare_integers() {
    for (wire, at) in [
        ("", 0),
        ("-", 1),
        ("+1", 0),
        ("01", 1),
        ("00", 1),
        ("-0", 1),
        ("-2", 1),
        ("--1", 1),
        ("3", 0),
        ("10", 1),
        (" 1", 0),
        ("1 ", 1),
        ("1\r", 1),
        ("-1-1", 2),
        ("١", 0),
    ] {
        let e = detail_status(wire.as_bytes()).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidStatusDetail, Some(at)),
            "{wire:?}"
        );
        assert_eq!(DetailStatus::parse(Text::plain(wire)), Err(e));
    }
}

#[test]
fn form_values_decode_first_and_report_raw_offsets() {
    assert_eq!(
        DetailStatus::parse(Text::form(b"%2d1")),
        Ok(DetailStatus::NotRequired)
    );
    assert_eq!(
        DetailStatus::parse(Text::form(b"%32")),
        Ok(DetailStatus::InProgress)
    );
    let e = DetailStatus::parse(Text::form(b"%2D1+")).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidStatusDetail, Some(4))
    );
    let e = DetailStatus::parse(Text::form(b"%2D")).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidStatusDetail, Some(3))
    );
    let e = DetailStatus::parse(Text::form(b"+1")).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidStatusDetail, Some(0))
    );
    let e = DetailStatus::parse(Text::form(b"1%2")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidEscape, Some(1)));
}

#[test]
fn names_and_indices() {
    for (index, name) in StatusDetails::NAMES.iter().enumerate() {
        assert_eq!(StatusDetails::index_of(*name), Some(index));
    }
    assert_eq!(StatusDetails::index_of("ovCallbackStatus"), Some(2));
    for other in [
        "",
        "csrstatus",
        "CSRSTATUS",
        "csrStatus ",
        "caaStatus",
        "ovcallbackstatus",
    ] {
        assert_eq!(StatusDetails::index_of(other), None, "{other:?}");
    }
}

#[test]
fn fields_follow_the_spec_order() {
    let statuses = [
        DetailStatus::NotRequired,
        DetailStatus::NotCompleted,
        DetailStatus::Completed,
        DetailStatus::InProgress,
        DetailStatus::NotRequired,
        DetailStatus::Completed,
        DetailStatus::InProgress,
    ];
    let mut details = StatusDetails::from_array(statuses);
    assert_eq!(details.csr, Some(DetailStatus::NotRequired));
    assert_eq!(details.ov_callback, Some(DetailStatus::Completed));
    assert_eq!(details.brand_val, Some(DetailStatus::InProgress));
    for (index, (name, status)) in details.iter().enumerate() {
        assert_eq!(name, StatusDetails::NAMES[index]);
        assert_eq!(Some(status), details.get(index));
    }
    for index in 0..StatusDetails::COUNT {
        *details.get_mut(index).unwrap() = Some(DetailStatus::NotCompleted);
        assert_eq!(details.to_array()[index], Some(DetailStatus::NotCompleted));
    }
    assert_eq!(
        details,
        StatusDetails::from_array([DetailStatus::NotCompleted; 7])
    );
    assert_eq!(details.len(), 7);
    for index in [5, 6] {
        *details.get_mut(index).unwrap() = None;
    }
    assert_eq!((details.len(), details.is_complete()), (5, false));
    assert!(!details.is_as_specified());
    assert_eq!(
        details.iter().map(|(n, _)| n).last(),
        Some("freeDVUPStatus")
    );
}

#[cfg(feature = "serde")]
#[test]
fn serializes_only_the_details_present() {
    let mut details = StatusDetails::from_array([DetailStatus::Completed; 7]);
    details.ev_click_through = None;
    details.brand_val = Some(DetailStatus::from_code(5));
    details.csr = None;
    assert_eq!(
        serde_json::to_string(&details).unwrap(),
        concat!(
            r#"{"dcvStatus":1,"ovCallBackStatus":1,"#,
            r#""organizationValidationStatus":1,"freeDVUPStatus":1,"brandValStatus":5}"#
        )
    );
}

#[cfg(feature = "serde")]
#[test]
fn serializes_with_format_1_names_and_numbers() {
    let details = StatusDetails::from_array([
        DetailStatus::NotRequired,
        DetailStatus::NotCompleted,
        DetailStatus::Completed,
        DetailStatus::InProgress,
        DetailStatus::NotRequired,
        DetailStatus::NotCompleted,
        DetailStatus::Completed,
    ]);
    assert_eq!(
        serde_json::to_string(&details).unwrap(),
        concat!(
            r#"{"csrStatus":-1,"dcvStatus":0,"ovCallBackStatus":1,"#,
            r#""organizationValidationStatus":2,"freeDVUPStatus":-1,"#,
            r#""evClickThroughStatus":0,"brandValStatus":1}"#
        )
    );
}

/// The reading byte by byte that the rule replaced: the decoded bytes
/// walked with their raw offsets, each error where it is met.
fn walked(text: Text<'_>) -> Result<DetailStatus, Error> {
    let mut bytes = text.byte_indices();
    let end = text.raw().len();
    let invalid = |at| Error::new(ErrorKind::InvalidStatusDetail, at);
    let status = match bytes.next().transpose()? {
        Some((_, b'-')) => match bytes.next().transpose()? {
            Some((_, b'1')) => DetailStatus::NotRequired,
            Some((at, _)) => return Err(invalid(at)),
            None => return Err(invalid(end)),
        },
        Some((_, b'0')) => DetailStatus::NotCompleted,
        Some((_, b'1')) => DetailStatus::Completed,
        Some((_, b'2')) => DetailStatus::InProgress,
        Some((at, _)) => return Err(invalid(at)),
        None => return Err(invalid(end)),
    };
    match bytes.next().transpose()? {
        None => Ok(status),
        Some((at, _)) => Err(invalid(at)),
    }
}

proptest::proptest! {
    #[test]
    fn the_rule_reads_as_a_byte_walk_would(raw in proptest::collection::vec(
        proptest::sample::select(&b"-0123+% 2dDzx"[..]), 0..8,
    )) {
        proptest::prop_assert_eq!(DetailStatus::parse(Text::form(&raw)), walked(Text::form(&raw)));
        if let Ok(plain) = core::str::from_utf8(&raw) {
            proptest::prop_assert_eq!(DetailStatus::parse(Text::plain(plain)), walked(Text::plain(plain)));
        }
    }

    #[test]
    fn any_value_is_one_of_four_or_refused(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..6)) {
        if let Ok(status) = DetailStatus::parse(Text::form(&raw)) {
            let shown = status.to_string();
            proptest::prop_assert_eq!(Text::form(&raw), Text::plain(&shown));
        }
        if let Ok(status) = detail_status(&raw) {
            let shown = status.to_string();
            proptest::prop_assert_eq!(shown.as_bytes(), &raw[..]);
        }
    }
}
