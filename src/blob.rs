//! Certificates and containers as the responses carry them: the base64 of
//! a PEM block, form-encoded base64, or raw bytes; decoded into caller
//! buffers.
//!
//! Parsing only finds where a blob is (at memchr speed); its base64 is
//! checked when it is decoded, with errors at their byte offset in the body.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, ErrorKind};
use crate::standard_base64::{self, Refusal};

mod fast;
#[cfg(feature = "simd")]
mod simd;

/// How a [`Blob`] is written in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlobEncoding {
    /// Base64 lines, as inside PEM armor (CR/LF ignored).
    Base64,
    /// Base64 that is then form-encoded, as in format 1 (CR/LF ignored).
    FormBase64,
    /// The raw bytes themselves (`responseEncoding=1`, or built by a caller).
    Binary,
}

/// A certificate or a container (ZIP, PKCS#7, Netscape Certificate
/// Sequence), borrowed from the body in its wire encoding.
///
/// Two blobs are equal when their decoded bytes are, whatever encoding
/// carried them (a blob that does not decode equals only its identical twin).
///
/// ```
/// use collectssl::Blob;
///
/// let pem_body = Blob::base64(b"AAEC\r\nAw==\r\n");
/// let form = Blob::form_base64(b"AAECAw%3D%3D");
/// let raw = Blob::binary(&[0, 1, 2, 3]);
/// assert_eq!(pem_body, form);
/// assert_eq!(form, raw);
///
/// let mut der = [0u8; 8];
/// assert_eq!(pem_body.decoded_len().unwrap(), 4);
/// assert_eq!(pem_body.decode_into(&mut der).unwrap(), &[0, 1, 2, 3]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Blob<'a> {
    raw: &'a [u8],
    encoding: BlobEncoding,
    offset: usize,
}

/// Base64 characters decoded per step: a multiple of 4.
const STAGE: usize = 1024;
/// Bytes one step decodes to at most.
pub(crate) const CHUNK: usize = STAGE / 4 * 3;

impl<'a> Blob<'a> {
    /// Base64 text with optional line breaks (the inside of a PEM block).
    ///
    /// ```
    /// assert_eq!(collectssl::Blob::base64(b"QQ==").decoded_len().unwrap(), 1);
    /// ```
    pub const fn base64(raw: &'a [u8]) -> Self {
        Self::new(raw, BlobEncoding::Base64)
    }

    /// Base64 text that is form-encoded (format 1 values).
    ///
    /// ```
    /// assert_eq!(collectssl::Blob::form_base64(b"Pz8%2F").decoded_len().unwrap(), 3);
    /// ```
    pub const fn form_base64(raw: &'a [u8]) -> Self {
        Self::new(raw, BlobEncoding::FormBase64)
    }

    /// Raw bytes, e.g. DER or a ZIP archive.
    ///
    /// ```
    /// assert_eq!(collectssl::Blob::binary(b"PK").decoded_len().unwrap(), 2);
    /// ```
    pub const fn binary(bytes: &'a [u8]) -> Self {
        Self::new(bytes, BlobEncoding::Binary)
    }

    const fn new(raw: &'a [u8], encoding: BlobEncoding) -> Self {
        Self {
            raw,
            encoding,
            offset: 0,
        }
    }

    /// The same blob, found at `offset` in a body, so that errors point there.
    pub(crate) const fn at(self, offset: usize) -> Self {
        Self { offset, ..self }
    }

    /// The bytes as they are in the body.
    ///
    /// ```
    /// assert_eq!(collectssl::Blob::base64(b"QQ==").raw(), b"QQ==");
    /// ```
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// How the bytes are encoded.
    ///
    /// ```
    /// use collectssl::{Blob, BlobEncoding};
    /// assert_eq!(Blob::binary(b"").encoding(), BlobEncoding::Binary);
    /// ```
    pub const fn encoding(&self) -> BlobEncoding {
        self.encoding
    }

    /// Byte offset of the blob in the body it was parsed from.
    ///
    /// ```
    /// assert_eq!(collectssl::Blob::binary(b"").offset(), 0);
    /// ```
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The number of decoded bytes, from the number of base64 characters
    /// and the padding, without decoding: exact for valid base64, so a
    /// buffer of this size fits. Bad characters are reported by
    /// [`Blob::decode_into`] and [`Blob::check`].
    ///
    /// ```
    /// use collectssl::{Blob, ErrorKind};
    /// assert_eq!(Blob::base64(b"AAAA\nAA==").decoded_len().unwrap(), 4);
    /// assert_eq!(Blob::base64(b"AAAAA").decoded_len().unwrap_err().kind(), ErrorKind::InvalidBase64);
    /// ```
    pub fn decoded_len(&self) -> Result<usize, Error> {
        if self.encoding == BlobEncoding::Binary {
            return Ok(self.raw.len());
        }
        let mut decoder = self.decoder();
        // Counting characters needs every line break found, not guessed.
        decoder.width = Some(0);
        let mut stage = [0u8; STAGE];
        let mut chars = 0usize;
        let mut tail = [0u8; 2];
        loop {
            let n = decoder.fill(&mut stage)?;
            match stage.get(..n) {
                Some([]) | None => break,
                Some([.., a, b]) => tail = [*a, *b],
                Some([b]) => tail = [tail[1], *b],
            }
            chars = chars.saturating_add(n);
        }
        if !chars.is_multiple_of(4) {
            return Err(decoder.error_at(self.raw.len()));
        }
        let padding = match tail {
            [b'=', b'='] => 2,
            [_, b'='] => 1,
            _ => 0,
        };
        Ok((chars / 4).saturating_mul(3).saturating_sub(padding))
    }

    /// Decodes into `out` and returns the decoded bytes (DER for a
    /// certificate). Size `out` with [`Blob::decoded_len`]. The rest of
    /// `out` is scratch space: bytes past the decoded ones may be
    /// overwritten (a few; with the `simd` feature, up to a third of the
    /// decoded length more; after an error, any of them).
    ///
    /// ```
    /// use collectssl::{Blob, ErrorKind};
    /// let mut out = [0u8; 2];
    /// assert_eq!(Blob::base64(b"AAEC").decode_into(&mut out).unwrap_err().kind(),
    ///            ErrorKind::BufferTooSmall);
    /// ```
    pub fn decode_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        let mut decoder = self.decoder();
        let mut stage = Stage::new();
        let mut len = 0usize;
        loop {
            let rest = tail_mut(out, len);
            let n = decoder
                .next_into(rest, &mut stage)
                .map_err(|e| match e.kind() {
                    ErrorKind::BufferTooSmall => e.shifted(len),
                    _ => e,
                })?;
            if n == 0 {
                break;
            }
            len = len.saturating_add(n);
        }
        Ok(head(out, len))
    }

    /// Decodes the whole blob once to check it, without keeping the bytes.
    ///
    /// ```
    /// use collectssl::{Blob, ErrorKind};
    /// assert!(Blob::base64(b"AAEC").check().is_ok());
    /// assert_eq!(Blob::base64(b"AA*C").check().unwrap_err().offset(), Some(2));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        self.for_each_chunk(|_| Ok(()))
    }

    /// Hands the decoded bytes to `f` in order, in chunks of at most 768 bytes.
    ///
    /// ```
    /// let mut total = 0;
    /// collectssl::Blob::base64(b"AAECAw==").for_each_chunk(|c| { total += c.len(); Ok(()) }).unwrap();
    /// assert_eq!(total, 4);
    /// ```
    pub fn for_each_chunk(
        &self,
        mut f: impl FnMut(&[u8]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut decoder = self.decoder();
        let mut out = [0u8; CHUNK];
        let mut stage = Stage::new();
        loop {
            match decoder.next_into(&mut out, &mut stage)? {
                0 => return Ok(()),
                n => f(head(&out, n))?,
            }
        }
    }

    /// Writes the blob as a PEM block with `label` (e.g. `CERTIFICATE`):
    /// RFC 7468 armor, 64-column base64, LF line endings.
    ///
    /// ```
    /// let mut pem = String::new();
    /// collectssl::Blob::binary(&[1, 2, 3]).write_pem("CERTIFICATE", &mut pem).unwrap();
    /// assert_eq!(pem, "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n");
    /// ```
    pub fn write_pem<W: core::fmt::Write>(&self, label: &str, w: &mut W) -> Result<(), Error> {
        pem_block(&mut crate::sink::FmtSink::new(w), label, *self)
    }

    pub(crate) fn decoder(&self) -> Decoder<'a> {
        Decoder {
            blob: *self,
            pos: 0,
            in_stage: 0,
            padded: false,
            width: None,
        }
    }
}

impl PartialEq for Blob<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.encoding == other.encoding && self.raw == other.raw {
            return true;
        }
        let (mut a, mut b) = (self.decoder(), other.decoder());
        let (mut buf_a, mut buf_b) = ([0u8; CHUNK], [0u8; CHUNK]);
        let mut stage = Stage::new();
        let (mut filled_a, mut filled_b) = (0usize, 0usize);
        let (mut used_a, mut used_b) = (0usize, 0usize);
        loop {
            if used_a == filled_a {
                (filled_a, used_a) = match a.next_into(&mut buf_a, &mut stage) {
                    Ok(n) => (n, 0),
                    Err(_) => return false,
                };
            }
            if used_b == filled_b {
                (filled_b, used_b) = match b.next_into(&mut buf_b, &mut stage) {
                    Ok(n) => (n, 0),
                    Err(_) => return false,
                };
            }
            let rest_a = buf_a.get(used_a..filled_a).unwrap_or_default();
            let rest_b = buf_b.get(used_b..filled_b).unwrap_or_default();
            let n = rest_a.len().min(rest_b.len());
            if n == 0 {
                return rest_a.is_empty() && rest_b.is_empty();
            }
            if rest_a.get(..n) != rest_b.get(..n) {
                return false;
            }
            used_a = used_a.saturating_add(n);
            used_b = used_b.saturating_add(n);
        }
    }
}

impl Eq for Blob<'_> {}

#[cfg(feature = "serde")]
impl serde::Serialize for Blob<'_> {
    /// The decoded bytes as standard padded base64 without line breaks;
    /// a blob that does not decode is a serialization error.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Base64<'b>(Blob<'b>);
        impl core::fmt::Display for Base64<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write_base64(self.0, |line| {
                    f.write_str(line)
                        .map_err(|_| Error::unlocated(ErrorKind::Write))
                })
                .map_err(|_| core::fmt::Error)
            }
        }
        // Check first: a `Display` that fails would leave some
        // serializers (serde_json) without an error to report.
        self.check().map_err(serde::ser::Error::custom)?;
        s.collect_str(&Base64(*self))
    }
}

/// A pull decoder over a blob's base64.
///
/// It decodes as the engine decodes each stage of 1024 characters (line
/// breaks left out, escapes resolved): runs of whole quads go straight to the
/// caller's buffer (`fast`); from the first quad a run does not take, the
/// rest of that stage is staged and decoded with the engine's verdicts.
#[derive(Debug, Clone)]
pub(crate) struct Decoder<'a> {
    blob: Blob<'a>,
    /// Next raw byte to read.
    pos: usize,
    /// Characters decoded so far, modulo the stage: where the current
    /// stage ends.
    in_stage: usize,
    /// Padding was seen: nothing may follow.
    padded: bool,
    /// The width of the first line when it is whole quads, for the fixed
    /// stride; 0 for none, `None` until the first call.
    width: Option<usize>,
}

/// The first `n` bytes, where `n` is a length the decoder wrote or staged
/// into these bytes, so never past their end (if it were, all of them).
fn head(bytes: &[u8], n: usize) -> &[u8] {
    debug_assert!(n <= bytes.len(), "{n} past {}", bytes.len());
    bytes.get(..n).unwrap_or(bytes)
}

/// As [`head`], mutable.
fn head_mut(bytes: &mut [u8], n: usize) -> &mut [u8] {
    debug_assert!(n <= bytes.len(), "{n} past {}", bytes.len());
    let len = bytes.len();
    bytes.split_at_mut(n.min(len)).0
}

/// What follows the first `n` bytes, as [`head`] bounds them (if `n` were
/// past the end, nothing).
fn tail_mut(bytes: &mut [u8], n: usize) -> &mut [u8] {
    debug_assert!(n <= bytes.len(), "{n} past {}", bytes.len());
    let len = bytes.len();
    bytes.split_at_mut(n.min(len)).1
}

/// Where in its stage the decoder is after `quads` more whole quads.
fn stage_after(in_stage: usize, quads: usize) -> usize {
    // `in_stage < STAGE`; taking the quads modulo the stage first keeps the
    // sum small.
    #[allow(clippy::arithmetic_side_effects)]
    let next = (in_stage + quads % (STAGE / 4) * 4) % STAGE;
    next
}

/// The characters one decoding step works on. With the fast path they are
/// zeroed when a step first needs them: a PEM block that the fast path
/// decodes to its padding never does, and zeroing 1 KiB took about 35 ns,
/// a twentieth of a certificate's decoding. Without the fast path every
/// step is staged, and the deferral would only cost flash.
pub(crate) struct Stage {
    #[cfg(feature = "fast-base64")]
    chars: Option<[u8; STAGE]>,
    #[cfg(not(feature = "fast-base64"))]
    chars: [u8; STAGE],
}

impl Stage {
    /// A stage for one decoder's steps.
    pub(crate) const fn new() -> Self {
        #[cfg(feature = "fast-base64")]
        return Self { chars: None };
        #[cfg(not(feature = "fast-base64"))]
        return Self { chars: [0; STAGE] };
    }

    /// The characters, zeroed on the first call.
    fn get(&mut self) -> &mut [u8; STAGE] {
        // Lazy: an eager argument would zero 1 KiB on every call.
        #[cfg(feature = "fast-base64")]
        #[allow(clippy::unnecessary_lazy_evaluations)]
        return self.chars.get_or_insert_with(|| [0; STAGE]);
        #[cfg(not(feature = "fast-base64"))]
        return &mut self.chars;
    }
}

impl<'a> Decoder<'a> {
    /// Decodes the next bytes into `out` and returns how many it wrote; 0 at
    /// the end. `stage` is scratch space the caller keeps.
    pub(crate) fn next_into(&mut self, out: &mut [u8], stage: &mut Stage) -> Result<usize, Error> {
        let raw = self.blob.raw;
        let rest = raw.get(self.pos..).unwrap_or_default();
        if rest.is_empty() {
            return Ok(0);
        }
        let run = match self.blob.encoding {
            BlobEncoding::Binary => {
                if out.is_empty() {
                    return Err(Error::new(ErrorKind::BufferTooSmall, 0));
                }
                let n = rest.len().min(out.len());
                if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
                    dst.copy_from_slice(src);
                }
                self.pos = self.pos.saturating_add(n);
                return Ok(n);
            }
            _ if self.padded => fast::Run {
                read: 0,
                written: 0,
            },
            BlobEncoding::Base64 => fast::run::<false>(rest, out, self.width()),
            BlobEncoding::FormBase64 => fast::run::<true>(rest, out, 0),
        };
        if run.written > 0 {
            self.pos = self.pos.saturating_add(run.read);
            self.in_stage = stage_after(self.in_stage, run.written / 3);
            return Ok(run.written);
        }
        // Only line breaks left (the one that ends a PEM block's last
        // line): done, without staging them. (Without the fast path every
        // step is staged anyway; the test would cost flash for nothing.)
        if cfg!(feature = "fast-base64") && rest.iter().all(|&b| b == b'\r' || b == b'\n') {
            return Ok(0);
        }
        self.next_staged(out, stage)
    }

    /// Stages the rest of the current stage and decodes it as the engine does.
    fn next_staged(&mut self, out: &mut [u8], stage: &mut Stage) -> Result<usize, Error> {
        let start = self.pos;
        let limit = STAGE.saturating_sub(self.in_stage);
        let staged = self.fill(head_mut(stage.get(), limit))?;
        if staged == 0 {
            return Ok(0);
        }
        if self.padded {
            return Err(self.error_at(start));
        }
        let chars = head(stage.get(), staged);
        let n = match decode(chars, out) {
            Ok(n) => n,
            Err(e) => return Err(e.map_or_else(|full| full, |e| self.locate(start, e))),
        };
        // The stage is finished, or the blob is.
        self.in_stage = 0;
        self.padded = chars.last() == Some(&b'=');
        if self.padded {
            // Whatever follows the padding must be only line breaks.
            if let Some((_, at, _)) = self.next_char(self.pos)? {
                return Err(self.error_at(at));
            }
        }
        Ok(n)
    }

    /// Copies base64 characters into `stage`, skipping CR/LF and decoding
    /// form escapes; returns how many were staged.
    fn fill(&mut self, stage: &mut [u8]) -> Result<usize, Error> {
        match self.blob.encoding {
            BlobEncoding::Base64 => Ok(self.fill_plain(stage)),
            BlobEncoding::FormBase64 => self.fill_form(stage),
            BlobEncoding::Binary => Ok(0),
        }
    }

    /// The width of the first line when it is whole quads, else 0 (and
    /// always 0 where nothing takes lines at a fixed stride).
    fn width(&mut self) -> usize {
        if !cfg!(feature = "fast-base64") {
            return 0;
        }
        let raw = self.blob.raw;
        *self.width.get_or_insert_with(|| {
            let line = memchr::memchr2(b'\r', b'\n', raw).unwrap_or(0);
            if line.is_multiple_of(4) { line } else { 0 }
        })
    }

    /// Plain base64 lines: copy the runs between line breaks.
    fn fill_plain(&mut self, stage: &mut [u8]) -> usize {
        let raw = self.blob.raw;
        let mut len = 0usize;
        while let Some(rest) = raw.get(self.pos..).filter(|r| !r.is_empty()) {
            let free = stage.len().saturating_sub(len);
            if free == 0 {
                break;
            }
            let run = memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
            let take = run.min(free);
            let end = len.saturating_add(take);
            if let (Some(dst), Some(src)) = (stage.get_mut(len..end), rest.get(..take)) {
                dst.copy_from_slice(src);
            }
            len = end;
            // Step over the line break too when the whole run was taken.
            let step = if take == run && run < rest.len() {
                take.saturating_add(1)
            } else {
                take
            };
            self.pos = self.pos.saturating_add(step);
        }
        len
    }

    /// Form-encoded base64: decode escapes, skip CR/LF (raw or escaped).
    /// Eight bytes at a time are copied as they are, and kept up to the
    /// first that is special (`%`, `+`, CR, LF), which goes the slow way: a
    /// `+` (a space in a form) stays where it is, for the decoder to refuse.
    fn fill_form(&mut self, stage: &mut [u8]) -> Result<usize, Error> {
        let raw = self.blob.raw;
        let mut len = 0usize;
        while len < stage.len() {
            let rest = raw.get(self.pos..).unwrap_or_default();
            if let Some(word) = rest.first_chunk::<8>()
                && let Some(dst) = stage.get_mut(len..).and_then(|s| s.first_chunk_mut::<8>())
            {
                *dst = *word;
                let clean = match special(u64::from_le_bytes(*word)) {
                    0 => 8,
                    lanes => lanes.trailing_zeros() as usize / 8,
                };
                // Both within one input and one stage: they cannot overflow.
                #[allow(clippy::arithmetic_side_effects)]
                {
                    (len, self.pos) = (len + clean, self.pos + clean);
                }
                if clean == 8 || len == stage.len() {
                    continue;
                }
            }
            let Some((byte, _, next)) = self.next_char(self.pos)? else {
                self.pos = raw.len();
                break;
            };
            if let Some(slot) = stage.get_mut(len) {
                *slot = byte;
                len = len.saturating_add(1);
            }
            self.pos = next;
        }
        Ok(len)
    }

    /// The next base64 character from raw `pos` on (line breaks skipped,
    /// escapes resolved): the character, its raw offset, and the offset
    /// after it; `None` at the end.
    fn next_char(&self, mut pos: usize) -> Result<Option<(u8, usize, usize)>, Error> {
        let raw = self.blob.raw;
        let form = self.blob.encoding == BlobEncoding::FormBase64;
        while let Some(rest) = raw.get(pos..) {
            let (byte, used) = match rest {
                [] => return Ok(None),
                [b'%', ..] if form => match crate::form::escape(rest) {
                    Some(b) => (b, 3),
                    None => {
                        return Err(Error::new(
                            ErrorKind::InvalidEscape,
                            self.blob.offset.saturating_add(pos),
                        ));
                    }
                },
                [b'+', ..] if form => (b' ', 1),
                [b, ..] => (*b, 1),
            };
            let next = pos.saturating_add(used);
            if byte != b'\r' && byte != b'\n' {
                return Ok(Some((byte, pos, next)));
            }
            pos = next;
        }
        Ok(None)
    }

    fn error_at(&self, raw_pos: usize) -> Error {
        Error::new(
            ErrorKind::InvalidBase64,
            self.blob.offset.saturating_add(raw_pos),
        )
    }

    /// Turns a decode error in the stage that began at raw `start` into an
    /// error at the raw offset of the offending character.
    fn locate(&self, start: usize, err: Refusal) -> Error {
        // A wrong length or padding is noticed at the end of the stage.
        let mut at = self.pos.saturating_sub(1);
        if let Refusal::At(index) = err {
            let mut pos = start;
            for _ in 0..=index {
                match self.next_char(pos) {
                    Ok(Some((_, here, next))) => {
                        at = here;
                        pos = next;
                    }
                    _ => break,
                }
            }
        }
        self.error_at(at)
    }
}

/// The top bit of each byte of `word` that form base64 does not copy as
/// it is (`%`, `+`, CR, LF): exact up to the lowest.
fn special(word: u64) -> u64 {
    use crate::form::lanes_equal;
    lanes_equal(word, b'%')
        | lanes_equal(word, b'+')
        | lanes_equal(word, b'\r')
        | lanes_equal(word, b'\n')
}

/// Decodes one stage of `chars` into `out`. The decoder wants room for its
/// estimate (padding counted as data), so a short `out` goes through a
/// local buffer. The error is the decoder's (to locate) or a full `out`.
fn decode(chars: &[u8], out: &mut [u8]) -> Result<usize, Result<Refusal, Error>> {
    let estimate = chars.len().div_ceil(4).saturating_mul(3);
    if out.len() >= estimate {
        return decode_stage(chars, out).map_err(Ok);
    }
    let mut local = [0u8; CHUNK];
    let n = decode_stage(chars, &mut local).map_err(Ok)?;
    let room = out.len();
    out.get_mut(..n)
        .ok_or(Err(Error::new(ErrorKind::BufferTooSmall, room)))?
        .copy_from_slice(head(&local, n));
    Ok(n)
}

/// Decodes one stage as `standard_base64::decode` does, with its verdicts:
/// every whole quad but the last (which may hold padding) on the fast path
/// (`base64-simd` with `simd`, else the groups of `fast`), the last quad
/// and any refusal by the table decoder. `out` holds the estimate.
fn decode_stage(chars: &[u8], out: &mut [u8]) -> Result<usize, Refusal> {
    #[cfg(feature = "simd")]
    let fast_quads = simd::quads;
    #[cfg(not(feature = "simd"))]
    let fast_quads = fast::quads;
    let quads = chars.len().saturating_sub(1) / 4;
    if cfg!(feature = "fast-base64")
        && let Some((body, last)) = quads.checked_mul(4).and_then(|n| chars.split_at_checked(n))
        && let Some((dst, rest)) = quads
            .checked_mul(3)
            .and_then(|n| out.split_at_mut_checked(n))
        && fast_quads(body, dst)
        && let Ok(n) = standard_base64::decode(last, rest)
    {
        return Ok(n.saturating_add(dst.len()));
    }
    standard_base64::decode(chars, out)
}

/// Writes the decoded bytes of `blob` as standard padded base64, calling
/// `line` with pieces of at most 64 characters; each call but the last
/// holds exactly 64.
pub(crate) fn write_base64(
    blob: Blob<'_>,
    mut line: impl FnMut(&str) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut group = [0u8; 48];
    let mut filled = 0usize;
    let mut emit = |bytes: &[u8]| -> Result<(), Error> {
        let mut chars = [0u8; 64];
        let n = STANDARD
            .encode_slice(bytes, &mut chars)
            .map_err(|_| Error::unlocated(ErrorKind::BufferTooSmall))?;
        line(core::str::from_utf8(chars.get(..n).unwrap_or_default()).unwrap_or_default())
    };
    blob.for_each_chunk(|mut chunk| {
        while !chunk.is_empty() {
            let take = chunk.len().min(group.len().saturating_sub(filled));
            let (now, rest) = chunk.split_at(take);
            let end = filled.saturating_add(take);
            if let Some(dst) = group.get_mut(filled..end) {
                dst.copy_from_slice(now);
            }
            filled = end;
            chunk = rest;
            if filled == group.len() {
                emit(&group)?;
                filled = 0;
            }
        }
        Ok(())
    })?;
    if filled > 0 {
        emit(head(&group, filled))?;
    }
    Ok(())
}

/// The number of base64 characters for `n` bytes.
#[cfg(test)]
pub(crate) fn base64_len(n: usize) -> usize {
    n.div_ceil(3).saturating_mul(4)
}

/// Writes `blob` as a PEM block with `label`.
pub(crate) fn pem_block(
    out: &mut impl crate::sink::Sink,
    label: &str,
    blob: Blob<'_>,
) -> Result<(), Error> {
    for part in ["-----BEGIN ", label, "-----\n"] {
        out.put(part)?;
    }
    write_base64(blob, |line| {
        out.put(line)?;
        out.put("\n")
    })?;
    for part in ["-----END ", label, "-----\n"] {
        out.put(part)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
