//! Zero allocation on the response side: a counting global allocator sees
//! no allocation while responses are parsed, iterated, decoded, checked and
//! encoded, and while a refused request's answer is built.
//!
//! One `#[test]` only, so no other test thread runs meanwhile; only the
//! measuring thread's allocations inside a measured section count. Inputs
//! are read (and may allocate) before a section; results are checked after.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use collectssl::response::{Expectation, Format, Response};
use collectssl::{Blob, Request, ResponseFormat, Status};

#[path = "support/counting.rs"]
mod counting;
use counting::measure;

/// Runs `f`, asserts it did not allocate, and returns its result.
#[track_caller]
fn no_alloc<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let (result, n) = measure(f);
    assert_eq!(n, 0, "{what} allocated {n} times");
    result
}

const BUF: usize = 8 * 1024;

#[test]
fn responses_never_allocate() {
    // The counter works.
    assert_eq!(measure(|| Box::new(1u8)).1, 1);
    assert!(measure(|| format!("{}", 12345)).1 >= 1);

    // Every sample, read before counting starts.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "body"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    names.sort();
    let samples: Vec<(String, Vec<u8>, Vec<u8>)> = names
        .into_iter()
        .map(|name| {
            let request = fs::read(dir.join(format!("{name}.request"))).unwrap();
            let body = fs::read(dir.join(format!("{name}.body"))).unwrap();
            (name, request, body)
        })
        .collect();
    assert!(samples.len() >= 12);

    let mut seen_cas = 0usize;
    let mut seen_mdc = 0usize;
    for (name, request, body) in &samples {
        let exp: Expectation =
            no_alloc("Expectation::from_form", || Expectation::from_form(request));
        let format = no_alloc("Format::detect", || Format::detect(body, &exp));
        let r = no_alloc("Response::parse", || Response::parse(body, &exp)).unwrap();
        // The entry point of the body's own format.
        let direct = match format {
            Format::NewlineDelimited => {
                no_alloc("parse_newline", || Response::parse_newline(body, &exp))
            }
            Format::UrlEncoded => no_alloc("parse_urlencoded", || Response::parse_urlencoded(body)),
            Format::Binary => Ok(r),
        }
        .unwrap();
        let same = no_alloc("Response equality", || direct == r);
        assert!(same, "{name}");
        // The strict reading, through each entry point.
        let strict = no_alloc("Response::parse_strict", || {
            Response::parse_strict(body, &exp)
        });
        let direct_strict = no_alloc("parse_*_strict", || match format {
            Format::NewlineDelimited => Response::parse_newline_strict(body, &exp),
            Format::UrlEncoded => Response::parse_urlencoded_strict(body),
            Format::Binary => Ok(r),
        });
        assert_eq!(strict.unwrap(), direct_strict.unwrap(), "{name}");

        // Checking, iterating and decoding certificates into stack buffers.
        no_alloc("check_certificates", || r.check_certificates()).unwrap();
        let (count, total) = no_alloc("iterate CA certificates", || {
            let mut out = [0u8; BUF];
            let mut total = 0usize;
            let mut count = 0usize;
            for ca in r.ca_certificates.iter() {
                count += 1;
                total += ca
                    .decode_into(&mut out)
                    .map(<[u8]>::len)
                    .unwrap_or(usize::MAX / 64);
            }
            (count, total)
        });
        assert_eq!(count, r.ca_certificates.len(), "{name}");
        seen_cas += count;
        let blobs = no_alloc("decoded_len and decode_into of every blob", || {
            let mut out = [0u8; BUF];
            let mut lens = [(0usize, 0usize); 8];
            for (slot, blob) in lens.iter_mut().zip(r.blobs()) {
                let len = blob.decoded_len().unwrap_or(usize::MAX);
                let decoded = blob.decode_into(&mut out).map(<[u8]>::len).unwrap_or(0);
                *slot = (len, decoded);
            }
            lens
        });
        for (len, decoded) in blobs.iter().take(r.blobs().count()) {
            assert_eq!(len, decoded, "{name}");
            assert!(*decoded > 0, "{name}");
        }
        assert!(total >= count, "{name}");

        // MDC lists, walked item by item.
        let items = no_alloc("iterate MDC lists", || {
            let mut n = 0usize;
            for list in [r.mdc_domain_details, r.mdc_domain_details2]
                .into_iter()
                .flatten()
            {
                for item in list.iter() {
                    let item = item.unwrap();
                    n += item.domain.char_count().unwrap();
                }
            }
            n
        });
        seen_mdc += items;

        // Encoding into a stack buffer and into a heapless string, in both
        // text formats where the value fits them (binary samples do too).
        for out_format in [ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded] {
            let len = no_alloc("encoded_len", || r.encoded_len(out_format));
            let mut buf = [0u8; BUF];
            let n = no_alloc("encode into a stack buffer", || {
                r.encode(out_format, &mut buf)
            });
            let mut text = heapless::String::<BUF>::new();
            let written = no_alloc("write_to a heapless::String", || {
                r.write_to(out_format, &mut text)
            });
            match (n, written) {
                (Ok(n), Ok(())) => {
                    assert_eq!(n, len, "{name}");
                    assert_eq!(text.as_bytes(), &buf[..n], "{name}");
                }
                (n, written) => {
                    // Only format 0 may refuse (an unknown parameter, say).
                    assert_eq!(out_format, ResponseFormat::NewlineDelimited, "{name}");
                    assert!(n.is_err() && written.is_err(), "{name}");
                }
            }
        }
        // Displaying the texts.
        let mut shown = heapless::String::<512>::new();
        no_alloc("Display of texts", || {
            for text in [r.error_message, r.fqdn].into_iter().flatten() {
                write!(shown, "{text}|").unwrap();
            }
            if let Some(s) = r.certificate_status {
                write!(shown, "{s}|").unwrap();
            }
            if let Some(s) = r.caa_status {
                write!(shown, "{s}|").unwrap();
            }
        });
    }
    assert!(seen_cas >= 4, "the samples have CA certificates");
    assert!(seen_mdc > 0, "the samples have MDC lists");

    // Errors, too, are built without allocating.
    let exp = Expectation::new(collectssl::QueryType::CertificateAndChain);
    let bad: [&[u8]; 4] = [
        b"2\n-----BEGIN CERTIFICATE-----\nAAEC\n",
        b"+2\n",
        b"errorCode=0&fqdn=a&fqdn=b",
        b"errorCode=2&certificate=AA*A",
    ];
    // What only the tolerant reading reads: kept lines and parameters,
    // partial details, blank lines, armour, iterated without allocating.
    let details = Expectation::from_form(b"queryType=0&showStatusDetails=Y");
    let live_text = b"0\n1\n1\n-1\n-1\n9\nAuthorized\nlater\n\n\n";
    let live_form = b"errorCode=2&errorItem=x&dcvStatus=3&fqdn=&certificate=\
        -----BEGIN+CERTIFICATE-----%0AMAMCAQE%3D%0A-----END+CERTIFICATE-----%0A";
    no_alloc("the tolerant reading", || {
        let r = Response::parse(live_text, &details).unwrap();
        assert_eq!(r.status_details.len(), 5);
        assert_eq!(r.other_lines.iter().count(), 1);
        assert!(Response::parse_strict(live_text, &details).is_err());
        let r = Response::parse_urlencoded(live_form).unwrap();
        assert_eq!(r.other_parameters.iter().count(), 1);
        let mut der = [0u8; 8];
        assert_eq!(
            r.certificate.unwrap().decode_into(&mut der).unwrap().len(),
            5
        );
        assert!(Response::parse_urlencoded_strict(live_form).is_err());
    });

    no_alloc("parse errors", || {
        assert!(Response::parse_newline(bad[0], &exp).is_err());
        assert!(Response::parse_newline(bad[1], &exp).is_err());
        assert!(Response::parse_urlencoded(bad[2]).is_err());
        let r = Response::parse_urlencoded(bad[3]).unwrap();
        assert!(r.certificate.unwrap().decode_into(&mut [0u8; 16]).is_err());
    });

    // A binary blob, decoded into a stack buffer.
    let der = [0x30u8, 0x03, 0x02, 0x01, 0x00];
    let copied = no_alloc("Blob::binary decode_into", || {
        let mut out = [0u8; 8];
        Blob::binary(&der).decode_into(&mut out).map(|d| d.len())
    });
    assert_eq!(copied, Ok(5));

    // The server's answer to refused requests, in a stack buffer.
    let requests: [&[u8]; 3] = [
        b"loginName=u",
        b"loginName=u&Col%6Fur=red",
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=9",
    ];
    for request in requests {
        let err = no_alloc("Request::parse", || Request::parse(request)).unwrap_err();
        let mut message = [0u8; 128];
        let answer = no_alloc("Response::from_request_error", || {
            Response::from_request_error(&err, &mut message)
        })
        .unwrap();
        let mut text = [0u8; 256];
        let n = no_alloc("encode the answer (format 0)", || {
            answer.encode(ResponseFormat::NewlineDelimited, &mut text)
        })
        .unwrap();
        let mut form = [0u8; 256];
        let m = no_alloc("encode the answer (format 1)", || {
            answer.encode(ResponseFormat::UrlEncoded, &mut form)
        })
        .unwrap();
        let code = answer.status.code();
        assert!(matches!(
            answer.status,
            Status::UnrecognisedArgument | Status::ArgumentMissing | Status::ArgumentInvalid
        ));
        let text = std::str::from_utf8(&text[..n]).unwrap();
        assert!(
            text.starts_with(&format!("{code}\n")) && text.ends_with("!\n"),
            "{text}"
        );
        let form = std::str::from_utf8(&form[..m]).unwrap();
        // A message buffer too small is an error, not an allocation.
        let mut tiny = [0u8; 4];
        let small = no_alloc("from_request_error, buffer too small", || {
            Response::from_request_error(&err, &mut tiny).map(|r| r.status)
        });
        assert_eq!(
            small.unwrap_err().kind(),
            collectssl::ErrorKind::BufferTooSmall
        );
        assert!(
            form.starts_with(&format!("errorCode={code}&errorMessage=")),
            "{form}"
        );
    }
}
