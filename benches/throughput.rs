//! Throughput of the codec against what a client author would otherwise
//! write, on the same bytes. Each group holds collectssl and its rivals,
//! so the ratios in BENCHMARKS.md come from one run.
//!
//! Run: `cargo bench --bench throughput`

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use collectssl::response::{Expectation, Response};
use collectssl::{QueryType, Request, ResponseFormat, Selector};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn sample(name: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples");
    let read = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}"))).unwrap();
    (read("request"), read("body"))
}

/// The base64 of every certificate of a format-0 body, without line
/// breaks: the input of the decode floor.
fn certificate_base64(body: &[u8]) -> Vec<Vec<u8>> {
    let text = std::str::from_utf8(body).unwrap();
    let mut out = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    for line in text.lines() {
        if line.starts_with("-----BEGIN") {
            current = Some(Vec::new());
        } else if line.starts_with("-----END") {
            out.extend(current.take());
        } else if let Some(c) = current.as_mut() {
            c.extend_from_slice(line.as_bytes());
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The straightforward std implementation, as the public PHP and Python
// clients do it: split into owned lines, collect owned strings, decode
// base64 with the std engine.

#[derive(Default)]
struct StdResponse {
    status: i32,
    lines: Vec<String>,
    certificates: Vec<String>,
}

fn std_format0(body: &[u8]) -> StdResponse {
    let text = String::from_utf8_lossy(body).into_owned();
    let mut r = StdResponse::default();
    let mut lines = text.lines().map(str::to_string);
    r.status = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(-14);
    let mut block: Option<String> = None;
    for line in lines {
        if line.contains("BEGIN CERTIFICATE") {
            block = Some(String::new());
        } else if line.contains("END CERTIFICATE") {
            r.certificates.extend(block.take());
        } else if let Some(b) = block.as_mut() {
            b.push_str(line.trim());
        } else {
            r.lines.push(line);
        }
    }
    r
}

fn std_format1(body: &[u8]) -> HashMap<String, Vec<String>> {
    let text = String::from_utf8_lossy(body).into_owned();
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for pair in text.trim_end().split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        map.entry(percent_decode(name))
            .or_default()
            .push(percent_decode(value));
    }
    map
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn std_decode(certificates: &[String]) -> Vec<Vec<u8>> {
    certificates
        .iter()
        .map(|c| STANDARD.decode(c).unwrap())
        .collect()
}

// ---------------------------------------------------------------------------

/// Parses and decodes every certificate into one reused buffer.
fn collectssl_decode(r: &Response<'_>, buf: &mut [u8]) -> usize {
    r.blobs()
        .map(|blob| blob.decode_into(buf).unwrap().len())
        .sum()
}

fn issued(c: &mut Criterion) {
    let (request, text) = sample("issued-newline");
    let (_, form) = sample("issued-urlencoded");
    let exp = Expectation::from_form(&request);
    let floor_input = certificate_base64(&text);
    let mut der = vec![0u8; 4096];

    let mut g = c.benchmark_group("issued/format0/structure");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("collectssl", |b| {
        b.iter(|| Response::parse_newline(black_box(&text), &exp).unwrap())
    });
    g.bench_function("std_lines_strings", |b| {
        b.iter(|| std_format0(black_box(&text)))
    });
    g.bench_function("memchr_scan_floor", |b| {
        b.iter(|| memchr::memchr_iter(b'\n', black_box(&text)).count())
    });
    g.finish();

    let mut g = c.benchmark_group("issued/format0/decode");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("collectssl", |b| {
        b.iter(|| {
            let r = Response::parse_newline(black_box(&text), &exp).unwrap();
            collectssl_decode(&r, &mut der)
        })
    });
    g.bench_function("std_lines_strings_base64", |b| {
        b.iter(|| std_decode(&std_format0(black_box(&text)).certificates))
    });
    g.bench_function("pem_crate", |b| {
        b.iter(|| pem::parse_many(black_box(&text)).unwrap())
    });
    g.bench_function("base64_decode_slice_floor", |b| {
        b.iter(|| {
            floor_input
                .iter()
                .map(|c| STANDARD.decode_slice(black_box(c), &mut der).unwrap())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("issued/format1/structure");
    g.throughput(Throughput::Bytes(form.len() as u64));
    g.bench_function("collectssl", |b| {
        b.iter(|| Response::parse_urlencoded(black_box(&form)).unwrap())
    });
    g.bench_function("std_split_strings", |b| {
        b.iter(|| std_format1(black_box(&form)))
    });
    g.bench_function("form_urlencoded", |b| {
        b.iter(|| form_urlencoded::parse(black_box(&form)).count())
    });
    g.bench_function("serde_urlencoded", |b| {
        b.iter(|| serde_urlencoded::from_bytes::<Vec<(String, String)>>(black_box(&form)).unwrap())
    });
    g.bench_function("memchr_scan_floor", |b| {
        b.iter(|| memchr::memchr_iter(b'&', black_box(&form)).count())
    });
    g.finish();

    let mut g = c.benchmark_group("issued/format1/decode");
    g.throughput(Throughput::Bytes(form.len() as u64));
    g.bench_function("collectssl", |b| {
        b.iter(|| {
            let r = Response::parse_urlencoded(black_box(&form)).unwrap();
            collectssl_decode(&r, &mut der)
        })
    });
    g.bench_function("std_split_strings_base64", |b| {
        b.iter(|| {
            let map = std_format1(black_box(&form));
            let mut n = 0;
            for name in ["caCertificate", "certificate"] {
                for v in map.get(name).into_iter().flatten() {
                    n += STANDARD.decode(v).unwrap().len();
                }
            }
            n
        })
    });
    g.bench_function("form_urlencoded_base64", |b| {
        b.iter(|| {
            form_urlencoded::parse(black_box(&form))
                .filter(|(k, _)| k == "caCertificate" || k == "certificate")
                .map(|(_, v)| STANDARD.decode(v.as_bytes()).unwrap().len())
                .sum::<usize>()
        })
    });
    g.bench_function("serde_urlencoded_base64", |b| {
        b.iter(|| {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(black_box(&form))
                .unwrap()
                .into_iter()
                .filter(|(k, _)| k == "caCertificate" || k == "certificate")
                .map(|(_, v)| STANDARD.decode(v).unwrap().len())
                .sum::<usize>()
        })
    });
    g.bench_function("base64_decode_slice_floor", |b| {
        b.iter(|| {
            floor_input
                .iter()
                .map(|c| STANDARD.decode_slice(black_box(c), &mut der).unwrap())
                .sum::<usize>()
        })
    });
    g.finish();
}

fn pending(c: &mut Criterion) {
    for (name, format) in [
        ("pending-newline", ResponseFormat::NewlineDelimited),
        ("pending-urlencoded", ResponseFormat::UrlEncoded),
    ] {
        let (request, body) = sample(name);
        let exp = Expectation::from_form(&request);
        let mut g = c.benchmark_group(format!("pending/{name}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("collectssl_parse", |b| {
            b.iter(|| Response::parse(black_box(&body), &exp).unwrap())
        });
        g.bench_function("collectssl_parse_walk_lists", |b| {
            b.iter(|| {
                let r = Response::parse(black_box(&body), &exp).unwrap();
                let lists = [r.mdc_domain_details, r.mdc_domain_details2];
                lists
                    .iter()
                    .flatten()
                    .map(|l| l.iter().count())
                    .sum::<usize>()
            })
        });
        match format {
            ResponseFormat::NewlineDelimited => g.bench_function("std_lines_strings", |b| {
                b.iter(|| std_format0(black_box(&body)))
            }),
            ResponseFormat::UrlEncoded => g.bench_function("serde_urlencoded", |b| {
                b.iter(|| serde_urlencoded::from_bytes::<Vec<(String, String)>>(black_box(&body)))
            }),
        };
        g.finish();
    }
}

/// The same request as a struct for serde_urlencoded.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SerdeRequest {
    login_name: String,
    login_password: String,
    order_number: String,
    query_type: u8,
    show_validity_period: String,
    #[serde(rename = "showFQDN")]
    show_fqdn: String,
    show_ext_status: String,
    response_format: u8,
}

fn request(c: &mut Criterion) {
    let request = Request::new(
        "reseller@example.com",
        "correct horse battery staple",
        Selector::OrderNumber("1234567890"),
        QueryType::CertificateAndChain,
    )
    .with_show_validity_period(true)
    .with_show_fqdn(true)
    .with_show_ext_status(true)
    .with_response_format(ResponseFormat::UrlEncoded);
    let rival = SerdeRequest {
        login_name: "reseller@example.com".into(),
        login_password: "correct horse battery staple".into(),
        order_number: "1234567890".into(),
        query_type: 1,
        show_validity_period: "Y".into(),
        show_fqdn: "Y".into(),
        show_ext_status: "Y".into(),
        response_format: 1,
    };
    let mut buf = [0u8; 512];
    let n = request.encode(&mut buf).unwrap();
    let body = buf[..n].to_vec();
    assert_eq!(
        serde_urlencoded::to_string(&rival).unwrap().as_bytes(),
        &body[..]
    );

    let mut g = c.benchmark_group("request/encode");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("collectssl", |b| {
        b.iter(|| black_box(&request).encode(&mut buf).unwrap())
    });
    g.bench_function("serde_urlencoded", |b| {
        b.iter(|| serde_urlencoded::to_string(black_box(&rival)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("request/parse");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("collectssl", |b| {
        b.iter(|| Request::parse(black_box(&body)).unwrap())
    });
    g.bench_function("serde_urlencoded", |b| {
        b.iter(|| serde_urlencoded::from_bytes::<SerdeRequest>(black_box(&body)).unwrap())
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let (request, text) = sample("issued-newline");
    let r = Response::parse_newline(&text, &Expectation::from_form(&request)).unwrap();
    let mut buf = vec![0u8; 16 * 1024];
    for (name, format) in [
        ("format0", ResponseFormat::NewlineDelimited),
        ("format1", ResponseFormat::UrlEncoded),
    ] {
        let mut g = c.benchmark_group(format!("issued/{name}/encode"));
        g.throughput(Throughput::Bytes(r.encoded_len(format) as u64));
        g.bench_function("collectssl", |b| {
            b.iter(|| black_box(&r).encode(format, &mut buf).unwrap())
        });
        g.finish();
    }
}

/// The cost over growing inputs: a CA bundle of more and more certificates.
fn scaling(c: &mut Criterion) {
    let (_, text) = sample("issued-newline");
    let block_start = text.windows(5).position(|w| w == b"-----").unwrap();
    let block_len = text[block_start..]
        .windows(9)
        .position(|w| w == b"\n-----BEG")
        .unwrap()
        + 1;
    let block = &text[block_start..block_start + block_len];
    let exp = Expectation::new(QueryType::CaBundle);
    let mut der = vec![0u8; 4096];
    let mut g = c.benchmark_group("scaling/format0_ca_bundle");
    for size in [4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20] {
        let mut body = b"2\n".to_vec();
        while body.len() + block.len() <= size {
            body.extend_from_slice(block);
        }
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::new("parse", size), &body, |b, body| {
            b.iter(|| Response::parse_newline(black_box(body), &exp).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("parse_decode", size), &body, |b, body| {
            b.iter(|| {
                let r = Response::parse_newline(black_box(body), &exp).unwrap();
                collectssl_decode(&r, &mut der)
            })
        });
    }
    g.finish();
}

// ---------------------------------------------------------------------------
// Bodies of every shape: the issued samples with two or three certificates,
// LF or CRLF, PEM wrapped at 64 or 76 columns or not at all; form base64
// with upper- or lower-case escapes, or MIME-wrapped (76 columns, `%0D%0A`).

/// A format-0 body of the issued sample with its first `drop` PEM blocks
/// left out, its base64 rewrapped at `width` (0: one line) and `eol` line
/// endings.
fn format0_shape(text: &[u8], drop: usize, width: usize, eol: &str) -> Vec<u8> {
    let text = std::str::from_utf8(text).unwrap();
    let mut out = String::new();
    let mut block: Option<String> = None;
    let mut seen = 0;
    for line in text.lines() {
        if line.starts_with("-----BEGIN") {
            block = Some(String::new());
        } else if line.starts_with("-----END") {
            let b64 = block.take().unwrap();
            seen += 1;
            if seen <= drop {
                continue;
            }
            out.push_str("-----BEGIN CERTIFICATE-----");
            out.push_str(eol);
            let lines: Vec<&[u8]> = if width == 0 {
                vec![b64.as_bytes()]
            } else {
                b64.as_bytes().chunks(width).collect()
            };
            for l in lines {
                out.push_str(std::str::from_utf8(l).unwrap());
                out.push_str(eol);
            }
            out.push_str(line);
            out.push_str(eol);
        } else if let Some(b) = block.as_mut() {
            b.push_str(line);
        } else {
            out.push_str(line);
            out.push_str(eol);
        }
    }
    out.into_bytes()
}

/// A format-1 body of the issued sample with its first `drop` CA
/// certificates left out, escapes in `lower` case, and the base64
/// MIME-wrapped when `mime`.
fn format1_shape(form: &[u8], drop: usize, lower: bool, mime: bool) -> Vec<u8> {
    let text = std::str::from_utf8(form).unwrap().trim_end();
    let mut pairs = Vec::new();
    let mut dropped = 0;
    for pair in text.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name == "caCertificate" && dropped < drop {
            dropped += 1;
            continue;
        }
        if name != "caCertificate" && name != "certificate" {
            pairs.push(pair.to_string());
            continue;
        }
        let b64 = percent_decode(value);
        let lines: Vec<String> = if mime {
            b64.as_bytes()
                .chunks(76)
                .map(|l| String::from_utf8(l.to_vec()).unwrap())
                .collect()
        } else {
            vec![b64]
        };
        let escape = |c: char| match (c, lower) {
            ('+', false) => "%2B".to_string(),
            ('/', false) => "%2F".to_string(),
            ('=', false) => "%3D".to_string(),
            ('+', true) => "%2b".to_string(),
            ('/', true) => "%2f".to_string(),
            ('=', true) => "%3d".to_string(),
            (c, _) => c.to_string(),
        };
        let encoded: Vec<String> = lines
            .iter()
            .map(|l| l.chars().map(escape).collect())
            .collect();
        pairs.push(format!("{name}={}", encoded.join("%0D%0A")));
    }
    let mut body = pairs.join("&");
    body.push('\n');
    body.into_bytes()
}

/// The two halves of `collectssl` in a shape's group, each alone: the
/// parse, and the decoding of a body parsed beforehand (where the time of
/// a target not met goes).
fn parts(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    body: &[u8],
    exp: &Expectation,
    der: &mut [u8],
) {
    g.bench_function("collectssl_parse", |b| {
        b.iter(|| Response::parse(black_box(body), exp).unwrap())
    });
    let r = Response::parse(body, exp).unwrap();
    g.bench_function("collectssl_decode", |b| {
        b.iter(|| collectssl_decode(black_box(&r), der))
    });
}

/// Parse and decode on bodies of every shape, each group with the
/// `decode_slice` floor on the same certificates' clean base64, the memchr
/// floor and the straightforward std code.
fn shapes(c: &mut Criterion) {
    let (request, text) = sample("issued-newline");
    let (_, form) = sample("issued-urlencoded");
    let exp = Expectation::from_form(&request);
    let all = certificate_base64(&text);
    let mut der = vec![0u8; 4096];
    let floor = |g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
                 clean: &[Vec<u8>],
                 der: &mut Vec<u8>| {
        g.bench_function("base64_decode_slice_floor", |b| {
            b.iter(|| {
                clean
                    .iter()
                    .map(|c| STANDARD.decode_slice(black_box(c), der).unwrap())
                    .sum::<usize>()
            })
        });
    };
    for certs in [2, 3] {
        let clean = &all[3 - certs..];
        for (eol_name, eol) in [("lf", "\n"), ("crlf", "\r\n")] {
            for width in [64, 76, 0] {
                let body = format0_shape(&text, 3 - certs, width, eol);
                let r = Response::parse(&body, &exp).unwrap();
                let decoded: Vec<Vec<u8>> = r
                    .blobs()
                    .map(|blob| blob.decode_into(&mut der).unwrap().to_vec())
                    .collect();
                let want: Vec<Vec<u8>> =
                    clean.iter().map(|c| STANDARD.decode(c).unwrap()).collect();
                assert_eq!(
                    decoded, want,
                    "format 0, {certs} certificates, {eol_name}, {width}"
                );
                let wrap = if width == 0 {
                    "unwrapped".to_string()
                } else {
                    format!("pem{width}")
                };
                let mut g =
                    c.benchmark_group(format!("shapes/format0/{certs}certs-{eol_name}-{wrap}"));
                g.throughput(Throughput::Bytes(body.len() as u64));
                g.bench_function("collectssl", |b| {
                    b.iter(|| {
                        let r = Response::parse(black_box(&body), &exp).unwrap();
                        collectssl_decode(&r, &mut der)
                    })
                });
                parts(&mut g, &body, &exp, &mut der);
                floor(&mut g, clean, &mut der);
                g.bench_function("memchr_scan_floor", |b| {
                    b.iter(|| memchr::memchr_iter(b'\n', black_box(&body)).count())
                });
                g.bench_function("std_lines_strings_base64", |b| {
                    b.iter(|| std_decode(&std_format0(black_box(&body)).certificates))
                });
                g.finish();
            }
        }
        for (name, lower, mime) in [
            ("upper", false, false),
            ("lower", true, false),
            ("mime", false, true),
        ] {
            let body = format1_shape(&form, 3 - certs, lower, mime);
            let exp = Expectation::from_form(&sample("issued-urlencoded").0);
            let r = Response::parse(&body, &exp).unwrap();
            let decoded: Vec<Vec<u8>> = r
                .blobs()
                .map(|blob| blob.decode_into(&mut der).unwrap().to_vec())
                .collect();
            let mut want: Vec<Vec<u8>> =
                clean.iter().map(|c| STANDARD.decode(c).unwrap()).collect();
            let mut got = decoded.clone();
            want.sort();
            got.sort();
            assert_eq!(got, want, "format 1, {certs} certificates, {name}");
            let mut g = c.benchmark_group(format!("shapes/format1/{certs}certs-{name}"));
            g.throughput(Throughput::Bytes(body.len() as u64));
            g.bench_function("collectssl", |b| {
                b.iter(|| {
                    let r = Response::parse(black_box(&body), &exp).unwrap();
                    collectssl_decode(&r, &mut der)
                })
            });
            parts(&mut g, &body, &exp, &mut der);
            floor(&mut g, clean, &mut der);
            g.bench_function("memchr_scan_floor", |b| {
                b.iter(|| memchr::memchr_iter(b'&', black_box(&body)).count())
            });
            g.bench_function("std_split_strings_base64", |b| {
                b.iter(|| {
                    let map = std_format1(black_box(&body));
                    let mut n = 0;
                    for name in ["caCertificate", "certificate"] {
                        for v in map.get(name).into_iter().flatten() {
                            let v: String =
                                v.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
                            n += STANDARD.decode(v).unwrap().len();
                        }
                    }
                    n
                })
            });
            g.finish();
        }
    }
}

criterion_group!(benches, issued, shapes, pending, request, encode, scaling);
criterion_main!(benches);
