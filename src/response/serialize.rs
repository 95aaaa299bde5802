//! serde: a response as the spec's format-1 names, absent data left out,
//! certificates and containers as base64 of their decoded bytes.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{CaCertificates, Response};

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
        if let Some(details) = &self.status_details {
            for (name, detail) in details.iter() {
                map.serialize_entry(name, &detail.code())?;
            }
        }
        if let Some(v) = &self.caa_status {
            map.serialize_entry("caaStatus", v)?;
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
