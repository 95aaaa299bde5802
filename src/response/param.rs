//! The parameters format 1 names, and finding one by the name a body
//! gives it.

use crate::details::StatusDetails;
use crate::form::{self, Pair, Pairs};
use crate::offset::add_within;

#[cfg(target_pointer_width = "64")]
mod known;

/// A parameter this crate knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    ErrorCode,
    ErrorMessage,
    NotBefore,
    NotAfter,
    Fqdn,
    ZipFile,
    NetscapeCertificateSequence,
    Pkcs7,
    CaCertificate,
    Certificate,
    CertificateStatus,
    ValidationStatus,
    MdcDomainDetails,
    MdcDomainDetails2,
    /// One of the seven status details, by its index in [`StatusDetails::NAMES`].
    Detail(usize),
    CaaStatus,
}

impl Param {
    /// A bit per single-valued parameter, to find repetitions.
    pub(super) fn bit(self) -> u32 {
        let index = match self {
            Self::ErrorCode => 0,
            Self::ErrorMessage => 1,
            Self::NotBefore => 2,
            Self::NotAfter => 3,
            Self::Fqdn => 4,
            Self::ZipFile => 5,
            Self::NetscapeCertificateSequence => 6,
            Self::Pkcs7 => 7,
            Self::CaCertificate => 8,
            Self::Certificate => 9,
            Self::CertificateStatus => 10,
            Self::ValidationStatus => 11,
            Self::MdcDomainDetails => 12,
            Self::MdcDomainDetails2 => 13,
            Self::CaaStatus => 14,
            Self::Detail(i) => add_within(16, i),
        };
        let bit = u32::try_from(index).ok().and_then(|i| 1u32.checked_shl(i));
        // Fifteen names and seven details: every index is below 32.
        debug_assert!(bit.is_some(), "no bit for {self:?}");
        bit.unwrap_or(0)
    }
}

/// The parameter a sent name stands for (percent-decoded, exact case;
/// `ovCallbackStatus` is accepted for `ovCallBackStatus`).
fn param_of(raw_name: &[u8]) -> Option<Param> {
    // Known names need no escapes, so most names match as sent.
    if let Some(param) = param_named(raw_name) {
        return Some(param);
    }
    if form::is_verbatim(raw_name) {
        return None;
    }
    let mut buf = [0u8; 32];
    param_named(form::decode(raw_name, &mut buf).ok()?)
}

/// The spec's names of the single parameters (the status details' are
/// [`StatusDetails::NAMES`]). A table rather than a `match`: as fast here,
/// and a fraction of the code on small targets.
pub(super) const NAMES: [(&str, Param); 15] = [
    ("errorCode", Param::ErrorCode),
    ("errorMessage", Param::ErrorMessage),
    ("notBefore", Param::NotBefore),
    ("notAfter", Param::NotAfter),
    ("fqdn", Param::Fqdn),
    ("zipFile", Param::ZipFile),
    (
        "netscapeCertificateSequence",
        Param::NetscapeCertificateSequence,
    ),
    ("pkcs7", Param::Pkcs7),
    ("caCertificate", Param::CaCertificate),
    ("certificate", Param::Certificate),
    ("certificateStatus", Param::CertificateStatus),
    ("validationStatus", Param::ValidationStatus),
    ("mdcDomainDetails", Param::MdcDomainDetails),
    ("mdcDomainDetails2", Param::MdcDomainDetails2),
    ("caaStatus", Param::CaaStatus),
];

/// The parameter named exactly `name`.
fn param_named(name: &[u8]) -> Option<Param> {
    NAMES
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, p)| *p)
        .or_else(|| StatusDetails::index_of_bytes(name).map(Param::Detail))
}

/// The next pair of a format-1 body and the parameter its name stands for
/// (see [`param_of`]), found without a scan for the name's end when the
/// name is sent as the spec spells it.
///
/// The lookup is on 64-bit targets only: on a Cortex-M4 its tables and
/// code cost about 2 KiB of flash, where the scan costs nothing more.
pub(crate) fn next_param<'a>(pairs: &mut Pairs<'a>) -> Option<(Pair<'a>, Option<Param>)> {
    #[cfg(target_pointer_width = "64")]
    let (pair, known) = pairs.next_known(known::param_at)?;
    #[cfg(not(target_pointer_width = "64"))]
    let (pair, known) = (pairs.next()?, None);
    Some((pair, known.or_else(|| param_of(pair.name))))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn every_single_parameter_has_a_bit_of_its_own() {
        let details = (0..StatusDetails::COUNT).map(Param::Detail);
        let mut seen = 0u32;
        for param in NAMES.iter().map(|(_, p)| *p).chain(details) {
            let bit = param.bit();
            assert_eq!(bit.count_ones(), 1, "{param:?}");
            assert_eq!(seen & bit, 0, "{param:?}");
            seen |= bit;
        }
    }
}
