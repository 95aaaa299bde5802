//! Certificate containers and chain order against the tools that write
//! them: OpenSSL (`crl2pkcs7`, `pkcs7 -print_certs`, `nseq`) and Python's
//! `zipfile`, on the committed samples and on chains and archives made at
//! test time; every container in format 0, format 1 and binary; malformed
//! input is an error, never a panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use collectssl::container::{
    Certificate, CertificateFile, Chain, Compression, NetscapeCertificateSequence, Pkcs7, Zip,
    chain_order,
};
use collectssl::response::{Expectation, Response};
use collectssl::{Blob, ErrorKind, ResponseFormat, Status};
use proptest::prelude::*;

#[path = "support/tools.rs"]
mod tools;

// ---------------------------------------------------------------- helpers

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples")
}

fn sample(name: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = samples();
    let request = fs::read(dir.join(format!("{name}.request"))).unwrap();
    let body = fs::read(dir.join(format!("{name}.body"))).unwrap();
    (request, body)
}

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "collectssl-containers-{}-{what}-{n}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs a tool in `dir`, returning its stdout; fails the test on a non-zero
/// exit, and at once, naming the tool and its install command, when the tool
/// is missing.
fn run(dir: &Path, program: &'static str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(tools::require(program))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} cannot run: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    run(dir, "openssl", args)
}

/// The DER of a PEM certificate file, as OpenSSL converts it.
fn der_of(dir: &Path, pem: &Path) -> Vec<u8> {
    openssl(
        dir,
        &["x509", "-in", pem.to_str().unwrap(), "-outform", "DER"],
    )
}

/// The DER of every certificate in PEM text (e.g. OpenSSL's output).
fn certificates_in(text: &[u8]) -> Vec<Vec<u8>> {
    let file = CertificateFile::parse(text).unwrap();
    file.blobs().map(|blob| decode(blob)).collect()
}

fn decode(blob: Blob<'_>) -> Vec<u8> {
    let mut out = vec![0u8; blob.decoded_len().unwrap()];
    blob.decode_into(&mut out).unwrap();
    out
}

/// The base64 inside the first PEM block of `text`, whatever its label, decoded.
fn pem_contents(text: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(text).unwrap();
    let b64: String = text
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    decode(Blob::base64(b64.as_bytes()))
}

/// The sample chain as DER (converted by OpenSSL once), leaf first.
fn sample_chain() -> Vec<Vec<u8>> {
    static CHAIN: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CHAIN
        .get_or_init(|| {
            let dir = samples().join("chain");
            ["leaf", "intermediate", "root"]
                .iter()
                .map(|n| der_of(&dir, &dir.join(format!("{n}.pem"))))
                .collect()
        })
        .clone()
}

fn ders(chain: &Chain<'_, 8>) -> Vec<Vec<u8>> {
    chain.iter().map(|c| c.der().to_vec()).collect()
}

fn stored<'a>(certificates: impl Iterator<Item = &'a [u8]>) -> Vec<Vec<u8>> {
    certificates.map(<[u8]>::to_vec).collect()
}

/// The three containers of the samples, as raw bytes.
fn container_bytes() -> [(&'static str, Vec<u8>); 3] {
    let (_, p7) = sample("pkcs7-binary");
    let (_, zip) = sample("zip-binary");
    let (_, body) = sample("nseq-urlencoded");
    let r = Response::parse_urlencoded(&body).unwrap();
    let nseq = decode(r.netscape_certificate_sequence.unwrap());
    [("0", zip), ("1", nseq), ("2", p7)]
}

// ---------------------------------------------------------------- samples

#[test]
fn samples_give_leaf_to_root() {
    let chain = sample_chain();
    for (name, want) in [
        ("pkcs7-binary", &chain[..]),
        ("pkcs7-newline", &chain[..]),
        ("nseq-urlencoded", &chain[..]),
        ("zip-binary", &chain[..]),
        ("issued-newline", &chain[..]),
        ("issued-urlencoded", &chain[..]),
        ("cabundle-urlencoded", &chain[1..]),
        ("crt-newline", &chain[..1]),
    ] {
        let (request, body) = sample(name);
        let r = Response::parse(&body, &Expectation::from_form(&request)).unwrap();
        let mut buf = vec![0u8; 16 * 1024];
        let got = r.chain::<8>(&mut buf).unwrap();
        assert_eq!(ders(&got), want, "{name}");
        assert_eq!(got.ends_with_root(), name != "crt-newline", "{name}");
    }
}

#[test]
fn responses_without_certificates_have_no_chain() {
    for name in ["pending-newline", "denied-newline", "missing-urlencoded"] {
        let (request, body) = sample(name);
        let r = Response::parse(&body, &Expectation::from_form(&request)).unwrap();
        let e = r.chain::<8>(&mut [0u8; 64]).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::ChainBroken { certificate: None }, None),
            "{name}"
        );
    }
}

#[test]
fn sample_containers_match_openssl_and_python() {
    let tmp = TempDir::new("samples");
    let chain = sample_chain();
    let stored_order: Vec<Vec<u8>> = chain.iter().rev().cloned().collect();
    let [(_, zip), (_, nseq), (_, p7)] = container_bytes();

    // PKCS#7: stored order is what `openssl pkcs7 -print_certs` prints.
    fs::write(tmp.path("c.p7b"), &p7).unwrap();
    let printed = openssl(
        &tmp.0,
        &["pkcs7", "-inform", "DER", "-in", "c.p7b", "-print_certs"],
    );
    let ours = stored(Pkcs7::parse(&p7).unwrap().certificates());
    assert_eq!(ours, certificates_in(&printed));
    assert_eq!(ours, stored_order);

    // Netscape sequence: `openssl nseq` (PEM in, the certificates out).
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64_lines(&nseq)
    );
    fs::write(tmp.path("c.nseq"), pem).unwrap();
    let printed = openssl(&tmp.0, &["nseq", "-in", "c.nseq"]);
    let ours = stored(
        NetscapeCertificateSequence::parse(&nseq)
            .unwrap()
            .certificates(),
    );
    assert_eq!(ours, certificates_in(&printed));
    assert_eq!(ours, stored_order);

    // ZIP: what Python's zipfile lists and reads.
    fs::write(tmp.path("c.zip"), &zip).unwrap();
    let listing = python_listing(&tmp.0, "c.zip");
    check_against_python(&zip, &listing);
}

/// Base64 in 64-character lines, by OpenSSL.
fn base64_lines(data: &[u8]) -> String {
    let tmp = TempDir::new("b64");
    fs::write(tmp.path("in"), data).unwrap();
    String::from_utf8(openssl(&tmp.0, &["base64", "-in", "in"]))
        .unwrap()
        .trim_end()
        .to_string()
}

// ------------------------------------------- every container, every format

#[test]
fn every_container_in_every_format() {
    let chain = sample_chain();
    let login = "loginName=demo&loginPassword=demo&orderNumber=1000&queryType=1";
    for (response_type, bytes) in container_bytes() {
        for format in ["newline", "urlencoded", "binary"] {
            let mut r = Response::new(Status::CertificatesAttached);
            let blob = Some(Blob::binary(&bytes));
            match response_type {
                "0" => r.zip_file = blob,
                "1" => r.netscape_certificate_sequence = blob,
                _ => r.pkcs7 = blob,
            }
            let (body, request) = match format {
                "newline" => {
                    let mut body = vec![0u8; r.encoded_len(ResponseFormat::NewlineDelimited)];
                    r.encode(ResponseFormat::NewlineDelimited, &mut body)
                        .unwrap();
                    (body, format!("{login}&responseType={response_type}"))
                }
                "urlencoded" => {
                    let mut body = vec![0u8; r.encoded_len(ResponseFormat::UrlEncoded)];
                    r.encode(ResponseFormat::UrlEncoded, &mut body).unwrap();
                    (
                        body,
                        format!("{login}&responseType={response_type}&responseFormat=1"),
                    )
                }
                _ => (
                    bytes.clone(),
                    format!("{login}&responseType={response_type}&responseEncoding=1"),
                ),
            };
            let what = format!("responseType={response_type} {format}");
            let parsed = Response::parse(&body, &Expectation::from_form(request.as_bytes()))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let container = parsed.container().unwrap();
            assert_eq!(decode(container), bytes, "{what}");

            // Iterate the container itself: stored order, root first.
            let der = decode(container);
            let stored_order: Vec<Vec<u8>> = match response_type {
                "0" => {
                    let zip = Zip::parse(&der).unwrap();
                    let mut text = vec![0u8; 4096];
                    zip.entries()
                        .flat_map(|e| certificates_in(zip.extract_into(&e, &mut text).unwrap()))
                        .collect()
                }
                "1" => stored(
                    NetscapeCertificateSequence::parse(&der)
                        .unwrap()
                        .certificates(),
                ),
                _ => stored(Pkcs7::parse(&der).unwrap().certificates()),
            };
            let reversed: Vec<Vec<u8>> = chain.iter().rev().cloned().collect();
            assert_eq!(stored_order, reversed, "{what}");

            // And in chain order, leaf first.
            let mut buf = vec![0u8; 16 * 1024];
            let ordered = parsed.chain::<8>(&mut buf).unwrap();
            assert_eq!(ders(&ordered), chain, "{what}");
        }
    }
}

// ------------------------------------------------ chains made by OpenSSL

/// Makes an EC key and a certificate for `subject`, issued by `issuer`
/// (a name whose `.pem` and `.key` exist) or self-signed.
fn issue(dir: &Path, name: &str, subject: &str, issuer: Option<&str>) {
    let key = format!("{name}.key");
    let pem = format!("{name}.pem");
    if !dir.join(&key).exists() {
        openssl(
            dir,
            &[
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                &key,
            ],
        );
    }
    match issuer {
        None => {
            openssl(
                dir,
                &[
                    "req", "-x509", "-new", "-key", &key, "-subj", subject, "-days", "2", "-out",
                    &pem,
                ],
            );
        }
        Some(ca) => {
            let csr = format!("{name}.csr");
            openssl(
                dir,
                &["req", "-new", "-key", &key, "-subj", subject, "-out", &csr],
            );
            let (ca_pem, ca_key) = (format!("{ca}.pem"), format!("{ca}.key"));
            openssl(
                dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    &ca_pem,
                    "-CAkey",
                    &ca_key,
                    "-set_serial",
                    "7",
                    "-days",
                    "2",
                    "-out",
                    &pem,
                ],
            );
        }
    }
}

/// `names` concatenated into one PEM file, in that order.
fn bundle(dir: &Path, file: &str, names: &[&str]) {
    let text: Vec<u8> = names
        .iter()
        .flat_map(|n| fs::read(dir.join(format!("{n}.pem"))).unwrap())
        .collect();
    fs::write(dir.join(file), text).unwrap();
}

#[test]
fn openssl_chains_in_every_stored_order() {
    let tmp = TempDir::new("openssl");
    let dir = &tmp.0;
    issue(dir, "root", "/O=collectssl tests/CN=Test Root", None);
    issue(dir, "ca1", "/O=collectssl tests/CN=Test CA 1", Some("root"));
    issue(dir, "ca2", "/O=collectssl tests/CN=Test CA 2", Some("ca1"));
    issue(dir, "leaf", "/CN=leaf.example.com", Some("ca2"));
    let names = ["leaf", "ca2", "ca1", "root"];
    let chain: Vec<Vec<u8>> = names
        .iter()
        .map(|n| der_of(dir, &dir.join(format!("{n}.pem"))))
        .collect();

    for stored_names in [
        ["root", "ca1", "ca2", "leaf"],
        ["leaf", "ca2", "ca1", "root"],
        ["ca1", "leaf", "root", "ca2"],
    ] {
        bundle(dir, "set.pem", &stored_names);
        openssl(
            dir,
            &[
                "crl2pkcs7",
                "-nocrl",
                "-certfile",
                "set.pem",
                "-outform",
                "DER",
                "-out",
                "set.p7b",
            ],
        );
        openssl(
            dir,
            &[
                "crl2pkcs7",
                "-nocrl",
                "-certfile",
                "set.pem",
                "-out",
                "set.p7.pem",
            ],
        );
        openssl(
            dir,
            &["nseq", "-toseq", "-in", "set.pem", "-out", "set.nseq"],
        );
        let want_stored: Vec<Vec<u8>> = stored_names
            .iter()
            .map(|n| chain[names.iter().position(|m| m == n).unwrap()].clone())
            .collect();

        let p7 = fs::read(dir.join("set.p7b")).unwrap();
        let printed = openssl(
            dir,
            &["pkcs7", "-inform", "DER", "-in", "set.p7b", "-print_certs"],
        );
        let pkcs7 = Pkcs7::parse(&p7).unwrap();
        assert_eq!(stored(pkcs7.certificates()), certificates_in(&printed));
        assert_eq!(stored(pkcs7.certificates()), want_stored);
        assert_eq!(ders(&Chain::from_der(pkcs7.certificates()).unwrap()), chain);
        // The PEM form decodes to the same DER.
        assert_eq!(pem_contents(&fs::read(dir.join("set.p7.pem")).unwrap()), p7);

        let nseq = pem_contents(&fs::read(dir.join("set.nseq")).unwrap());
        let printed = openssl(dir, &["nseq", "-in", "set.nseq"]);
        let sequence = NetscapeCertificateSequence::parse(&nseq).unwrap();
        assert_eq!(stored(sequence.certificates()), certificates_in(&printed));
        assert_eq!(stored(sequence.certificates()), want_stored);
        assert_eq!(
            ders(&Chain::from_der(sequence.certificates()).unwrap()),
            chain
        );
    }

    // Names are what OpenSSL says they are.
    let leaf = Certificate::parse(&chain[0]).unwrap();
    let subject = openssl(
        dir,
        &[
            "x509", "-in", "leaf.pem", "-noout", "-subject", "-nameopt", "RFC2253",
        ],
    );
    assert!(String::from_utf8_lossy(&subject).contains("CN=leaf.example.com"));
    assert!(leaf.is_issued_by(&Certificate::parse(&chain[1]).unwrap()));
    assert!(Certificate::parse(&chain[3]).unwrap().is_self_issued());

    // Without the root: leaf to the highest CA.
    let no_root = Chain::<8>::from_der(chain[..3].iter().map(Vec::as_slice)).unwrap();
    assert_eq!(ders(&no_root), &chain[..3]);
    assert!(!no_root.ends_with_root());

    // A link missing in the middle: reported, not guessed.
    let gap = [&chain[0], &chain[2], &chain[3]];
    let e = Chain::<8>::from_der(gap.iter().map(|d| d.as_slice())).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::ChainBroken {
                certificate: Some(_)
            }
        ),
        "{e}"
    );

    // Duplicates count once.
    let twice = [
        &chain[3], &chain[0], &chain[1], &chain[2], &chain[0], &chain[3],
    ];
    let chain_twice = Chain::<8>::from_der(twice.iter().map(|d| d.as_slice())).unwrap();
    assert_eq!(ders(&chain_twice), chain);
}

#[test]
fn openssl_loops_and_ambiguous_issuers() {
    let tmp = TempDir::new("loops");
    let dir = &tmp.0;
    // B signs A, then A signs B: each is the other's issuer.
    issue(dir, "b0", "/CN=Loop B", None);
    issue(dir, "a", "/CN=Loop A", Some("b0"));
    fs::copy(dir.join("b0.key"), dir.join("b.key")).unwrap();
    issue(dir, "b", "/CN=Loop B", Some("a"));
    issue(dir, "leaf", "/CN=looped.example.com", Some("a"));
    let der = |n: &str| der_of(dir, &dir.join(format!("{n}.pem")));
    let (a, b, b0, leaf) = (der("a"), der("b"), der("b0"), der("leaf"));

    let e = Chain::<8>::from_der([a.as_slice(), b.as_slice()]).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::ChainLoop { .. }), "{e}");
    let e = Chain::<8>::from_der([leaf.as_slice(), a.as_slice(), b.as_slice()]).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::ChainLoop { .. }), "{e}");
    // The self-signed B and the B that A issued share a subject.
    let e = Chain::<8>::from_der([leaf.as_slice(), a.as_slice(), b.as_slice(), b0.as_slice()])
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::ChainAmbiguous { certificate: 3 }, None)
    );
    // With the self-signed B alone, the chain is fine.
    let ok = Chain::<8>::from_der([b0.as_slice(), leaf.as_slice(), a.as_slice()]).unwrap();
    assert_eq!(ders(&ok), [leaf.clone(), a.clone(), b0.clone()]);

    // The same through a PKCS#7 that OpenSSL writes.
    bundle(dir, "loop.pem", &["b", "leaf", "a"]);
    openssl(
        dir,
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            "loop.pem",
            "-outform",
            "DER",
            "-out",
            "loop.p7b",
        ],
    );
    let p7 = fs::read(dir.join("loop.p7b")).unwrap();
    let e = Chain::<8>::from_der(Pkcs7::parse(&p7).unwrap().certificates()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::ChainLoop { certificate: 2 }, None)
    );
}

// ------------------------------------------------- ZIP against Python

const PYTHON_ZIP: &str = r#"
import json, sys, zipfile
mode, out = sys.argv[1], sys.argv[2]
if mode == "write":
    spec = json.loads(sys.argv[3])
    target = sys.stdout.buffer if spec.get("stream") else out
    with zipfile.ZipFile(target, "w") as z:
        z.comment = spec.get("comment", "").encode()
        for e in spec["entries"]:
            data = open(e["path"], "rb").read() if e.get("path") else b""
            info = zipfile.ZipInfo(e["name"], date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if e["deflate"] else zipfile.ZIP_STORED
            z.writestr(info, data)
else:
    with zipfile.ZipFile(out) as z:
        print(json.dumps([
            {"name": i.filename, "method": i.compress_type, "size": i.file_size,
             "compressed": i.compress_size, "crc": i.CRC, "offset": i.header_offset,
             "flags": i.flag_bits, "data": z.read(i).hex() if i.file_size < 100000 else None}
            for i in z.infolist()]))
"#;

/// Writes an archive with Python's zipfile: `(name, file to read or none, deflate)`.
fn python_zip(
    dir: &Path,
    out: &str,
    entries: &[(&str, Option<&Path>, bool)],
    comment: &str,
    stream: bool,
) -> Vec<u8> {
    let spec = serde_json::json!({
        "stream": stream,
        "comment": comment,
        "entries": entries.iter().map(|(name, path, deflate)| serde_json::json!({
            "name": name, "path": path.map(|p| p.to_str().unwrap()), "deflate": deflate,
        })).collect::<Vec<_>>(),
    });
    let stdout = run(
        dir,
        "python3",
        &["-c", PYTHON_ZIP, "write", out, &spec.to_string()],
    );
    if stream {
        fs::write(dir.join(out), &stdout).unwrap();
    }
    fs::read(dir.join(out)).unwrap()
}

fn python_listing(dir: &Path, archive: &str) -> serde_json::Value {
    let out = run(dir, "python3", &["-c", PYTHON_ZIP, "list", archive]);
    serde_json::from_slice(&out).unwrap()
}

/// Lists and extracts `archive` and compares with Python's listing.
fn check_against_python(archive: &[u8], listing: &serde_json::Value) -> Vec<Vec<u8>> {
    let zip = Zip::parse(archive).unwrap();
    let listing = listing.as_array().unwrap();
    assert_eq!(zip.len(), listing.len());
    let mut contents = Vec::new();
    for (entry, want) in zip.entries().zip(listing) {
        assert_eq!(std::str::from_utf8(entry.name()).unwrap(), want["name"]);
        let method = match entry.compression() {
            Compression::Stored => 0,
            Compression::Deflated => 8,
            Compression::Other(m) => m,
        };
        assert_eq!(u64::from(method), want["method"]);
        assert_eq!(u64::from(entry.uncompressed_size()), want["size"]);
        assert_eq!(u64::from(entry.compressed_size()), want["compressed"]);
        assert_eq!(u64::from(entry.crc32()), want["crc"]);
        assert_eq!(u64::from(entry.local_header_offset()), want["offset"]);
        assert_eq!(
            entry.is_dir(),
            want["name"].as_str().unwrap().ends_with('/')
        );
        let mut out = vec![0u8; entry.uncompressed_size() as usize];
        let data = zip.extract_into(&entry, &mut out).unwrap().to_vec();
        assert_eq!(crc32fast::hash(&data), entry.crc32());
        if let Some(hex) = want["data"].as_str() {
            assert_eq!(hex_of(&data), hex, "{}", want["name"]);
        }
        contents.push(data);
    }
    contents
}

fn hex_of(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn python_archives_stored_deflated_streamed() {
    let tmp = TempDir::new("python");
    let dir = &tmp.0;
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", vec![]),
        ("hello.txt", b"hello, world\n".to_vec()),
        ("bytes.bin", (0..=255u8).cycle().take(5000).collect()),
        (
            "random.bin",
            (0u32..20000)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        (
            "big.txt",
            b"certificate "
                .iter()
                .copied()
                .cycle()
                .take(300_000)
                .collect(),
        ),
    ];
    let mut paths = Vec::new();
    for (name, data) in &files {
        let path = dir.join(name);
        fs::write(&path, data).unwrap();
        paths.push(path);
    }
    for (archive, deflate, stream, comment) in [
        ("stored.zip", false, false, ""),
        ("deflated.zip", true, false, "archive comment"),
        ("streamed.zip", true, true, ""),
    ] {
        let mut entries: Vec<(&str, Option<&Path>, bool)> = files
            .iter()
            .zip(&paths)
            .map(|((name, _), path)| (*name, Some(path.as_path()), deflate))
            .collect();
        entries.push(("folder/", None, false));
        entries.push(("folder/nested.txt", Some(paths[1].as_path()), deflate));
        let bytes = python_zip(dir, archive, &entries, comment, stream);
        let listing = python_listing(dir, archive);
        if stream {
            // Written to a pipe: sizes and CRCs follow the data.
            assert!(
                listing
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["flags"].as_u64().unwrap() & 8 != 0)
            );
        }
        let contents = check_against_python(&bytes, &listing);
        for ((_, want), got) in files.iter().zip(&contents) {
            assert_eq!(got, want, "{archive}");
        }
        assert_eq!(contents[files.len()], b"");
        assert_eq!(contents[files.len() + 1], files[1].1);
    }
}

#[test]
fn python_archive_of_certificates_gives_the_chain() {
    let tmp = TempDir::new("certzip");
    let dir = &tmp.0;
    let chain_dir = samples().join("chain");
    let chain = sample_chain();
    fs::write(dir.join("leaf.der"), &chain[0]).unwrap();
    let bundle: Vec<u8> = ["intermediate", "root"]
        .iter()
        .flat_map(|n| fs::read(chain_dir.join(format!("{n}.pem"))).unwrap())
        .collect();
    fs::write(dir.join("bundle.pem"), bundle).unwrap();
    fs::write(dir.join("README.txt"), b"Install the certificates.\n").unwrap();
    let root = chain_dir.join("root.pem");
    let inter = chain_dir.join("intermediate.pem");
    let entries = [
        ("README.txt", Some(dir.join("README.txt")), true),
        ("www_example_com.cer", Some(dir.join("leaf.der")), false),
        ("SampleRootCA.crt", Some(root), true),
        ("SampleIntermediateCA.crt", Some(inter), false),
        (
            "www_example_com.ca-bundle",
            Some(dir.join("bundle.pem")),
            true,
        ),
    ];
    let entries: Vec<(&str, Option<&Path>, bool)> = entries
        .iter()
        .map(|(n, p, d)| (*n, p.as_deref(), *d))
        .collect();
    let bytes = python_zip(dir, "certs.zip", &entries, "", false);
    let zip = Zip::parse(&bytes).unwrap();
    let mut buf = vec![0u8; 16 * 1024];
    let ordered = Chain::<8>::from_zip(&zip, &mut buf).unwrap();
    assert_eq!(ders(&ordered), chain);
}

#[test]
fn python_deflate_bomb() {
    let tmp = TempDir::new("bomb");
    let dir = &tmp.0;
    let path = dir.join("zeros");
    fs::write(&path, vec![0u8; 4 << 20]).unwrap();
    let bytes = python_zip(dir, "bomb.zip", &[("zeros", Some(&path), true)], "", false);
    assert!(bytes.len() < 10_000, "{}", bytes.len());
    let zip = Zip::parse(&bytes).unwrap();
    let entry = zip.entries().next().unwrap();
    let mut out = vec![0u8; 64 * 1024];
    let e = zip.extract_into(&entry, &mut out).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::BufferTooSmall, Some(out.len()))
    );
    // The chain buffer is too small for it as well.
    let e = Chain::<8>::from_zip(&zip, &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall);

    // Sizes that lie: declared 1000 bytes in both headers. Inflating stops
    // at the declared size, with plenty of room in the buffer.
    let mut lying = bytes.clone();
    let sizes = [(22usize, 1000u32), (zip_central(&lying) + 24, 1000)];
    for (at, value) in sizes {
        lying[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    let zip = Zip::parse(&lying).unwrap();
    let entry = zip.entries().next().unwrap();
    assert_eq!(entry.uncompressed_size(), 1000);
    let e = zip.extract_into(&entry, &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidZip);
}

/// Where the first central directory header is.
fn zip_central(archive: &[u8]) -> usize {
    let end = archive.len() - 22;
    u32::from_le_bytes(archive[end + 16..end + 20].try_into().unwrap()) as usize
}

// ---------------------------------------------------------- malformed input

#[test]
fn truncated_containers_are_errors_at_every_length() {
    let [(_, zip), (_, nseq), (_, p7)] = container_bytes();
    for len in 0..p7.len() {
        assert!(Pkcs7::parse(&p7[..len]).is_err(), "pkcs7 {len}");
    }
    for len in 0..nseq.len() {
        assert!(
            NetscapeCertificateSequence::parse(&nseq[..len]).is_err(),
            "nseq {len}"
        );
    }
    for len in 0..zip.len() {
        assert!(Zip::parse(&zip[..len]).is_err(), "zip {len}");
    }
    for der in sample_chain() {
        for len in 0..der.len() {
            assert!(Certificate::parse(&der[..len]).is_err());
        }
    }
}

#[test]
fn wrong_oids_and_lengths() {
    let [(_, _), (_, nseq), (_, p7)] = container_bytes();
    let e = Pkcs7::parse(&nseq).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::UnexpectedContentType, Some(4))
    );
    let e = NetscapeCertificateSequence::parse(&p7).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::UnexpectedContentType, Some(4))
    );
    // pkcs7-data (1.2.840.113549.1.7.1) instead of signedData.
    let mut data = p7.clone();
    data[14] = 0x01;
    let e = Pkcs7::parse(&data).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::UnexpectedContentType, Some(4))
    );

    // The outer length one more than there is: the value runs past the end.
    let mut long = p7.clone();
    long[3] = long[3].wrapping_add(1);
    assert_eq!(
        Pkcs7::parse(&long).unwrap_err().kind(),
        ErrorKind::UnexpectedEnd
    );
    // One less: the last byte is left over.
    let mut short = p7.clone();
    short[3] = short[3].wrapping_sub(1);
    let e = Pkcs7::parse(&short).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::InvalidDer | ErrorKind::UnexpectedEnd
    ));
    // A certificate's length past the end of the set.
    let mut inner = p7.clone();
    let first_cert = 45;
    assert_eq!(&inner[first_cert..first_cert + 2], &[0x30, 0x82]);
    inner[first_cert + 2] = 0x7f;
    let e = Pkcs7::parse(&inner).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEnd);
    // An indefinite length (BER) is not DER.
    let ber = [&[0x30, 0x80][..], &p7[4..], &[0, 0]].concat();
    let e = Pkcs7::parse(&ber).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(1)));
}

#[test]
fn zip_bad_offsets_sizes_crc_and_method() {
    let tmp = TempDir::new("badzip");
    let dir = &tmp.0;
    let path = dir.join("a.txt");
    fs::write(&path, b"a stored file of some length").unwrap();
    let good = python_zip(dir, "a.zip", &[("a.txt", Some(&path), false)], "", false);
    let central = zip_central(&good);
    let end = good.len() - 22;
    let extract = |bytes: &[u8]| -> Result<Vec<u8>, collectssl::Error> {
        let zip = Zip::parse(bytes)?;
        let entry = zip.entries().next().unwrap();
        zip.extract_into(&entry, &mut [0u8; 256])
            .map(<[u8]>::to_vec)
    };
    assert_eq!(extract(&good).unwrap(), b"a stored file of some length");
    let patched = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    let kind = |bytes: Vec<u8>| extract(&bytes).unwrap_err().kind();
    // Central directory offset and size past the end record.
    assert_eq!(
        kind(patched(end + 16, &[0xff, 0xff, 0, 0])),
        ErrorKind::InvalidZip
    );
    assert_eq!(
        kind(patched(end + 12, &[0xff, 0xff, 0, 0])),
        ErrorKind::InvalidZip
    );
    // Local header offset past the end, or not at a local header.
    assert_eq!(
        kind(patched(central + 42, &[0xff, 0xff, 0, 0])),
        ErrorKind::InvalidZip
    );
    assert_eq!(
        kind(patched(central + 42, &[3, 0, 0, 0])),
        ErrorKind::InvalidZip
    );
    // Sizes: compressed past the end, or stored sizes that disagree.
    assert_eq!(
        kind(patched(central + 20, &[0xff, 0xff, 0, 0])),
        ErrorKind::InvalidZip
    );
    let both = {
        let mut b = patched(central + 24, &[5, 0, 0, 0]);
        b[22..26].copy_from_slice(&[5, 0, 0, 0]);
        b
    };
    assert_eq!(kind(both), ErrorKind::InvalidZip);
    // A CRC that does not match (changed in both headers).
    let mut crc = patched(central + 16, &[1, 2, 3, 4]);
    crc[14..18].copy_from_slice(&[1, 2, 3, 4]);
    assert_eq!(kind(crc), ErrorKind::CrcMismatch);
    // A data byte changed.
    let mut data = good.clone();
    data[30 + 5] ^= 0x20;
    assert_eq!(kind(data), ErrorKind::CrcMismatch);
    // Unsupported: bzip2 (12) in both headers; encryption.
    let mut bzip2 = patched(central + 10, &[12, 0]);
    bzip2[8..10].copy_from_slice(&[12, 0]);
    assert_eq!(kind(bzip2), ErrorKind::UnsupportedZip);
    assert_eq!(
        kind(patched(central + 8, &[1, 0])),
        ErrorKind::UnsupportedZip
    );
    // A split archive.
    assert_eq!(kind(patched(end + 4, &[1, 0])), ErrorKind::UnsupportedZip);
}

#[test]
fn every_single_byte_change_is_handled() {
    let [(_, zip), (_, nseq), (_, p7)] = container_bytes();
    let mut buf = vec![0u8; 16 * 1024];
    for bytes in [&zip, &nseq, &p7] {
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= [0x01, 0x80, 0xff][at % 3];
            exercise(&bad, &mut buf);
        }
    }
}

/// Every parser on `bytes`; the results do not matter, only that nothing panics.
fn exercise(bytes: &[u8], buf: &mut [u8]) {
    if let Ok(p7) = Pkcs7::parse(bytes) {
        let _ = Chain::<8>::from_der(p7.certificates());
        for der in p7.certificates() {
            let _ = Certificate::parse(der);
        }
    }
    if let Ok(nseq) = NetscapeCertificateSequence::parse(bytes) {
        let _ = Chain::<8>::from_der(nseq.certificates());
    }
    if let Ok(zip) = Zip::parse(bytes) {
        for entry in zip.entries() {
            let _ = zip.find(entry.name());
            if let Ok(data) = zip.extract_into(&entry, buf)
                && let Ok(file) = CertificateFile::parse(data)
            {
                for blob in file.blobs() {
                    let _ = blob.decoded_len();
                }
            }
        }
        let _ = Chain::<8>::from_zip(&zip, buf);
    }
    let _ = Certificate::parse(bytes);
    if let Ok(file) = CertificateFile::parse(bytes) {
        for blob in file.blobs() {
            let _ = blob.decoded_len();
        }
    }
    let pieces: Vec<&[u8]> = bytes.chunks(97).collect();
    let _ = Chain::<8>::from_der(pieces.iter().copied());
    let certs: Vec<Certificate<'_>> = pieces
        .iter()
        .filter_map(|p| Certificate::parse(p).ok())
        .collect();
    let _ = chain_order(&certs, &mut [0usize; 4]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        exercise(&bytes, &mut [0u8; 4096]);
    }

    #[test]
    fn damaged_samples_never_panic(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let containers = container_bytes();
        let mut bytes = containers[which].1.clone();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        exercise(&bytes, &mut [0u8; 8192]);
        let end = cut.index(bytes.len() + 1);
        exercise(&bytes[..end], &mut [0u8; 8192]);
    }

    #[test]
    fn arbitrary_certificate_sets_never_panic(
        picks in proptest::collection::vec((0usize..3, any::<bool>()), 0..10),
    ) {
        // Real certificates, some cut short, in any number and order.
        let chain = sample_chain();
        let set: Vec<&[u8]> = picks
            .iter()
            .map(|&(i, cut)| if cut { &chain[i][..chain[i].len() / 2] } else { &chain[i][..] })
            .collect();
        let result = Chain::<8>::from_der(set.iter().copied());
        let mut distinct: Vec<usize> = picks.iter().map(|&(i, _)| i).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if picks.iter().any(|&(_, cut)| cut) {
            prop_assert!(result.is_err());
        } else if distinct.is_empty() {
            prop_assert_eq!(
                result.unwrap_err().kind(),
                ErrorKind::ChainBroken { certificate: None }
            );
        } else if distinct == [0, 2] {
            // Leaf and root without the intermediate: a missing link.
            let kind = result.unwrap_err().kind();
            let second_leaf = matches!(kind, ErrorKind::ChainBroken { certificate: Some(_) });
            prop_assert!(second_leaf, "{:?}", kind);
        } else {
            // Leaf first, whatever the order and repetitions given.
            let got = ders(&result.unwrap());
            let want: Vec<Vec<u8>> = distinct.iter().map(|&i| chain[i].clone()).collect();
            prop_assert_eq!(got, want);
        }
    }
}
