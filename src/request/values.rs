//! The request's numeric codes.

use core::fmt;

macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $code, )+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value for a wire code, if the spec defines one.
            pub const fn from_code(code: u64) -> Option<Self> {
                match code {
                    $( $code => Some(Self::$variant), )+
                    _ => None,
                }
            }

            /// The wire code.
            pub const fn code(self) -> u8 {
                self as u8
            }
        }

        impl fmt::Display for $name {
            /// The wire code.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            /// The wire code, as a number.
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u8(self.code())
            }
        }
    };
}

code_enum! {
    /// `queryType`: what the response carries.
    ///
    /// ```
    /// use collectssl::QueryType;
    /// assert_eq!(QueryType::from_code(3), Some(QueryType::CaBundle));
    /// assert_eq!(QueryType::CertificateAndChain.code(), 1);
    /// ```
    QueryType {
        /// `0`: the status only.
        StatusOnly = 0,
        /// `1`: the status, the certificate and the intermediates/roots.
        CertificateAndChain = 1,
        /// `2`: the status and the certificate only (crt).
        Certificate = 2,
        /// `3`: the status and the intermediates/roots only (cabundle).
        CaBundle = 3,
    }
}

code_enum! {
    /// `responseType`: how the certificates are packaged.
    ///
    /// ```
    /// use collectssl::ResponseType;
    /// assert_eq!(ResponseType::from_code(2), Some(ResponseType::Pkcs7));
    /// assert_eq!(ResponseType::from_code(4), None);
    /// ```
    ResponseType {
        /// `0`: a ZIP archive (needs `queryType=1`).
        Zip = 0,
        /// `1`: a Netscape Certificate Sequence (needs `queryType=1`).
        NetscapeCertificateSequence = 1,
        /// `2`: PKCS#7 (needs `queryType=1`).
        Pkcs7 = 2,
        /// `3`: each certificate encoded on its own (the default).
        IndividuallyEncoded = 3,
    }
}

code_enum! {
    /// `responseEncoding`: base64 text or the raw binary structure.
    ///
    /// ```
    /// use collectssl::ResponseEncoding;
    /// assert_eq!(ResponseEncoding::from_code(1), Some(ResponseEncoding::Binary));
    /// ```
    ResponseEncoding {
        /// `0`: base64-encoded (the default).
        Base64 = 0,
        /// `1`: binary (needs `queryType=1` and `responseType` 0 or 2).
        Binary = 1,
    }
}

code_enum! {
    /// `responseFormat`: how the response body is laid out.
    ///
    /// ```
    /// use collectssl::ResponseFormat;
    /// assert_eq!(ResponseFormat::from_code(1), Some(ResponseFormat::UrlEncoded));
    /// ```
    ResponseFormat {
        /// `0`: newline-delimited lines (the default).
        NewlineDelimited = 0,
        /// `1`: URL-encoded parameters.
        UrlEncoded = 1,
    }
}

impl ResponseType {
    /// Whether this response type is allowed with `query_type` (types 0–2 need `queryType=1`).
    ///
    /// ```
    /// use collectssl::{QueryType, ResponseType};
    /// assert!(ResponseType::Zip.allowed_with(QueryType::CertificateAndChain));
    /// assert!(!ResponseType::Zip.allowed_with(QueryType::Certificate));
    /// assert!(ResponseType::IndividuallyEncoded.allowed_with(QueryType::StatusOnly));
    /// ```
    pub const fn allowed_with(self, query_type: QueryType) -> bool {
        matches!(self, Self::IndividuallyEncoded)
            || matches!(query_type, QueryType::CertificateAndChain)
    }
}

impl ResponseEncoding {
    /// Whether this encoding is allowed with `query_type` and `response_type`
    /// (`None` meaning omitted, which is 3): binary needs `queryType=1` and
    /// `responseType` 0 or 2.
    ///
    /// ```
    /// use collectssl::{QueryType, ResponseEncoding, ResponseType};
    /// let q = QueryType::CertificateAndChain;
    /// assert!(ResponseEncoding::Binary.allowed_with(q, Some(ResponseType::Pkcs7)));
    /// assert!(!ResponseEncoding::Binary.allowed_with(q, None));
    /// ```
    pub const fn allowed_with(
        self,
        query_type: QueryType,
        response_type: Option<ResponseType>,
    ) -> bool {
        matches!(self, Self::Base64)
            || (matches!(query_type, QueryType::CertificateAndChain)
                && matches!(response_type, Some(ResponseType::Zip | ResponseType::Pkcs7)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn codes_round_trip() {
        for q in QueryType::ALL {
            assert_eq!(QueryType::from_code(q.code().into()), Some(*q));
        }
        for r in ResponseType::ALL {
            assert_eq!(ResponseType::from_code(r.code().into()), Some(*r));
        }
        assert_eq!(QueryType::from_code(4), None);
        assert_eq!(ResponseEncoding::from_code(2), None);
        assert_eq!(ResponseFormat::from_code(u64::MAX), None);
    }

    #[test]
    fn cross_field_rules() {
        use QueryType::*;
        for q in QueryType::ALL {
            for r in ResponseType::ALL {
                let expect = *r == ResponseType::IndividuallyEncoded || *q == CertificateAndChain;
                assert_eq!(r.allowed_with(*q), expect, "{q:?} {r:?}");
                let binary = *q == CertificateAndChain
                    && matches!(r, ResponseType::Zip | ResponseType::Pkcs7);
                assert_eq!(ResponseEncoding::Binary.allowed_with(*q, Some(*r)), binary);
                assert!(ResponseEncoding::Base64.allowed_with(*q, Some(*r)));
            }
        }
    }
}
