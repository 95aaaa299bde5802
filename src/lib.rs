#![no_std]
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation,
        clippy::std_instead_of_core
    )
)]

#[cfg(test)]
extern crate std;

mod blob;
mod caa;
pub mod container;
mod date;
mod details;
mod error;
mod ext_status;
mod field;
pub mod form;
mod grammar;
pub mod mdc;
mod number;
mod offset;
mod pem;
pub mod poll;
pub mod request;
pub mod response;
mod sink;
mod slots;
mod standard_base64;
mod status;
pub mod text;

pub use blob::{Blob, BlobEncoding};
pub use caa::{CaaStatus, OtherCaaStatus};
pub use container::{Chain, NetscapeCertificateSequence, Pkcs7, Zip};
pub use date::Date;
pub use details::{DetailStatus, OtherDetail, StatusDetails};
pub use error::{Error, ErrorKind};
pub use ext_status::{
    CertificateStatus, OtherCertificateStatus, OtherValidationStatus, ValidationStatus,
};
pub use field::{Field, Refusal};
pub use mdc::{DcvStatus, MdcDomain, MdcDomainDetails, OtherDcvStatus};
pub use request::{
    Password, QueryType, Request, RequestError, ResponseEncoding, ResponseFormat, ResponseType,
    Selector,
};
pub use response::{Expectation, Format, Response};
pub use status::{OtherStatus, Outcome, Status, StatusClass};
pub use text::Text;

/// What unit tests need from `std`, since the crate itself is `no_std`.
#[cfg(test)]
mod test_prelude {
    pub(crate) use std::string::{String, ToString};
    pub(crate) use std::vec::Vec;
    pub(crate) use std::{format, vec};
}
