//! The validity of an X.509 certificate, and Unix times for people.
//!
//! The library orders certificates but has no reason to read their dates;
//! `collect` says until when the certificate is valid, and the mock
//! reports the validity of the chains it serves. Only the path to the
//! validity is walked (RFC 5280, section 4.1):
//!
//! ```text
//! Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, ... }
//! TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber INTEGER,
//!     signature AlgorithmIdentifier, issuer Name, validity Validity, ... }
//! Validity ::= SEQUENCE { notBefore Time, notAfter Time }
//! Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
//! ```

use collectssl::Date;

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const VERSION: u8 = 0xa0;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// A certificate's `notBefore` and `notAfter`, as Unix seconds; `None` if
/// the DER does not hold them where RFC 5280 puts them.
pub fn validity(der: &[u8]) -> Option<(i64, i64)> {
    let (certificate, _) = element(der, SEQUENCE)?;
    let (tbs, _) = element(certificate, SEQUENCE)?;
    let rest = match element(tbs, VERSION) {
        Some((_, rest)) => rest,
        None => tbs,
    };
    let (_, rest) = element(rest, INTEGER)?;
    let (_, rest) = element(rest, SEQUENCE)?;
    let (_, rest) = element(rest, SEQUENCE)?;
    let (validity, _) = element(rest, SEQUENCE)?;
    let (not_before, rest) = time(validity)?;
    let (not_after, _) = time(rest)?;
    Some((not_before, not_after))
}

/// One DER element with tag `tag` at the start of `der`: its contents and
/// what follows it.
fn element(der: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&first, rest) = der.split_first()?;
    if first != tag {
        return None;
    }
    let (&length, mut rest) = rest.split_first()?;
    let length = if length < 0x80 {
        usize::from(length)
    } else {
        // Long form: up to four length bytes, big-endian.
        let count = usize::from(length & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (bytes, after) = rest.split_at_checked(count)?;
        rest = after;
        bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b))
    };
    rest.split_at_checked(length)
}

/// A `Time` at the start of `der` as Unix seconds, and what follows it.
fn time(der: &[u8]) -> Option<(i64, &[u8])> {
    if let Some((text, rest)) = element(der, UTC_TIME) {
        // YYMMDDHHMMSSZ; RFC 5280: years 50 to 99 are 19xx.
        let yy = two_digits(text, 0)?;
        let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
        return Some((clock(year, text.get(2..)?)?, rest));
    }
    let (text, rest) = element(der, GENERALIZED_TIME)?;
    // YYYYMMDDHHMMSSZ
    let year = two_digits(text, 0)? * 100 + two_digits(text, 2)?;
    Some((clock(year, text.get(4..)?)?, rest))
}

/// `MMDDHHMMSSZ` in `year` as Unix seconds.
fn clock(year: u16, text: &[u8]) -> Option<i64> {
    if text.len() != 11 || text.last() != Some(&b'Z') {
        return None;
    }
    let field = |at: usize| two_digits(text, at).and_then(|n| u8::try_from(n).ok());
    let date = Date::new(year, field(0)?, field(2)?)?;
    let (h, m, s) = (field(4)?, field(6)?, field(8)?);
    (h < 24 && m < 60 && s < 60)
        .then(|| date.unix_days() * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
}

/// Two ASCII digits at `at`.
fn two_digits(text: &[u8], at: usize) -> Option<u16> {
    let pair = text.get(at..at + 2)?;
    pair.iter().try_fold(0u16, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
    })
}

/// The text of a DER string at the start of `der` (UTF8String,
/// PrintableString, IA5String or TeletexString read as Latin-1), as a
/// name's attribute value holds it.
pub fn string(der: &[u8]) -> Option<String> {
    const UTF8: u8 = 0x0c;
    const PRINTABLE: u8 = 0x13;
    const TELETEX: u8 = 0x14;
    const IA5: u8 = 0x16;
    let tag = *der.first()?;
    let (text, _) = element(der, tag)?;
    match tag {
        UTF8 | PRINTABLE | IA5 => String::from_utf8(text.to_vec()).ok(),
        TELETEX => Some(text.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    }
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc(secs: i64) -> String {
    let Some(date) = Date::from_unix(secs) else {
        return format!("{secs} (Unix time)");
    };
    let in_day = secs.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        date.year(),
        date.month(),
        date.day(),
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_leaf_is_valid_for_whole_days() {
        let pem = include_str!("../../examples/samples/chain/leaf.pem");
        let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let blob = collectssl::Blob::base64(base64.as_bytes());
        let mut der = vec![0; blob.decoded_len().unwrap()];
        let len = blob.decode_into(&mut der).unwrap().len();
        der.truncate(len);
        assert_eq!(validity(&der), Some((1_767_225_600, 1_798_847_999)));
        assert_eq!(utc(1_798_847_999), "2027-01-01 23:59:59 UTC");
    }

    #[test]
    fn times_of_both_kinds_are_read() {
        let utc_time = [&[UTC_TIME, 13][..], b"491231235959Z"].concat();
        assert_eq!(time(&utc_time).map(|t| t.0), Some(2_524_607_999));
        let generalized = [&[GENERALIZED_TIME, 15][..], b"20500101000000Z"].concat();
        assert_eq!(time(&generalized).map(|t| t.0), Some(2_524_608_000));
        let before_2000 = [&[UTC_TIME, 13][..], b"991231235959Z"].concat();
        assert_eq!(time(&before_2000).map(|t| t.0), Some(946_684_799));
    }

    #[test]
    fn truncated_or_foreign_der_is_none() {
        assert_eq!(validity(b""), None);
        assert_eq!(validity(&[SEQUENCE, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(validity(&[SEQUENCE, 2, SEQUENCE, 0]), None);
        let bad_clock = [&[UTC_TIME, 13][..], b"491231245959Z"].concat();
        assert_eq!(time(&bad_clock), None);
    }
}
