//! The command-line tool (`examples/collectssl.rs`) as a black box: the
//! built example is run with arguments and stdin, and its stdout, stderr and
//! exit status are checked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::{Value, json};

/// The example binary: the one `cargo test` built beside this test
/// (`target/<profile>/deps/cli-…` → `target/<profile>/examples/collectssl`),
/// or, when it was not built (the `serde` feature is off), a fresh build.
///
/// `cargo test --test cli` alone does not rebuild examples: run
/// `cargo test --all-features` to test the current source.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let name = format!("collectssl{}", std::env::consts::EXE_SUFFIX);
        let exe = std::env::current_exe().expect("the test binary's path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>/deps");
        let beside = profile_dir.join("examples").join(&name);
        if beside.is_file() {
            return beside;
        }
        // The same target directory, so the dependencies are reused; cargo
        // has released its lock by the time tests run.
        let target_dir = profile_dir.parent().expect("target/<profile>");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", "collectssl", "--features", "serde"])
            .arg("--target-dir")
            .arg(target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the collectssl example failed");
        target_dir.join("debug").join("examples").join(name)
    })
}

/// Runs the tool with `args` and `stdin`, and checks what every run must
/// satisfy: no panic, and stderr empty or one line.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    // The tool may exit before reading stdin (e.g. on a usage error).
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    let out = child.wait_with_output().expect("the example ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert!(
        stderr.is_empty() || (stderr.ends_with('\n') && stderr.lines().count() == 1),
        "{args:?}: stderr is not one line: {stderr:?}"
    );
    out
}

/// Parses `stdout` as exactly one line holding one JSON object.
fn json_line(out: &Output) -> Value {
    let stdout = std::str::from_utf8(&out.stdout).expect("UTF-8 stdout");
    assert!(
        stdout.ends_with('\n') && stdout.lines().count() == 1,
        "not one line: {stdout:?}"
    );
    let value: Value = serde_json::from_str(stdout).expect("JSON stdout");
    assert!(value.is_object(), "not an object: {value}");
    value
}

/// `request parse` on `body`: the JSON and the exit code.
fn request_parse(body: &[u8]) -> (Value, Option<i32>) {
    let out = run(&["request", "parse"], body);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (json_line(&out), out.status.code())
}

/// `request encode` with `args`: the body, which must have been accepted.
fn request_encode(args: &[&str]) -> Vec<u8> {
    let mut all = vec!["request", "encode"];
    all.extend_from_slice(args);
    let out = run(&all, b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    out.stdout
}

fn sample() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/request.form");
    std::fs::read(path).expect("examples/request.form")
}

#[test]
fn request_parse_prints_the_sample_request() {
    let (value, code) = request_parse(&sample());
    assert_eq!(code, Some(0));
    assert_eq!(
        value,
        json!({
            "loginName": "reseller",
            "loginPassword": "secret",
            "orderNumber": "12345678",
            "queryType": 1,
            "responseType": 3,
            "responseEncoding": 0,
            "showValidityPeriod": true,
            "showFQDN": true,
            "responseFormat": 0,
        })
    );
}

#[test]
fn request_parse_uses_canonical_names_in_the_spec_order() {
    let body = b"BASEORDERNUMBER=7&showmdcdomaindetails2=n&CertificateId=0012&loginname=u\
        &LOGINPASSWORD=p&showMdcDomainDetails=y&queryType=0&showStatusDetails=N\
        &showExtStatus=Y&showfqdn=N&responseMimeType=text%2Fplain&collectionCode=c+d";
    let out = run(&["request", "parse"], body);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        concat!(
            r#"{"loginName":"u","loginPassword":"p","certificateID":12,"baseOrderNumber":7,"#,
            r#""queryType":0,"showFQDN":false,"showExtStatus":true,"showMDCDomainDetails":true,"#,
            r#""showMDCDomainDetails2":false,"showStatusDetails":false,"collectionCode":"c d","#,
            r#""responseMimeType":"text/plain"}"#,
            "\n"
        )
    );
}

#[test]
fn refused_requests_are_answered_like_the_server() {
    let cases: &[(&[u8], i32, &str)] = &[
        (
            b"loginName=u&Colour=red",
            -2,
            "'Colour' is an unrecognised argument!",
        ),
        (b"showFODN=Y", -2, "'showFODN' is an unrecognised argument!"),
        (b"", -3, "The 'loginName' argument is missing!"),
        (
            b"loginName=u&loginPassword=p&queryType=1",
            -3,
            "The 'orderNumber' argument is missing!",
        ),
        (
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=9",
            -4,
            "The value of the 'queryType' argument is invalid!",
        ),
        (
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=2&responseType=0",
            -4,
            "The value of the 'responseType' argument is invalid!",
        ),
        // Bytes that are not UTF-8 are judged as the server judges them.
        (
            b"loginName=\xFF",
            -4,
            "The value of the 'loginName' argument is invalid!",
        ),
        (
            b"loginName=%FF",
            -4,
            "The value of the 'loginName' argument is invalid!",
        ),
    ];
    for (body, code, message) in cases {
        let (value, exit) = request_parse(body);
        assert_eq!(exit, Some(1), "{}", String::from_utf8_lossy(body));
        assert_eq!(
            value,
            json!({"errorCode": code, "errorMessage": message}),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn request_encode_writes_the_sample_without_a_newline() {
    let body = request_encode(&[
        "--login-name",
        "reseller",
        "--login-password",
        "secret",
        "--order-number",
        "12345678",
        "--response-type",
        "3",
        "--response-encoding",
        "0",
        "--show-validity-period",
        "Y",
        "--show-fqdn",
        "Y",
        "--response-format",
        "0",
    ]);
    assert_eq!(body, sample());
}

#[test]
fn request_encode_pipes_into_request_parse() {
    let body = request_encode(&[
        "--login-name=u",
        "--login-password=p",
        "--certificate-id=42",
        "--base-order-number=18446744073709551615",
        "--order-number=o",
        "--query-type=1",
        "--response-type=2",
        "--response-encoding=1",
        "--response-format=1",
        "--show-validity-period=n",
        "--show-fqdn=Y",
        "--show-ext-status=N",
        "--show-mdc-domain-details=Y",
        "--show-mdc-domain-details2=N",
        "--show-status-details=Y",
        "--collection-code=ABC123",
        "--response-mime-type=application/pkcs7-mime",
    ]);
    let (value, code) = request_parse(&body);
    assert_eq!(code, Some(0));
    assert_eq!(
        value,
        json!({
            "loginName": "u",
            "loginPassword": "p",
            "orderNumber": "o",
            "certificateID": 42,
            "baseOrderNumber": 18446744073709551615u64,
            "queryType": 1,
            "responseType": 2,
            "responseEncoding": 1,
            "showValidityPeriod": false,
            "showFQDN": true,
            "showExtStatus": false,
            "responseFormat": 1,
            "showMDCDomainDetails": true,
            "showMDCDomainDetails2": false,
            "showStatusDetails": true,
            "collectionCode": "ABC123",
            "responseMimeType": "application/pkcs7-mime",
        })
    );

    // The defaults: queryType 1, nothing else.
    let body = request_encode(&[
        "--login-name",
        "u",
        "--login-password",
        "p",
        "--order-number",
        "1",
    ]);
    assert_eq!(
        body,
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=1"
    );
}

#[test]
fn hostile_values_round_trip() {
    let name = "a&queryType=2";
    let password = "p=%41+ &%zz ü€😀";
    let order = "x y&z=%20+";
    let code = "=&%+ ";
    let mime = "text/plain; charset=\"utf-8\"";
    let body = request_encode(&[
        "--login-name",
        name,
        "--login-password",
        password,
        "--order-number",
        order,
        "--query-type",
        "0",
        "--collection-code",
        code,
        "--response-mime-type",
        mime,
    ]);
    // Nothing the values hold can add a parameter.
    assert_eq!(body.iter().filter(|&&b| b == b'&').count(), 5);
    let (value, exit) = request_parse(&body);
    assert_eq!(exit, Some(0));
    assert_eq!(
        value,
        json!({
            "loginName": name,
            "loginPassword": password,
            "orderNumber": order,
            "queryType": 0,
            "collectionCode": code,
            "responseMimeType": mime,
        })
    );
}

#[test]
fn requests_the_encoder_refuses_are_one_line_errors() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--login-password", "p", "--order-number", "1"],
            "the 'loginName' argument is missing",
        ),
        (
            &["--login-name", "u", "--login-password", "p"],
            "the 'orderNumber' argument is missing",
        ),
        (
            &[
                "--login-name",
                "u",
                "--login-password",
                "p",
                "--certificate-id",
                "12345678901234567",
            ],
            "the value of the 'certificateID' argument is invalid",
        ),
        (
            &[
                "--login-name",
                "u",
                "--login-password",
                "p",
                "--order-number",
                "1",
                "--query-type",
                "2",
                "--response-type",
                "0",
            ],
            "the value of the 'responseType' argument is invalid",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["request", "encode"];
        all.extend_from_slice(args);
        let out = run(&all, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn usage_errors_are_one_line_and_fail() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["request"],
        &["request", "frobnicate"],
        &["request", "parse", "extra"],
        &["request", "parse", "--login-name", "u"],
        &["request", "encode", "--bogus", "1"],
        &["request", "encode", "--login-name"],
        &["request", "encode", "--login-name", "--login-password", "p"],
        &["request", "encode", "--login-name", "a", "--login-name=b"],
        &["request", "encode", "--query-type", "x"],
        &["request", "encode", "--query-type", "4"],
        &["request", "encode", "--query-type", "+1"],
        &["request", "encode", "--response-type", "9"],
        &["request", "encode", "--response-encoding", "2"],
        &["request", "encode", "--response-format", "2"],
        &["request", "encode", "--show-fqdn", "yes"],
        &["request", "encode", "--certificate-id", "-1"],
        &[
            "request",
            "encode",
            "--base-order-number",
            "18446744073709551616",
        ],
        &["request", "encode", "--login-name\nx", "u"],
        &["request", "encode", "positional"],
    ];
    for args in cases {
        let out = run(args, b"");
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).lines().count(),
            1,
            "{args:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(binary())
        .args(["request", "encode", "--login-name"])
        .arg(std::ffi::OsStr::from_bytes(b"\xFF"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn help_is_on_stdout_and_succeeds() {
    for args in [
        &["--help"][..],
        &["help"],
        &["-h"],
        &["request", "--help"],
        &["request", "encode", "--help"],
        &["request", "parse", "--help"],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("collectssl request parse"), "{args:?}");
        assert!(help.contains("--show-mdc-domain-details2"), "{args:?}");
    }
}
