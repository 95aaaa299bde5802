//! The two `showExtStatus=Y` lines (spec section 2.2.5; `certificateStatus`
//! and `validationStatus` in format 1): free text with a few known values.
//!
//! The spec lists examples, not a closed set, so every value is kept: a known
//! one becomes its variant, anything else stays as the text that was sent.

/// Defines an enum of known wire words plus `Other(Text)`, with
/// `from_text` (never fails, exact decoded match), `as_text` (the wire
/// text), equality by wire text, `Display` and serde as that text.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
        example: $example_variant:ident = $example_form:literal;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub enum $name<'a> {
            $( $(#[$vmeta])* $variant, )+
            /// Any other text, kept as it was sent.
            Other($crate::text::Text<'a>),
        }

        impl<'a> $name<'a> {
            /// The known values with their wire text.
            const KNOWN: &'static [($name<'static>, &'static str)] =
                &[$( ($name::$variant, $wire), )+];

            #[doc = concat!(
                "The value for a wire text (plain or form-encoded): a known one by its ",
                "exact, case-sensitive decoded text, anything else as [`", stringify!($name),
                "::Other`]. Never fails.\n\n```\nuse collectssl::{", stringify!($name),
                ", Text};\n\nlet s = ", stringify!($name), "::from_text(Text::form(b\"",
                $example_form, "\"));\nassert_eq!(s, ", stringify!($name), "::",
                stringify!($example_variant), ");\nassert!(matches!(", stringify!($name),
                "::from_text(Text::plain(\"something new\")), ", stringify!($name),
                "::Other(_)));\n```"
            )]
            pub fn from_text(text: $crate::text::Text<'a>) -> Self {
                Self::KNOWN
                    .iter()
                    .find(|(_, wire)| text == *wire)
                    .map_or(Self::Other(text), |(known, _)| *known)
            }

            #[doc = concat!(
                "The text as the wire has it (decoded): what `Display` writes.\n\n```\n",
                "use collectssl::{", stringify!($name), ", Text};\n\nassert_eq!(",
                stringify!($name), "::", stringify!($example_variant),
                ".as_text().to_string(), Text::form(b\"", $example_form,
                "\").to_string());\n```"
            )]
            pub fn as_text(&self) -> $crate::text::Text<'a> {
                match self {
                    $( Self::$variant => $crate::text::Text::plain($wire), )+
                    Self::Other(text) => *text,
                }
            }
        }

        impl PartialEq for $name<'_> {
            /// Equal when the wire texts are, so `Other` holding a known
            /// word equals that word's variant.
            fn eq(&self, other: &Self) -> bool {
                self.as_text() == other.as_text()
            }
        }

        impl Eq for $name<'_> {}

        impl<'a> From<$crate::text::Text<'a>> for $name<'a> {
            fn from(text: $crate::text::Text<'a>) -> Self {
                Self::from_text(text)
            }
        }

        impl core::fmt::Display for $name<'_> {
            /// The wire text.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Display::fmt(&self.as_text(), f)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name<'_> {
            /// The wire text, as a string.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

pub(crate) use text_enum;

text_enum! {
    /// The certificate's status, the first `showExtStatus=Y` line
    /// (`certificateStatus` in format 1).
    ///
    /// ```
    /// use collectssl::{CertificateStatus, Text};
    ///
    /// assert_eq!(CertificateStatus::from_text(Text::plain("NO STATUS")), CertificateStatus::NoStatus);
    /// assert_eq!(CertificateStatus::Issued.to_string(), "Issued");
    /// let other = CertificateStatus::from_text(Text::form(b"On+Hold"));
    /// assert_eq!(other, CertificateStatus::Other(Text::plain("On Hold")));
    /// ```
    CertificateStatus {
        /// `Awaiting Validation`
        AwaitingValidation = "Awaiting Validation",
        /// `Issued`
        Issued = "Issued",
        /// `Revoked`
        Revoked = "Revoked",
        /// `NO STATUS`
        NoStatus = "NO STATUS",
    }
    example: AwaitingValidation = "Awaiting%20Validation";
}

text_enum! {
    /// The validation status of the order or account, the second
    /// `showExtStatus=Y` line (`validationStatus` in format 1).
    ///
    /// ```
    /// use collectssl::{Text, ValidationStatus};
    ///
    /// let s = ValidationStatus::from_text(Text::form(b"Awaiting+Brand+Validation"));
    /// assert_eq!(s, ValidationStatus::AwaitingBrandValidation);
    /// assert_eq!(ValidationStatus::Complete.to_string(), "Complete");
    /// ```
    ValidationStatus {
        /// `Complete`
        Complete = "Complete",
        /// `Awaiting Legal Documents`
        AwaitingLegalDocuments = "Awaiting Legal Documents",
        /// `Awaiting Document Translation`
        AwaitingDocumentTranslation = "Awaiting Document Translation",
        /// `Awaiting private WHOIS entry release`
        AwaitingPrivateWhoisEntryRelease = "Awaiting private WHOIS entry release",
        /// `Awaiting Brand Validation`
        AwaitingBrandValidation = "Awaiting Brand Validation",
    }
    example: AwaitingLegalDocuments = "Awaiting+Legal+Documents";
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;
    use crate::text::Text;

    #[test]
    fn known_words_round_trip_in_both_encodings() {
        for (known, wire) in CertificateStatus::KNOWN {
            assert_eq!(CertificateStatus::from_text(Text::plain(wire)), *known);
            let mut raw = vec![0u8; crate::form::encoded_len(wire.as_bytes())];
            crate::form::encode(wire.as_bytes(), &mut raw).unwrap();
            let parsed = CertificateStatus::from_text(Text::form(&raw));
            assert!(!matches!(parsed, CertificateStatus::Other(_)), "{wire}");
            assert_eq!(parsed.to_string(), *wire);
        }
        for (known, wire) in ValidationStatus::KNOWN {
            assert_eq!(ValidationStatus::from_text(Text::plain(wire)), *known);
            assert_eq!(known.to_string(), *wire);
        }
    }

    #[test]
    fn matching_is_exact_and_case_sensitive() {
        for other in ["issued", "Issued ", " Issued", "No Status", ""] {
            let s = CertificateStatus::from_text(Text::plain(other));
            assert!(matches!(s, CertificateStatus::Other(_)), "{other:?}");
            assert_eq!(s.to_string(), other);
        }
        let s = ValidationStatus::from_text(Text::form(b"Complete%zz"));
        assert_eq!(s.to_string(), "Complete%zz");
    }

    #[test]
    fn equality_is_by_wire_text() {
        assert_eq!(
            CertificateStatus::Other(Text::plain("Revoked")),
            CertificateStatus::Revoked
        );
        assert_eq!(
            ValidationStatus::from_text(Text::form(b"Pending%21")),
            ValidationStatus::from_text(Text::plain("Pending!"))
        );
        assert_ne!(CertificateStatus::Issued, CertificateStatus::Revoked);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_wire_text() {
        let s = serde_json::to_string(&ValidationStatus::AwaitingBrandValidation).unwrap();
        assert_eq!(s, "\"Awaiting Brand Validation\"");
        let s =
            serde_json::to_string(&CertificateStatus::from_text(Text::form(b"a+%22b"))).unwrap();
        assert_eq!(s, r#""a \"b""#);
    }
}
