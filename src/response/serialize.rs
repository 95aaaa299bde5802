//! serde: a response as the spec's format-1 names, absent data left out,
//! certificates and containers as base64 of their decoded bytes.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::lists::Lossy;
use super::{CaCertificates, OtherLines, OtherParameters, Response};
use crate::offset::add_within;
use crate::text::Text;

impl Serialize for Response<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("errorCode", &self.status.code())?;
        if let Some(v) = &self.error_message {
            map.serialize_entry("errorMessage", v)?;
        }
        if let Some(v) = &self.not_before {
            map.serialize_entry("notBefore", v)?;
        }
        if let Some(v) = &self.not_after {
            map.serialize_entry("notAfter", v)?;
        }
        if let Some(v) = &self.fqdn {
            map.serialize_entry("fqdn", v)?;
        }
        if !self.ca_certificates.is_empty() {
            map.serialize_entry("caCertificates", &self.ca_certificates)?;
        }
        let blobs = [
            ("certificate", &self.certificate),
            ("zipFile", &self.zip_file),
            ("pkcs7", &self.pkcs7),
            (
                "netscapeCertificateSequence",
                &self.netscape_certificate_sequence,
            ),
        ];
        for (name, blob) in blobs {
            if let Some(blob) = blob {
                map.serialize_entry(name, blob)?;
            }
        }
        if let Some(v) = &self.certificate_status {
            map.serialize_entry("certificateStatus", v)?;
        }
        if let Some(v) = &self.validation_status {
            map.serialize_entry("validationStatus", v)?;
        }
        if let Some(v) = &self.mdc_domain_details {
            map.serialize_entry("mdcDomainDetails", v)?;
        }
        if let Some(v) = &self.mdc_domain_details2 {
            map.serialize_entry("mdcDomainDetails2", v)?;
        }
        for (name, detail) in self.status_details.iter() {
            map.serialize_entry(name, &detail.code())?;
        }
        if let Some(v) = &self.caa_status {
            map.serialize_entry("caaStatus", v)?;
        }
        if !self.other_parameters.is_empty() {
            map.serialize_entry("otherParameters", &self.other_parameters)?;
        }
        if !self.other_lines.is_empty() {
            map.serialize_entry("otherLines", &self.other_lines)?;
        }
        map.end()
    }
}

impl Serialize for CaCertificates<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for blob in self.iter() {
            seq.serialize_element(&blob)?;
        }
        seq.end()
    }
}

/// The most distinct names [`OtherParameters`] serializes: the names are
/// grouped without allocating, in a table of this size, so that the cost
/// stays linear in the body. A body with more is a serialization error,
/// never a silent loss.
pub(crate) const MAX_OTHER_NAMES: usize = 64;

impl Serialize for OtherParameters<'_> {
    /// An object: each name (decoded; invalid UTF-8 as U+FFFD, a malformed
    /// escape as written) to its value, or to the array of its values in
    /// body order when the name repeats.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut names: heapless::Vec<(Text<'_>, usize), MAX_OTHER_NAMES> = heapless::Vec::new();
        for (name, _) in self.iter() {
            match names.iter_mut().find(|(seen, _)| *seen == name) {
                Some((_, count)) => *count = add_within(*count, 1),
                None => names.push((name, 1)).map_err(|_| {
                    serde::ser::Error::custom("more than 64 distinct other parameters")
                })?,
            }
        }
        let mut map = s.serialize_map(Some(names.len()))?;
        for (name, count) in &names {
            let values = Values {
                parameters: *self,
                name: *name,
            };
            match (*count, values.iter().next()) {
                (1, Some(value)) => map.serialize_entry(name, &value)?,
                _ => map.serialize_entry(name, &values)?,
            }
        }
        map.end()
    }
}

/// The values of one repeated name, in body order.
struct Values<'a> {
    parameters: OtherParameters<'a>,
    name: Text<'a>,
}

impl<'a> Values<'a> {
    fn iter(&self) -> impl Iterator<Item = Text<'a>> + use<'a> {
        let name = self.name;
        self.parameters
            .iter()
            .filter_map(move |(n, value)| (n == name).then_some(value))
    }
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl Serialize for OtherLines<'_> {
    /// An array of the lines, invalid UTF-8 as U+FFFD.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for line in self.iter() {
            seq.serialize_element(&Lossy(line))?;
        }
        seq.end()
    }
}

impl Serialize for Lossy<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
