//! The containers Sectigo wraps a chain in, made from DER certificates, so
//! that a reseller's own chain (`--orders DIR`) is served in every
//! `responseType`. The library reads these containers; writing them is
//! the mock's business only.

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const INTEGER: u8 = 0x02;
const OID: u8 = 0x06;
/// `[0]`, constructed (explicit, or implicit over a SET OF).
const CONTEXT_0: u8 = 0xa0;

/// 1.2.840.113549.1.7.2, PKCS#7 signedData.
const SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// 1.2.840.113549.1.7.1, PKCS#7 data.
const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
/// 2.16.840.1.113730.2.5, Netscape certificate sequence.
const NETSCAPE_SEQUENCE: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x02, 0x05];

/// One DER element: the tag, the definite length, the contents.
fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let len = contents.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(contents);
    out
}

/// A degenerate PKCS#7 SignedData (RFC 2315; a "certs-only" .p7b): no
/// content, no signers, just the certificates.
pub fn pkcs7(certificates: &[Vec<u8>]) -> Vec<u8> {
    let signed_data = tlv(
        SEQUENCE,
        &[
            tlv(INTEGER, &[1]),
            tlv(SET, &[]),
            tlv(SEQUENCE, &tlv(OID, DATA)),
            tlv(CONTEXT_0, &certificates.concat()),
            tlv(SET, &[]),
        ]
        .concat(),
    );
    tlv(
        SEQUENCE,
        &[tlv(OID, SIGNED_DATA), tlv(CONTEXT_0, &signed_data)].concat(),
    )
}

/// A Netscape certificate sequence: the OID, then `[0]` holding a
/// SEQUENCE OF Certificate.
pub fn netscape_sequence(certificates: &[Vec<u8>]) -> Vec<u8> {
    let list = tlv(SEQUENCE, &certificates.concat());
    tlv(
        SEQUENCE,
        &[tlv(OID, NETSCAPE_SEQUENCE), tlv(CONTEXT_0, &list)].concat(),
    )
}

/// A ZIP archive (PKWARE APPNOTE.TXT) of `files`, stored without
/// compression: local headers and data, the central directory, its end.
/// Every size is far below the 4 GiB a ZIP field holds.
pub fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    /// Version 1.0 is enough for stored entries.
    const VERSION: u16 = 10;
    /// 1980-01-01 00:00, the first DOS date: the archive is the same
    /// whenever it is made.
    const DOS_DATE: u16 = (1 << 5) | 1;
    let u16le = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).to_le_bytes();
    let u32le = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len();
        let crc = crc32fast::hash(data).to_le_bytes();
        // Fields common to both headers, from the version needed on.
        let mut common = Vec::new();
        common.extend_from_slice(&VERSION.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // flags
        common.extend_from_slice(&0u16.to_le_bytes()); // stored
        common.extend_from_slice(&0u16.to_le_bytes()); // time
        common.extend_from_slice(&DOS_DATE.to_le_bytes());
        common.extend_from_slice(&crc);
        common.extend_from_slice(&u32le(data.len())); // compressed
        common.extend_from_slice(&u32le(data.len())); // uncompressed
        common.extend_from_slice(&u16le(name.len()));
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length

        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&VERSION.to_le_bytes()); // made by
        central.extend_from_slice(&common);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&u32le(offset));
        central.extend_from_slice(name.as_bytes());
    }
    let directory_offset = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // the directory's disk
    out.extend_from_slice(&u16le(files.len()));
    out.extend_from_slice(&u16le(files.len()));
    out.extend_from_slice(&u32le(central.len()));
    out.extend_from_slice(&u32le(directory_offset));
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use collectssl::container::{Chain, NetscapeCertificateSequence, Pkcs7, Zip};

    /// The sample chain as DER, root first.
    fn sample() -> Vec<Vec<u8>> {
        let pems = [
            include_str!("../../../examples/samples/chain/root.pem"),
            include_str!("../../../examples/samples/chain/intermediate.pem"),
            include_str!("../../../examples/samples/chain/leaf.pem"),
        ];
        pems.iter()
            .map(|pem| {
                let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
                let blob = collectssl::Blob::base64(base64.as_bytes());
                let mut der = vec![0; blob.decoded_len().unwrap()];
                let len = blob.decode_into(&mut der).unwrap().len();
                der.truncate(len);
                der
            })
            .collect()
    }

    #[test]
    fn the_library_reads_what_is_made_here() {
        let der = sample();
        let p7 = pkcs7(&der);
        let chain = Chain::<4>::from_der(Pkcs7::parse(&p7).unwrap().certificates()).unwrap();
        assert_eq!(chain.len(), 3);
        assert!(chain.ends_with_root());
        let nseq = netscape_sequence(&der);
        let read: Vec<&[u8]> = NetscapeCertificateSequence::parse(&nseq)
            .unwrap()
            .certificates()
            .collect();
        assert_eq!(read, der.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let files: Vec<(String, Vec<u8>)> = der
            .iter()
            .enumerate()
            .map(|(n, d)| (format!("{n}.crt"), d.clone()))
            .collect();
        let archive = zip(&files);
        let mut buf = vec![0; 1 << 16];
        let chain = Chain::<4>::from_zip(&Zip::parse(&archive).unwrap(), &mut buf).unwrap();
        assert_eq!(chain.leaf().der(), der[2].as_slice());
    }

    #[test]
    fn long_lengths_take_the_long_form() {
        assert_eq!(tlv(SEQUENCE, &[0; 0x7f])[..2], [SEQUENCE, 0x7f]);
        assert_eq!(tlv(SEQUENCE, &[0; 0x80])[..3], [SEQUENCE, 0x81, 0x80]);
        assert_eq!(
            tlv(SEQUENCE, &[0; 0x1234])[..4],
            [SEQUENCE, 0x82, 0x12, 0x34]
        );
    }
}
