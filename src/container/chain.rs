//! Chain order: leaf first, each certificate followed by its issuer, found
//! by matching names byte for byte. Nothing is guessed.

use core::mem;

use super::certificate::{Certificate, Certificates};
use super::file::CertificateFile;
use super::nseq::NetscapeCertificateSequence;
use super::pkcs7::Pkcs7;
use super::zip::{Inflater, Zip};
use crate::blob::{Blob, BlobEncoding};
use crate::error::{Error, ErrorKind};

/// Puts `certificates` in chain order, leaf first, writing their indices
/// into `out` and returning the filled part.
///
/// The rules, by issuer and subject `Name`s compared byte for byte:
///
/// - A certificate that appears twice (identical DER) counts once: only
///   the first index is written, so the result may be shorter than the
///   input. Two *different* certificates with the same subject (a
///   re-issued or cross-signed CA) are [`ErrorKind::ChainAmbiguous`].
/// - The leaf is the one certificate that is nobody's issuer (a
///   certificate's own name does not count). No certificate at all, or more
///   than one leaf, is [`ErrorKind::ChainBroken`]: two separate chains, or a
///   link missing in the middle (leaf → *missing* → root leaves the root
///   unclaimed, a second "leaf").
/// - From the leaf, each next certificate is the one whose subject is the
///   current issuer. The chain ends at a self-issued certificate (a root),
///   or where the issuer is not in the set (a chain sent without its root),
///   and then every certificate must have been placed.
/// - An issuer that is already in the chain, no leaf at all, or
///   certificates left over (which can only issue each other, round in a
///   circle) is [`ErrorKind::ChainLoop`].
///
/// These errors carry the index of the certificate in `certificates`
/// and have no byte offset. `out` too short is [`ErrorKind::BufferTooSmall`]. The
/// cost is quadratic in the number of certificates (a handful), linear in
/// their bytes; nothing is allocated.
///
/// ```
/// use collectssl::container::{chain_order, Certificate, Pkcs7};
///
/// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
/// let mut certificates = heapless::Vec::<Certificate, 8>::new();
/// for der in Pkcs7::parse(p7)?.certificates() {
///     certificates.push(Certificate::parse(der)?).unwrap();
/// }
/// let mut order = [0usize; 8];
/// // Stored root first; the chain is leaf first.
/// assert_eq!(chain_order(&certificates, &mut order)?, &[2, 1, 0]);
/// # Ok::<(), collectssl::Error>(())
/// ```
pub fn chain_order<'o>(
    certificates: &[Certificate<'_>],
    out: &'o mut [usize],
) -> Result<&'o [usize], Error> {
    // Indices come from `certificates` itself: a lookup cannot miss.
    let at = |i: usize| {
        let found = certificates.get(i);
        debug_assert!(found.is_some(), "index {i} out of range");
        found
    };
    // The first certificate with the subject of the one at `i`.
    let first_with_subject =
        |subject: &[u8]| certificates.iter().position(|c| c.subject() == subject);
    let twin = |(i, cert): (usize, &Certificate<'_>)| {
        first_with_subject(cert.subject())
            .filter(|&first| first < i)
            .and_then(at)
    };

    // The distinct certificates, in input order: the first with each
    // subject, refused when a later one with that subject differs. Which
    // comes first, a certificate past `out` or an ambiguous one, is the
    // error.
    let distinct = || {
        certificates
            .iter()
            .enumerate()
            .filter(|&entry| twin(entry).is_none())
            .map(|(i, _)| i)
    };
    let ambiguous = certificates
        .iter()
        .enumerate()
        .position(|entry| twin(entry).is_some_and(|t| t.der() != entry.1.der()));
    let too_many = distinct().nth(out.len());
    match (ambiguous, too_many) {
        (Some(a), Some(t)) if t < a => {}
        (Some(a), _) => {
            return Err(Error::unlocated(ErrorKind::ChainAmbiguous {
                certificate: a,
            }));
        }
        _ => {}
    }
    // `out` holds indices, not bytes: the error is at no byte.
    let order = out
        .get_mut(..distinct().count())
        .ok_or(Error::unlocated(ErrorKind::BufferTooSmall))?;
    for (slot, i) in order.iter_mut().zip(distinct()) {
        *slot = i;
    }

    // The leaf, moved to the front: the one certificate that is nobody's
    // issuer.
    let issues_another = |i: usize| {
        at(i).is_some_and(|cert| {
            order
                .iter()
                .any(|&j| j != i && at(j).is_some_and(|c| c.issuer() == cert.subject()))
        })
    };
    let mut leaves = order
        .iter()
        .enumerate()
        .filter(|&(_, &i)| !issues_another(i));
    let leaf = match (leaves.next(), leaves.next(), order.first()) {
        (Some((position, _)), None, _) => position,
        (Some(_), Some((_, &second)), _) => {
            let certificate = Some(second);
            return Err(Error::unlocated(ErrorKind::ChainBroken { certificate }));
        }
        (None, _, None) => return Err(NO_CERTIFICATE),
        (None, _, Some(&first)) => {
            return Err(Error::unlocated(ErrorKind::ChainLoop {
                certificate: first,
            }));
        }
    };
    order.swap(0, leaf);

    // Each issuer after its certificate, selected in place from what is
    // not placed yet.
    let Some((leaf, mut rest)) = order.split_first_mut() else {
        debug_assert!(false, "a leaf was found");
        return Err(NO_CERTIFICATE);
    };
    let mut current = at(*leaf);
    while let Some(cert) = current.filter(|c| !c.is_self_issued()) {
        let Some(k) = rest
            .iter()
            .position(|&j| at(j).is_some_and(|c| c.subject() == cert.issuer()))
        else {
            // Placed already (distinct subjects: only once), or not sent.
            if let Some(j) = first_with_subject(cert.issuer()) {
                return Err(Error::unlocated(ErrorKind::ChainLoop { certificate: j }));
            }
            break;
        };
        rest.swap(0, k);
        let Some((next, tail)) = core::mem::take(&mut rest).split_first_mut() else {
            debug_assert!(false, "position {k} is in the slice");
            break;
        };
        current = at(*next);
        rest = tail;
    }
    if let Some(&left_over) = rest.first() {
        let certificate = left_over;
        return Err(Error::unlocated(ErrorKind::ChainLoop { certificate }));
    }
    Ok(order)
}

/// No certificate at all: no chain. A chain's errors name a certificate
/// by its index, not a byte, so they are unlocated.
const NO_CERTIFICATE: Error = Error::unlocated(ErrorKind::ChainBroken { certificate: None });

/// Up to `N` certificates in chain order, leaf first, borrowed from a
/// container or a caller buffer (see [`chain_order`] for the rules).
///
/// ```
/// use collectssl::container::Chain;
/// use collectssl::response::{Expectation, Response};
///
/// let request = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.request"));
/// let body = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
/// let response = Response::parse(body, &Expectation::from_form(request))?;
///
/// let mut buf = [0u8; 8192];
/// let chain: Chain<'_, 4> = response.chain(&mut buf)?;
/// assert_eq!(chain.len(), 3);
/// assert!(!chain.leaf().is_self_issued());
/// assert!(chain.ends_with_root());
/// for pair in chain.certificates().windows(2) {
///     assert!(pair[0].is_issued_by(&pair[1]));
/// }
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Chain<'a, const N: usize> {
    /// Never empty.
    certificates: heapless::Vec<Certificate<'a>, N>,
    /// The first of them.
    leaf: Certificate<'a>,
    /// The last of them.
    last: Certificate<'a>,
}

impl<'a, const N: usize> Chain<'a, N> {
    /// Orders DER certificates, e.g. [`Pkcs7::certificates`]. More than `N`
    /// distinct certificates is [`ErrorKind::BufferTooSmall`]; a
    /// certificate that does not parse is an error at its offset.
    ///
    /// ```
    /// use collectssl::container::{Chain, Pkcs7};
    /// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let chain = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates())?;
    /// assert_eq!(chain.len(), 3);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn from_der<I: IntoIterator<Item = &'a [u8]>>(certificates: I) -> Result<Self, Error> {
        let mut collected = Collected::new();
        for der in certificates {
            collected.push(Certificate::parse(der)?)?;
        }
        collected.order()
    }

    /// Orders the certificates of a ZIP archive: every entry is extracted
    /// and read as a [`CertificateFile`] (DER, or PEM blocks; a file
    /// without any block adds nothing), and identical certificates (say,
    /// in both a `.crt` and a `.ca-bundle`) count once.
    ///
    /// `buf` holds the DER certificates the chain borrows, plus room for
    /// the largest entry; it is [`ErrorKind::BufferTooSmall`] otherwise.
    /// A deflate decoder (about 10 KiB) lives on the stack meanwhile.
    ///
    /// ```
    /// use collectssl::container::{Chain, Zip};
    /// let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let mut buf = [0u8; 8192];
    /// let chain = Chain::<4>::from_zip(&Zip::parse(archive)?, &mut buf)?;
    /// assert!(chain.last().is_self_issued());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn from_zip(zip: &Zip<'_>, buf: &'a mut [u8]) -> Result<Self, Error> {
        let mut collected = Collected::new();
        collected.zip(zip, buf)?;
        collected.order()
    }

    /// The certificates, leaf first.
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let chain = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates())?;
    /// let [leaf, intermediate, root] = chain.certificates() else { panic!() };
    /// assert!(leaf.is_issued_by(intermediate) && intermediate.is_issued_by(root));
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn certificates(&self) -> &[Certificate<'a>] {
        &self.certificates
    }

    /// Iterates leaf first.
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let chain = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates())?;
    /// assert_eq!(chain.iter().filter(|c| c.is_self_issued()).count(), 1);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn iter(&self) -> core::slice::Iter<'_, Certificate<'a>> {
        self.certificates.iter()
    }

    /// The end-entity certificate.
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let chain = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates())?;
    /// assert!(!chain.leaf().is_self_issued());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn leaf(&self) -> Certificate<'a> {
        self.leaf
    }

    /// The last certificate: the root when [`Chain::ends_with_root`], else
    /// the highest CA certificate the set held.
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let chain = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates())?;
    /// assert!(chain.last().is_self_issued());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn last(&self) -> Certificate<'a> {
        self.last
    }

    /// Whether the chain ends with a self-issued certificate (a root).
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let all = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates())?;
    /// assert!(all.ends_with_root());
    /// let without_root = Chain::<4>::from_der(Pkcs7::parse(p7)?.certificates().skip(1))?;
    /// assert!(!without_root.ends_with_root());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn ends_with_root(&self) -> bool {
        self.last.is_self_issued()
    }

    /// The number of certificates (at least one).
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// assert_eq!(Chain::<3>::from_der(Pkcs7::parse(p7)?.certificates())?.len(), 3);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    /// Always `false`: a chain has a leaf (kept for the `len` convention).
    ///
    /// ```
    /// # use collectssl::container::{Chain, Pkcs7};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// assert!(!Chain::<3>::from_der(Pkcs7::parse(p7)?.certificates())?.is_empty());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }
}

impl<'c, 'a, const N: usize> IntoIterator for &'c Chain<'a, N> {
    type Item = &'c Certificate<'a>;
    type IntoIter = core::slice::Iter<'c, Certificate<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The bytes of `blob`: in place when binary, else decoded into the front
/// of `rest`, which keeps what is left.
fn decoded<'a>(blob: Blob<'a>, rest: &mut &'a mut [u8]) -> Result<&'a [u8], Error> {
    if blob.encoding() == BlobEncoding::Binary {
        return Ok(blob.raw());
    }
    let len = blob.decode_into(rest)?.len();
    take_front(rest, len)
}

/// Splits the first `len` bytes off `rest`.
fn take_front<'a>(rest: &mut &'a mut [u8], len: usize) -> Result<&'a [u8], Error> {
    let (front, tail) = mem::take(rest)
        .split_at_mut_checked(len)
        .ok_or(Error::unlocated(ErrorKind::BufferTooSmall))?;
    *rest = tail;
    Ok(front)
}

/// Distinct certificates in the order they were found, collected from
/// certificates and containers, then put in chain order: what builds a
/// [`Chain`] from a response.
#[derive(Debug)]
pub(crate) struct Collected<'a, const N: usize> {
    certificates: heapless::Vec<Certificate<'a>, N>,
}

impl<'a, const N: usize> Collected<'a, N> {
    /// Nothing yet.
    pub(crate) const fn new() -> Self {
        Self {
            certificates: heapless::Vec::new(),
        }
    }

    /// Adds `certificate` unless an identical one is there.
    fn push(&mut self, certificate: Certificate<'a>) -> Result<(), Error> {
        if self
            .certificates
            .iter()
            .any(|c| c.der() == certificate.der())
        {
            return Ok(());
        }
        self.certificates
            .push(certificate)
            .map_err(|_| Error::unlocated(ErrorKind::BufferTooSmall))
    }

    /// Adds each certificate of a container's list, located in it.
    fn push_all(&mut self, mut certificates: Certificates<'a>) -> Result<(), Error> {
        while let Some(value) = certificates.next_value() {
            self.push(Certificate::parse_in(&value)?)?;
        }
        Ok(())
    }

    /// Adds the certificate of `blob`, decoded into the front of `rest`
    /// unless it is binary.
    pub(crate) fn certificate(
        &mut self,
        blob: Blob<'a>,
        rest: &mut &'a mut [u8],
    ) -> Result<(), Error> {
        self.push(Certificate::parse(decoded(blob, rest)?)?)
    }

    /// Adds the certificates of the PKCS#7 in `blob`, as
    /// [`Collected::certificate`].
    pub(crate) fn pkcs7(&mut self, blob: Blob<'a>, rest: &mut &'a mut [u8]) -> Result<(), Error> {
        self.push_all(Pkcs7::parse(decoded(blob, rest)?)?.certificates())
    }

    /// Adds the certificates of the Netscape sequence in `blob`, as
    /// [`Collected::certificate`].
    pub(crate) fn netscape_sequence(
        &mut self,
        blob: Blob<'a>,
        rest: &mut &'a mut [u8],
    ) -> Result<(), Error> {
        let bytes = decoded(blob, rest)?;
        self.push_all(NetscapeCertificateSequence::parse(bytes)?.certificates())
    }

    /// Adds the certificates of the ZIP in `blob`: decoded into the front
    /// of `buf` unless it is binary, its files then read with the rest.
    pub(crate) fn zip_file(&mut self, blob: Blob<'a>, buf: &'a mut [u8]) -> Result<(), Error> {
        let mut rest = buf;
        let zip = Zip::parse(decoded(blob, &mut rest)?)?;
        self.zip(&zip, rest)
    }

    /// Adds the certificates of every entry of `zip`: the largest entry is
    /// extracted at the back of `buf`, the DER kept at the front.
    fn zip(&mut self, zip: &Zip<'_>, buf: &'a mut [u8]) -> Result<(), Error> {
        // An entry too large for `usize` is too large for `buf`.
        let largest = zip
            .entries()
            .map(|e| usize::try_from(e.uncompressed_size()).unwrap_or(usize::MAX))
            .max()
            .unwrap_or(0);
        let split = buf
            .len()
            .checked_sub(largest)
            .ok_or(Error::unlocated(ErrorKind::BufferTooSmall))?;
        let (mut front, scratch) = buf.split_at_mut(split);
        let mut inflater = Inflater::new();
        for entry in zip.entries() {
            let file = CertificateFile::parse(zip.extract_with(&entry, scratch, &mut inflater)?)?;
            for blob in file.blobs() {
                let len = blob.decode_into(front)?.len();
                self.push(Certificate::parse(take_front(&mut front, len)?)?)?;
            }
        }
        Ok(())
    }

    /// The chain of what was collected.
    pub(crate) fn order(self) -> Result<Chain<'a, N>, Error> {
        let mut indices = [0usize; N];
        let order = chain_order(&self.certificates, &mut indices)?;
        let mut certificates = heapless::Vec::new();
        for certificate in order.iter().filter_map(|&i| self.certificates.get(i)) {
            certificates
                .push(*certificate)
                .map_err(|_| Error::unlocated(ErrorKind::BufferTooSmall))?;
        }
        let (Some(&leaf), Some(&last)) = (certificates.first(), certificates.last()) else {
            debug_assert!(false, "chain_order refuses no certificate");
            return Err(NO_CERTIFICATE);
        };
        Ok(Chain {
            certificates,
            leaf,
            last,
        })
    }
}
#[cfg(test)]
mod tests {
    use super::super::certificate::build::certificate;
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn order_of(ders: &[Vec<u8>]) -> Result<Vec<usize>, Error> {
        let certs: Vec<Certificate<'_>> = ders
            .iter()
            .map(|d| Certificate::parse(d).unwrap())
            .collect();
        let mut out = vec![0usize; certs.len()];
        chain_order(&certs, &mut out).map(<[usize]>::to_vec)
    }

    /// The error's kind; a chain's error is at no byte.
    fn fail(ders: &[Vec<u8>]) -> ErrorKind {
        let e = order_of(ders).unwrap_err();
        assert_eq!(e.offset(), None, "{e}");
        e.kind()
    }

    /// All orderings of `0..n`.
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![vec![]];
        }
        let mut all = Vec::new();
        for p in permutations(n - 1) {
            for at in 0..=p.len() {
                let mut q = p.clone();
                q.insert(at, n - 1);
                all.push(q);
            }
        }
        all
    }

    #[test]
    fn any_stored_order_gives_leaf_to_root() {
        let chain = [
            certificate("Intermediate 2", "leaf"),
            certificate("Intermediate 1", "Intermediate 2"),
            certificate("Root", "Intermediate 1"),
            certificate("Root", "Root"),
        ];
        for p in permutations(chain.len()) {
            let shuffled: Vec<Vec<u8>> = p.iter().map(|&i| chain[i].clone()).collect();
            let got: Vec<usize> = order_of(&shuffled).unwrap().iter().map(|&i| p[i]).collect();
            assert_eq!(got, [0, 1, 2, 3], "{p:?}");
        }
    }

    #[test]
    fn without_root_and_alone() {
        let leaf = certificate("CA", "leaf");
        let ca = certificate("Root", "CA");
        assert_eq!(order_of(&[ca.clone(), leaf.clone()]).unwrap(), [1, 0]);
        assert_eq!(order_of(&[leaf]).unwrap(), [0]);
        assert_eq!(order_of(&[certificate("Root", "Root")]).unwrap(), [0]);
    }

    #[test]
    fn identical_certificates_count_once() {
        let root = certificate("Root", "Root");
        let leaf = certificate("Root", "leaf");
        let got = order_of(&[root.clone(), leaf.clone(), root.clone(), leaf]).unwrap();
        assert_eq!(got, [1, 0]);
    }

    #[test]
    fn same_subject_different_certificate_is_ambiguous() {
        let ders = [
            certificate("Old Root", "CA"),
            certificate("CA", "leaf"),
            certificate("New Root", "CA"),
        ];
        assert_eq!(fail(&ders), ErrorKind::ChainAmbiguous { certificate: 2 });
    }

    #[test]
    fn a_missing_link_leaves_two_ends() {
        // leaf -> (CA missing) -> Root
        let ders = [certificate("CA", "leaf"), certificate("Root", "Root")];
        let second_leaf = ErrorKind::ChainBroken {
            certificate: Some(1),
        };
        assert_eq!(fail(&ders), second_leaf);
        // Two leaves under one CA.
        let ders = [
            certificate("CA", "a"),
            certificate("CA", "b"),
            certificate("CA", "CA"),
        ];
        assert_eq!(fail(&ders), second_leaf);
        assert_eq!(fail(&[]), ErrorKind::ChainBroken { certificate: None });
    }

    #[test]
    fn loops_are_reported() {
        // Two CAs that issued each other: no leaf at all.
        let a = certificate("B", "A");
        let b = certificate("A", "B");
        let looping = |certificate| ErrorKind::ChainLoop { certificate };
        assert_eq!(fail(&[a.clone(), b.clone()]), looping(0));
        // A leaf under the loop: the walk comes back to A.
        let leaf = certificate("A", "leaf");
        assert_eq!(fail(&[b.clone(), leaf.clone(), a.clone()]), looping(2));
        // A loop beside a proper chain: left over.
        let root = certificate("Root", "Root");
        let leaf = certificate("Root", "leaf");
        assert_eq!(fail(&[leaf, a, root, b]), looping(1));
    }

    #[test]
    fn too_small_outputs() {
        let ders = [certificate("Root", "Root"), certificate("Root", "leaf")];
        let certs: Vec<Certificate<'_>> = ders
            .iter()
            .map(|d| Certificate::parse(d).unwrap())
            .collect();
        // Room for indices or certificates, not bytes: at no byte.
        let e = chain_order(&certs, &mut [0usize; 1]).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::BufferTooSmall, None));
        let e = Chain::<1>::from_der(ders.iter().map(Vec::as_slice)).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::BufferTooSmall, None));
        let chain = Chain::<2>::from_der(ders.iter().map(Vec::as_slice)).unwrap();
        assert_eq!(chain.leaf().der(), &ders[1][..]);
        assert_eq!(chain.last().der(), &ders[0][..]);
        assert!(chain.ends_with_root());
        assert_eq!((&chain).into_iter().count(), 2);
    }

    #[test]
    fn a_buffer_too_small_for_the_zip() {
        let body = include_bytes!("../../examples/samples/zip-binary.body");
        let zip = Zip::parse(body).unwrap();
        let mut buf = vec![0u8; 2000];
        let e = Chain::<4>::from_zip(&zip, &mut buf).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BufferTooSmall);
        let mut buf = vec![0u8; 100];
        let e = Chain::<4>::from_zip(&zip, &mut buf).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::BufferTooSmall, None));
        let mut buf = vec![0u8; 4096];
        assert_eq!(Chain::<4>::from_zip(&zip, &mut buf).unwrap().len(), 3);
    }
}
