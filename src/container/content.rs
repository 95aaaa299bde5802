//! The envelope PKCS#7 and the Netscape Certificate Sequence share: a
//! `SEQUENCE` naming its content type by OID, the content in an explicit
//! `[0]`.

use super::der::{CONTEXT_0, OID, Reader, SEQUENCE, Tlv};
use crate::error::{Error, ErrorKind};

/// Reads the rule
///
/// ```text
/// ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT SEQUENCE OPTIONAL }
/// ```
///
/// from all of `der`, with `contentType` the OID whose contents are
/// `content_type` ([`ErrorKind::UnexpectedContentType`] at the OID
/// otherwise), and returns the content's `SEQUENCE`, if any. Errors carry
/// the byte offset in `der`.
pub(crate) fn content_info<'a>(
    der: &'a [u8],
    content_type: &[u8],
) -> Result<Option<Tlv<'a>>, Error> {
    let mut fields = Reader::new(der).only(SEQUENCE)?.reader();
    let oid = fields.expect(OID)?;
    if oid.value != content_type {
        return Err(Error::new(ErrorKind::UnexpectedContentType, oid.offset));
    }
    let content = match fields.optional(CONTEXT_0)? {
        Some(explicit) => Some(explicit.reader().only(SEQUENCE)?),
        None => None,
    };
    fields.finish()?;
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::super::certificate::build::tlv;
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn the_content_is_optional_and_single() {
        let oid = tlv(0x06, &[0x2a]);
        let empty = tlv(0x30, &oid);
        assert!(content_info(&empty, &[0x2a]).unwrap().is_none());
        let content = tlv(0xa0, &tlv(0x30, &[0x05, 0x00]));
        let full = tlv(0x30, &[oid.clone(), content].concat());
        let got = content_info(&full, &[0x2a]).unwrap().unwrap();
        assert_eq!((got.offset, got.value), (7, &[0x05, 0x00][..]));
        let e = content_info(&full, &[0x2b]).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::UnexpectedContentType, Some(2))
        );
        let two = tlv(0xa0, &[tlv(0x30, &[]), tlv(0x30, &[])].concat());
        let e = content_info(&tlv(0x30, &[oid, two].concat()), &[0x2a]).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(9)));
    }
}
