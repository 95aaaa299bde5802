//! The cost of adversarial bodies over growing sizes, 4 KiB to 1 MiB: a
//! peer that sends the worst it can must cost time linear in what it sent.
//! Each group reads one kind of body (built by `support/adversarial_bodies.rs`,
//! which `tests/hostile.rs` checks at 1 MiB) at five sizes; a flat
//! throughput across the sizes is the linear cost. Where a body parses,
//! the measured work includes walking what was parsed (the lazy parts:
//! decoding certificates, iterating list items, streaming texts).
//!
//! Run: `cargo bench --bench adversarial`

use std::hint::black_box;
use std::time::Duration;

use collectssl::response::{Expectation, Response};
use collectssl::{Request, Text};
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};

#[path = "support/adversarial_bodies.rs"]
mod bodies;

const SIZES: [usize; 5] = [4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20];

/// Benchmarks `read` on the body `make` builds, at every size.
fn sizes<B: AsRef<[u8]>>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    make: impl Fn(usize) -> B,
    read: impl Fn(&[u8]),
) {
    for size in SIZES {
        let body = make(size);
        let body = body.as_ref();
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::new(name, size), body, |b, body| {
            b.iter(|| read(black_box(body)))
        });
    }
}

/// A `fmt::Write` that counts what it is given.
struct Count(usize);

impl std::fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// Every certificate decoded once, chunk by chunk.
fn decode_all(r: &Response<'_>) -> usize {
    let mut total = 0;
    for blob in r.blobs() {
        blob.for_each_chunk(|chunk| {
            total += chunk.len();
            Ok(())
        })
        .unwrap();
    }
    total
}

/// Every MDC item walked, its domain's characters counted.
fn walk_mdc(r: &Response<'_>) -> usize {
    r.mdc_domain_details
        .unwrap()
        .iter()
        .map(|item| item.unwrap().domain.char_count().unwrap())
        .sum()
}

fn all_percent(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial/all_percent");
    let status_only = Expectation::new(collectssl::QueryType::StatusOnly);
    sizes(&mut g, "request_parse", bodies::all_percent, |body| {
        assert!(Request::parse(body).is_err());
    });
    sizes(&mut g, "format1_parse", bodies::all_percent, |body| {
        assert!(Response::parse_urlencoded(body).is_err());
    });
    sizes(&mut g, "format0_parse", bodies::all_percent, |body| {
        assert!(Response::parse_newline(body, &status_only).is_err());
    });
    sizes(&mut g, "format1_value", bodies::percent_value, |body| {
        assert!(Response::parse_urlencoded(body).is_err());
    });
    sizes(&mut g, "request_value", bodies::percent_request, |body| {
        assert!(Request::parse(body).is_err());
    });
    // The lenient reading a client does of a request it sent.
    sizes(
        &mut g,
        "expectation_from_form",
        bodies::all_percent,
        |body| {
            black_box(Expectation::from_form(body));
        },
    );
    // Text a lenient `Display` streams, bad escape after bad escape (into a
    // writer that only counts, so that only the library is measured).
    sizes(&mut g, "text_display", bodies::all_percent, |body| {
        let mut out = Count(0);
        std::fmt::Write::write_fmt(&mut out, format_args!("{}", Text::form(body))).unwrap();
        assert_eq!(out.0, body.len());
    });
    g.finish();
}

fn lines(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial/100k_lines");
    let (_, exp) = bodies::lines(0);
    sizes(
        &mut g,
        "format0_certificate_lines",
        |n| bodies::lines(n).0,
        |body| {
            let r = Response::parse_newline(body, &exp).unwrap();
            black_box(decode_all(&r));
        },
    );
    sizes(&mut g, "format0_blank_lines", bodies::blank_lines, |body| {
        assert!(Response::parse_newline(body, &exp).is_err());
    });
    // Cut short: the error names the line, counted over the whole body.
    sizes(
        &mut g,
        "format0_truncated",
        |n| {
            let mut body = bodies::lines(n).0;
            body.truncate(body.len() - 30);
            body
        },
        |body| {
            assert!(Response::parse_newline(body, &exp).is_err());
        },
    );
    g.finish();
}

fn mdc_domains(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial/100k_mdc_domains");
    let (_, exp0) = bodies::mdc_newline(0);
    sizes(
        &mut g,
        "format0",
        |n| bodies::mdc_newline(n).0,
        |body| {
            let r = Response::parse_newline(body, &exp0).unwrap();
            black_box(walk_mdc(&r));
        },
    );
    sizes(
        &mut g,
        "format1",
        |n| bodies::mdc_urlencoded(n).0,
        |body| {
            let r = Response::parse_urlencoded(body).unwrap();
            black_box(walk_mdc(&r));
        },
    );
    g.finish();
}

fn one_line(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial/one_long_line");
    let (_, exp) = bodies::long_line(0);
    sizes(
        &mut g,
        "format0_fqdn",
        |n| bodies::long_line(n).0,
        |body| {
            let r = Response::parse_newline(body, &exp).unwrap();
            black_box(r.fqdn.unwrap().char_count().unwrap());
        },
    );
    sizes(&mut g, "format1_message", bodies::long_form_value, |body| {
        let r = Response::parse_urlencoded(body).unwrap();
        black_box(r.error_message.unwrap().char_count().unwrap());
    });
    sizes(
        &mut g,
        "request_login_name",
        bodies::long_request_value,
        |body| {
            assert!(Request::parse(body).is_err());
        },
    );
    sizes(
        &mut g,
        "format0_status_digits",
        bodies::long_status,
        |body| {
            assert!(Response::parse_newline(body, &exp).is_err());
        },
    );
    g.finish();
}

fn pem_blocks(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial/10k_pem_blocks");
    let (_, exp) = bodies::pem_blocks(0);
    sizes(
        &mut g,
        "format0_chain",
        |n| bodies::pem_blocks(n).0,
        |body| {
            let r = Response::parse_newline(body, &exp).unwrap();
            black_box(decode_all(&r));
        },
    );
    sizes(
        &mut g,
        "format0_chain_parse_only",
        |n| bodies::pem_blocks(n).0,
        |body| {
            black_box(Response::parse_newline(body, &exp).unwrap());
        },
    );
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = all_percent, lines, mdc_domains, one_line, pem_blocks
}
criterion_main!(benches);
