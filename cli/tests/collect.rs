//! `collectssl collect` and `collectssl status` against `collectssl mock`
//! on a free loopback port: every outcome's exit status, files and
//! messages, the polling, and the credentials' rules.
//!
//! The issued files are checked with the crate (`Chain`, `Blob`) and with
//! `openssl verify` at a fixed time inside the sample chain's validity, so
//! that no test depends on today's date.

mod common;
#[path = "../../tests/support/tools.rs"]
mod tools;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use collectssl::Blob;
use collectssl::container::{CertificateFile, Chain};
use serde_json::Value;

use common::{Mock, TempDir, arg, closed_port, collectssl, manifest, names, output, read};

/// 2026-07-01 00:00:00 UTC: inside the validity of every certificate of
/// the sample chain (the leaf's runs from 2026-01-01 to 2027-01-01).
const VERIFY_AT: &str = "1782864000";

/// The four files of an issued order with a root.
const ISSUED_FILES: [&str; 4] = ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"];

/// `collectssl collect` against `url` with the demo account in the
/// environment and `args`.
fn collect(url: &str, args: &[&str]) -> Output {
    output(
        collectssl()
            .env("COLLECTSSL_LOGIN_NAME", "demo")
            .env("COLLECTSSL_LOGIN_PASSWORD", "demo")
            .args(["collect", "--url", url])
            .args(args),
    )
}

/// The sample chain's PEM file `name`, as shipped.
fn sample_pem(name: &str) -> String {
    String::from_utf8(read(&manifest(&format!(
        "examples/samples/chain/{name}.pem"
    ))))
    .expect("UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The DER certificates of a PEM file, read by the crate.
fn certificates(path: &Path) -> Vec<Vec<u8>> {
    let text = read(path);
    let file = CertificateFile::parse(&text).expect("a certificate file");
    file.blobs()
        .map(|blob: Blob<'_>| {
            let mut der = vec![0; blob.decoded_len().expect("base64")];
            let len = blob.decode_into(&mut der).expect("base64").len();
            der.truncate(len);
            der
        })
        .collect()
}

/// Checks the files of the issued demo order in `dir`: exactly the four,
/// the shipped PEM text, in the order the crate's `Chain` finds, and
/// verified by openssl.
fn check_issued_files(dir: &Path) {
    assert_eq!(names(dir), ISSUED_FILES);
    let file = |name: &str| fs::read_to_string(dir.join(name)).expect("a written file");
    let (leaf, intermediate, root) = (
        sample_pem("leaf"),
        sample_pem("intermediate"),
        sample_pem("root"),
    );
    assert_eq!(file("cert.pem"), leaf);
    assert_eq!(file("chain.pem"), intermediate);
    assert_eq!(file("fullchain.pem"), format!("{leaf}{intermediate}"));
    assert_eq!(file("root.pem"), root);

    // The crate orders fullchain.pem plus root.pem as written: leaf first,
    // each issued by the next, ending with the self-signed root.
    let mut all = certificates(&dir.join("fullchain.pem"));
    all.extend(certificates(&dir.join("root.pem")));
    let chain = Chain::<4>::from_der(all.iter().map(Vec::as_slice)).expect("a chain");
    let ordered: Vec<&[u8]> = chain.iter().map(|c| c.der()).collect();
    let written: Vec<&[u8]> = all.iter().map(Vec::as_slice).collect();
    assert_eq!(ordered, written);
    assert!(chain.ends_with_root());
    assert!(!chain.leaf().is_self_issued());

    let out = Command::new(tools::require("openssl"))
        .args(["verify", "-attime", VERIFY_AT, "-untrusted"])
        .arg(dir.join("chain.pem"))
        .arg("-CAfile")
        .arg(dir.join("root.pem"))
        .arg(dir.join("cert.pem"))
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl verify: {}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).trim_end().ends_with("cert.pem: OK"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_issued_order_is_written_as_the_files_a_web_server_reads() {
    let mock = Mock::start();
    for selector in ["--order-number", "--certificate-id", "--base-order-number"] {
        let dir = TempDir::new("issued");
        // The directory is created, parents included.
        let out_dir = dir.join("certs/www");
        let before = mock.requests();
        let out = collect(&mock.url, &[selector, "1000", "--out", arg(&out_dir)]);
        assert_eq!(out.status.code(), Some(0), "{selector}: {}", stderr(&out));
        assert_eq!(mock.requests() - before, 1, "one call");
        check_issued_files(&out_dir);
        let line = stdout(&out);
        assert_eq!(line.lines().count(), 1, "{line}");
        for name in ISSUED_FILES {
            assert!(
                line.contains(&format!("{}", out_dir.join(name).display())),
                "{line}"
            );
        }
        assert!(line.contains("www.example.com"), "{line}");
        assert!(
            line.contains("valid until 2027-01-01 23:59:59 UTC"),
            "{line}"
        );
    }
}

#[test]
fn files_are_replaced_whole_and_nothing_else_is_left() {
    let mock = Mock::start();
    let dir = TempDir::new("replace");
    fs::write(dir.join("cert.pem"), "old").unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let out = collect(&mock.url, &["--order-number", "1000", "--out", arg(&dir.0)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut expected: Vec<&str> = ISSUED_FILES.to_vec();
    expected.push("notes.txt");
    expected.sort_unstable();
    assert_eq!(dir.names(), expected);
    assert_eq!(
        fs::read_to_string(dir.join("cert.pem")).unwrap(),
        sample_pem("leaf")
    );

    // A directory that cannot be made: exit 1, naming it.
    let file = dir.join("notes.txt");
    let out = collect(
        &mock.url,
        &["--order-number", "1000", "--out", arg(&file.join("sub"))],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot create"), "{}", stderr(&out));
}

#[test]
fn a_pending_order_exits_3_and_writes_nothing() {
    let mock = Mock::start();
    for (order, status) in [("1001", "0 Being processed"), ("1004", "-22 ")] {
        let dir = TempDir::new("pending");
        let out_dir = dir.join("out");
        let before = mock.requests();
        let out = collect(
            &mock.url,
            &["--order-number", order, "--out", arg(&out_dir)],
        );
        let stderr = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{order}: {stderr}");
        assert!(stderr.contains("pending"), "{stderr}");
        assert!(stderr.contains(status), "{stderr}");
        assert!(out.stdout.is_empty());
        assert!(!out_dir.exists(), "{order}: nothing written");
        assert_eq!(mock.requests() - before, 1, "{order}: one call");
    }
}

#[test]
fn a_pending_order_is_collected_when_it_is_issued_within_the_wait() {
    let mock = Mock::start();
    let dir = TempDir::new("wait");
    let started = Instant::now();
    let out = collect(
        &mock.url,
        &[
            "--order-number",
            "1006",
            "--out",
            arg(&dir.0),
            "--wait",
            "20",
            "--interval",
            "0.1",
        ],
    );
    let stderr = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // Pending twice, then issued: three calls, one at a time, after waits
    // of at least 0.1 s and 0.2 s (the back-off doubles).
    assert_eq!(mock.requests(), 3, "{}", mock.log());
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(started.elapsed() < Duration::from_secs(10));
    for attempt in 1..=3 {
        assert!(stderr.contains(&format!("attempt {attempt}: ")), "{stderr}");
    }
    assert!(stderr.contains("attempt 3: 2 "), "{stderr}");
    check_issued_files(&dir.0);
}

#[test]
fn the_wait_runs_out_while_the_order_is_pending() {
    let mock = Mock::start();
    let dir = TempDir::new("timeout");
    let out_dir = dir.join("out");
    let started = Instant::now();
    let out = collect(
        &mock.url,
        &[
            "--order-number",
            "1001",
            "--out",
            arg(&out_dir),
            "--wait",
            "0.5",
            "--interval",
            "0.1",
        ],
    );
    let stderr = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    // Calls at 0, 0.1 and 0.3 s; the next (0.7 s) would be past the wait.
    assert_eq!(mock.requests(), 3, "{}", mock.log());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(stderr.contains("still pending after --wait"), "{stderr}");
    assert!(!out_dir.exists());
}

#[test]
fn final_refusals_and_caller_errors_exit_1_at_once() {
    let mock = Mock::start();
    let cases = [
        (
            "1002",
            "demo",
            "-20 The certificate request has been rejected!",
        ),
        ("1003", "demo", "-21 The certificate has been revoked!"),
        ("1000", "wrong", "-16 Permission denied!"),
        (
            "4242",
            "demo",
            "-4 The value of the 'orderNumber' argument is invalid!",
        ),
    ];
    for (order, password, message) in cases {
        let dir = TempDir::new("refused");
        let out_dir = dir.join("out");
        let before = mock.requests();
        let out = output(
            collectssl()
                .env("COLLECTSSL_LOGIN_NAME", "demo")
                .env("COLLECTSSL_LOGIN_PASSWORD", password)
                .args(["collect", "--url", &mock.url, "--order-number", order])
                .args(["--out", arg(&out_dir), "--wait", "60", "--interval", "0.1"]),
        );
        let stderr = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{order}: {stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(last.contains(message), "{order}: {stderr}");
        assert_eq!(
            mock.requests() - before,
            1,
            "{order}: one call, even with --wait"
        );
        assert!(!out_dir.exists());
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_service_unreachable_is_a_transport_error() {
    let url = format!(
        "http://127.0.0.1:{}/products/download/CollectSSL",
        closed_port()
    );
    let dir = TempDir::new("unreachable");
    let out = collect(
        &url,
        &["--order-number", "1000", "--out", arg(&dir.join("out"))],
    );
    let stderr = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.contains("transport error"), "{stderr}");
    assert!(last.contains("onnection refused"), "{stderr}");
    assert!(last.contains(&url), "{stderr}");

    // With a wait, it backs off and tries again, then gives up the same way.
    let out = collect(
        &url,
        &[
            "--order-number",
            "1000",
            "--out",
            arg(&dir.join("out")),
            "--wait",
            "0.5",
            "--interval",
            "0.1",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("attempt 3: no answer"), "{stderr}");
    assert!(!dir.join("out").exists());
}

#[test]
fn a_server_without_the_api_is_a_transport_error() {
    let mock = Mock::start();
    let url = mock
        .url
        .replace("/products/download/CollectSSL", "/elsewhere");
    let dir = TempDir::new("elsewhere");
    let out = collect(&url, &["--order-number", "1000", "--out", arg(&dir.0)]);
    let stderr = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("transport error: HTTP 404"), "{stderr}");
}

#[test]
fn no_credentials_is_a_usage_error_naming_both_variables() {
    let mock = Mock::start();
    let dir = TempDir::new("nocreds");
    let base = ["--url", &mock.url, "--order-number", "1000"];
    let cases: [&[(&str, &str)]; 3] = [
        &[],
        &[("COLLECTSSL_LOGIN_NAME", "demo")],
        &[("COLLECTSSL_LOGIN_PASSWORD", "demo")],
    ];
    for variables in cases {
        for command in ["collect", "status"] {
            let mut run = collectssl();
            run.arg(command).args(base);
            if command == "collect" {
                run.args(["--out", arg(&dir.0)]);
            }
            for (name, value) in variables {
                run.env(name, value);
            }
            let out = output(&mut run);
            let stderr = stderr(&out);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{command} {variables:?}: {stderr}"
            );
            assert!(stderr.contains("COLLECTSSL_LOGIN_NAME"), "{stderr}");
            assert!(stderr.contains("COLLECTSSL_LOGIN_PASSWORD"), "{stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
    }
    // An empty variable counts as unset.
    let out = output(
        collectssl()
            .env("COLLECTSSL_LOGIN_NAME", "demo")
            .env("COLLECTSSL_LOGIN_PASSWORD", "")
            .args(["status"])
            .args(base),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(mock.requests(), 0, "no call without credentials");
}

#[test]
fn the_password_is_never_an_argument() {
    for command in ["collect", "status"] {
        let mut run = collectssl();
        run.args([command, "--order-number", "1000", "--login-name", "demo"]);
        if command == "collect" {
            run.args(["--out", "x"]);
        }
        let out = output(run.args(["--login-password", "demo"]));
        let stderr = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("--login-password"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_password_file_gives_its_first_line_and_the_password_is_never_printed() {
    let mock = Mock::start();
    let dir = TempDir::new("password");
    let good = dir.join("good");
    fs::write(&good, "demo\r\nsecond line\n").unwrap();
    let secret = "s3cret-Pa55";
    let bad = dir.join("bad");
    fs::write(&bad, format!("{secret}\n")).unwrap();
    let with_file = |file: &Path, command: &str, out_dir: &Path| {
        let mut run = collectssl();
        run.args([command, "--url", &mock.url, "--order-number", "1000"])
            .args(["--login-name", "demo", "--password-file", arg(file)]);
        if command == "collect" {
            run.args(["--out", arg(out_dir)]);
        }
        output(&mut run)
    };
    let out = with_file(&good, "collect", &dir.join("out"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_issued_files(&dir.join("out"));
    for command in ["collect", "status"] {
        let out = with_file(&bad, command, &dir.join("bad-out"));
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert!(
            stderr(&out).contains("-16 Permission denied!"),
            "{}",
            stderr(&out)
        );
        for text in [stdout(&out), stderr(&out), mock.log()] {
            assert!(!text.contains(secret), "the password is printed: {text}");
        }
    }
    // A file that cannot be read, or an empty first line: exit 2.
    fs::write(dir.join("empty"), "\nsecond\n").unwrap();
    for file in [dir.join("missing"), dir.join("empty")] {
        let out = with_file(&file, "status", &dir.0);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("password file"), "{}", stderr(&out));
    }
}

#[test]
fn a_frequent_interval_against_the_documented_endpoint_is_refused() {
    // No --url: the documented endpoint. The refusal comes before any
    // call, so no network is needed.
    let dir = TempDir::new("polite");
    for extra in [
        &["--interval", "60"][..],
        &["--interval", "10799.9", "--wait", "86400"],
        &[
            "--interval",
            "1",
            "--url",
            "https://SECURE.trust-provider.com:443/products/download/CollectSSL",
        ],
    ] {
        let out = output(
            collectssl()
                .env("COLLECTSSL_LOGIN_NAME", "demo")
                .env("COLLECTSSL_LOGIN_PASSWORD", "demo")
                .args(["collect", "--order-number", "1000", "--out", arg(&dir.0)])
                .args(extra),
        );
        let stderr = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains("--allow-frequent-polling"), "{stderr}");
        assert!(stderr.contains("3 hours"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    assert!(dir.names().is_empty());
    // Insisting is allowed; so is any interval against another URL (here
    // a closed port, so the call fails after the check has passed).
    let closed = format!("http://127.0.0.1:{}/", closed_port());
    for extra in [
        &["--url", &closed, "--interval", "1"][..],
        &[
            "--url",
            "http://127.0.0.1:1/products/download/CollectSSL",
            "--interval",
            "0",
        ],
    ] {
        let out = collect_at(extra, &dir.0);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("transport error"), "{}", stderr(&out));
    }
}

/// `collect` of order 1000 into `dir` with `extra` (which gives `--url`).
fn collect_at(extra: &[&str], dir: &Path) -> Output {
    output(
        collectssl()
            .env("COLLECTSSL_LOGIN_NAME", "demo")
            .env("COLLECTSSL_LOGIN_PASSWORD", "demo")
            .args(["collect", "--order-number", "1000", "--out", arg(dir)])
            .args(extra),
    )
}

/// `collectssl status` against the mock: the JSON and the exit code.
fn status(mock: &Mock, order: &str) -> (Value, Option<i32>) {
    let out = output(
        collectssl()
            .env("COLLECTSSL_LOGIN_NAME", "demo")
            .env("COLLECTSSL_LOGIN_PASSWORD", "demo")
            .args(["status", "--url", &mock.url, "--order-number", order]),
    );
    let stdout = stdout(&out);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    (
        serde_json::from_str(&stdout).expect("JSON"),
        out.status.code(),
    )
}

#[test]
fn status_prints_the_answer_as_parse_does() {
    let mock = Mock::start();
    let (pending, code) = status(&mock, "1001");
    assert_eq!(code, Some(0));
    assert_eq!(pending["format"], "form");
    assert_eq!(pending["errorCode"], 0);
    // Every show* flag was asked for.
    for key in [
        "certificateStatus",
        "validationStatus",
        "mdcDomainDetails",
        "mdcDomainDetails2",
        "csrStatus",
        "brandValStatus",
        "caaStatus",
    ] {
        assert!(pending.get(key).is_some(), "{key}: {pending}");
    }
    let (issued, code) = status(&mock, "1000");
    assert_eq!(code, Some(0));
    assert_eq!(issued["errorCode"], 1);
    assert_eq!(issued["notAfter"], 1_798_847_999);
    assert_eq!(issued["fqdn"], "www.example.com");
    assert!(issued.get("certificate").is_none(), "{issued}");
    let (rejected, code) = status(&mock, "1002");
    assert_eq!(code, Some(1));
    assert_eq!(rejected["errorCode"], -20);
    assert_eq!(
        rejected["errorMessage"],
        "The certificate request has been rejected!"
    );
    // The service unreachable: nothing on stdout, exit 1.
    let out = output(
        collectssl()
            .env("COLLECTSSL_LOGIN_NAME", "demo")
            .env("COLLECTSSL_LOGIN_PASSWORD", "demo")
            .args(["status", "--order-number", "1000", "--url"])
            .arg(format!("http://127.0.0.1:{}/", closed_port())),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("transport error"), "{}", stderr(&out));
}
