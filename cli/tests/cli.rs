//! The `collectssl` command's offline commands as a black box (`parse`,
//! `certs`, `request parse`, `request encode`, help and usage errors): the
//! binary cargo built for this test is run with arguments and stdin, and
//! its stdout, stderr and exit status are checked.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use collectssl::Blob;
use serde_json::{Value, json};

/// The binary under test.
fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_collectssl"))
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
    std::fs::read(manifest("examples/request.form")).expect("examples/request.form")
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
        &["parse"],
        &["parse", "--request"],
        &["parse", "--request", "queryType=1", "extra"],
        &["parse", "--request", "queryType=1", "--out", "x"],
        &["parse", "--out", "x"],
        &["certs"],
        &["certs", "--request", "queryType=1"],
        &["certs", "--out", "x"],
        &["certs", "--request", "queryType=1", "--out"],
        &["collect", "--out", "x"],
        &["collect", "--order-number", "1"],
        &[
            "collect",
            "--order-number",
            "1",
            "--certificate-id",
            "2",
            "--out",
            "x",
        ],
        &[
            "collect",
            "--order-number",
            "1",
            "--out",
            "x",
            "--wait",
            "soon",
        ],
        &[
            "collect",
            "--order-number",
            "1",
            "--out",
            "x",
            "--interval",
            "-1",
        ],
        &[
            "collect",
            "--order-number",
            "1",
            "--out",
            "x",
            "--interval",
            "1e3",
        ],
        &["collect", "--certificate-id", "x", "--out", "x"],
        &[
            "collect",
            "--order-number",
            "1",
            "--out",
            "x",
            "--login-password",
            "p",
        ],
        &["status"],
        &["status", "--order-number", "1", "--login-password=p"],
        &["mock", "--max-connections", "0"],
        &["mock", "--listen"],
        &["mock", "extra"],
    ];
    for args in cases {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
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
    let overview: &[&str] = &[
        "collectssl parse --request FORM",
        "collectssl certs --request FORM --out DIR",
        "collectssl request parse",
        "collectssl request encode",
        "collectssl collect",
        "collectssl status",
        "collectssl mock",
        "COLLECTSSL_LOGIN_PASSWORD",
    ];
    let cases: &[(&[&str], &[&str])] = &[
        (&["--help"], overview),
        (&["help"], overview),
        (&["-h"], overview),
        (&["request", "--help"], &["parse", "encode"]),
        (
            &["request", "encode", "--help"],
            &["collectssl request encode", "--show-mdc-domain-details2"],
        ),
        (
            &["request", "parse", "--help"],
            &["collectssl request parse"],
        ),
        (
            &["parse", "--help"],
            &[
                "collectssl parse --request FORM",
                "names an existing file",
                "--strict",
            ],
        ),
        (
            &["parse", "--request", "queryType=1", "--help"],
            &["collectssl parse --request FORM", "names an existing file"],
        ),
        (&["help", "parse"], &["collectssl parse --request FORM"]),
        (
            &["certs", "--help"],
            &["collectssl certs --request FORM --out DIR", "0-leaf.pem"],
        ),
        (
            &["collect", "--help"],
            &[
                "cert.pem",
                "chain.pem",
                "fullchain.pem",
                "root.pem",
                "--wait",
                "--interval",
                "10800",
                "--allow-frequent-polling",
                "COLLECTSSL_LOGIN_NAME",
                "COLLECTSSL_LOGIN_PASSWORD",
                "--password-file",
            ],
        ),
        (&["status", "--help"], &["queryType=0", "--password-file"]),
        (
            &["mock", "--help"],
            &["demo", "1006", "--orders", "N.pem", "N.body", "--listen"],
        ),
    ];
    for (args, wanted) in cases {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        for want in *wanted {
            assert!(help.contains(want), "{args:?} lacks {want:?}:\n{help}");
        }
    }
}

#[test]
fn the_version_is_the_package_s() {
    let out = run(&["--version"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("collectssl {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// ---- Responses: `parse` and `certs` ----

/// A path in the checkout (the workspace's root, one up from `cli/`).
fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// The request file and the body of a sample in `examples/samples`.
fn sample_files(name: &str) -> (PathBuf, Vec<u8>) {
    let dir = manifest("examples/samples");
    let body = fs::read(dir.join(format!("{name}.body"))).expect("the sample body");
    (dir.join(format!("{name}.request")), body)
}

/// A path as an argument.
fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The DER of a certificate of the sample chain (`root`, `intermediate`,
/// `leaf`).
fn der(name: &str) -> Vec<u8> {
    let pem = fs::read_to_string(manifest(&format!("examples/samples/chain/{name}.pem"))).unwrap();
    let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    decode(&base64)
}

/// Standard base64, decoded with the crate.
fn decode(base64: &str) -> Vec<u8> {
    let blob = Blob::base64(base64.as_bytes());
    let mut out = vec![0; blob.decoded_len().expect("valid base64")];
    let len = blob.decode_into(&mut out).unwrap().len();
    out.truncate(len);
    out
}

/// A JSON string value as the bytes its base64 holds.
fn decoded(value: &Value) -> Vec<u8> {
    decode(value.as_str().expect("a base64 string"))
}

/// Every key `parse` may print, in the order it prints them.
const KEYS: [&str; 25] = [
    "format",
    "errorCode",
    "errorMessage",
    "notBefore",
    "notAfter",
    "fqdn",
    "caCertificates",
    "certificate",
    "zipFile",
    "pkcs7",
    "netscapeCertificateSequence",
    "certificateStatus",
    "validationStatus",
    "mdcDomainDetails",
    "mdcDomainDetails2",
    "csrStatus",
    "dcvStatus",
    "ovCallBackStatus",
    "organizationValidationStatus",
    "freeDVUPStatus",
    "evClickThroughStatus",
    "brandValStatus",
    "caaStatus",
    "otherParameters",
    "otherLines",
];

/// `parse --request REQUEST` on `body`, which must succeed: the JSON and
/// the raw line. Checks the shape every answer has: one line, known keys in
/// order with `format` first, nothing empty.
fn parse(request: &str, body: &[u8]) -> (Value, String) {
    let out = run(&["parse", "--request", request], body);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{request}: {stderr}");
    assert!(out.stderr.is_empty(), "{request}: {stderr}");
    let value = json_line(&out);
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with(r#"{"format":""#), "{line}");
    let object = value.as_object().unwrap();
    for key in object.keys() {
        assert!(KEYS.contains(&key.as_str()), "unknown key {key}");
    }
    let mut last = None;
    for key in KEYS {
        let Some(v) = object.get(key) else { continue };
        assert!(
            !(v.is_null() || *v == json!("") || *v == json!([])),
            "{key}: {v}"
        );
        // No base64 or text value holds a quote, so a top-level key is found
        // by its quoted name and colon.
        let at = line.find(&format!("\"{key}\":")).unwrap();
        assert!(last < Some(at), "{key} is out of order: {line}");
        last = Some(at);
    }
    (value, line)
}

/// `parse` of the sample `name` with its request file.
fn parse_sample(name: &str) -> (Value, String) {
    let (request, body) = sample_files(name);
    parse(arg(&request), &body)
}

/// The line without its `format` entry.
fn without_format(line: &str) -> &str {
    let rest = line.strip_prefix(r#"{"format":""#).unwrap();
    &rest[rest.find("\",").unwrap() + 2..]
}

#[test]
fn parse_reads_every_sample() {
    let expected = [
        ("cabundle-urlencoded", "form", 2),
        ("crt-newline", "text", 2),
        ("denied-newline", "text", -16),
        ("issued-newline", "text", 2),
        ("issued-urlencoded", "form", 2),
        ("missing-urlencoded", "form", -3),
        ("nseq-urlencoded", "form", 2),
        ("pending-newline", "text", 0),
        ("pending-urlencoded", "form", 0),
        ("pkcs7-binary", "binary", 2),
        ("pkcs7-newline", "text", 2),
        ("zip-binary", "binary", 2),
    ];
    // Every shipped sample is here.
    let mut shipped: Vec<String> = fs::read_dir(manifest("examples/samples"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".body").map(str::to_owned)
        })
        .collect();
    shipped.sort();
    let names: Vec<&str> = expected.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(shipped, names);

    for (name, format, code) in expected {
        let (value, _) = parse_sample(name);
        assert_eq!(value["format"], format, "{name}");
        assert_eq!(value["errorCode"], code, "{name}");
    }
}

#[test]
fn parse_strict_reads_every_sample_as_the_default_reading_does() {
    let mut names: Vec<String> = fs::read_dir(manifest("examples/samples"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".body").map(str::to_owned)
        })
        .collect();
    names.sort();
    for name in names {
        let (request, body) = sample_files(&name);
        let (_, tolerant) = parse(arg(&request), &body);
        let out = run(&["parse", "--request", arg(&request), "--strict"], &body);
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), tolerant, "{name}");
    }
    // What neither reading takes is a one-line error with either.
    let out = run(
        &["parse", "--request", "responseFormat=1", "--strict"],
        b"errorCode=x",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("byte"));
}

#[test]
fn parse_gives_the_issued_chain_alike_in_both_formats() {
    let (text, text_line) = parse_sample("issued-newline");
    let (form, form_line) = parse_sample("issued-urlencoded");
    assert_eq!(text["format"], "text");
    assert_eq!(form["format"], "form");
    assert_eq!(without_format(&text_line), without_format(&form_line));

    let cas = text["caCertificates"].as_array().unwrap();
    assert_eq!(cas.len(), 2);
    assert_eq!(decoded(&cas[0]), der("root"));
    assert_eq!(decoded(&cas[1]), der("intermediate"));
    assert_eq!(decoded(&text["certificate"]), der("leaf"));
    let mut rest = text.as_object().unwrap().clone();
    for key in ["caCertificates", "certificate"] {
        rest.remove(key);
    }
    assert_eq!(
        Value::Object(rest),
        json!({
            "format": "text",
            "errorCode": 2,
            "notBefore": 1_767_225_600,
            "notAfter": 1_798_847_999,
            "fqdn": "www.example.com",
            "certificateStatus": "Issued",
            "validationStatus": "Complete",
            "csrStatus": 1,
            "dcvStatus": 1,
            "ovCallBackStatus": -1,
            "organizationValidationStatus": -1,
            "freeDVUPStatus": -1,
            "evClickThroughStatus": -1,
            "brandValStatus": -1,
            "caaStatus": "Authorized",
        })
    );
}

#[test]
fn parse_gives_the_pending_order_alike_in_both_formats() {
    let (text, text_line) = parse_sample("pending-newline");
    let (_, form_line) = parse_sample("pending-urlencoded");
    assert_eq!(without_format(&text_line), without_format(&form_line));
    assert_eq!(
        text,
        json!({
            "format": "text",
            "errorCode": 0,
            "certificateStatus": "Awaiting Validation",
            "validationStatus": "Awaiting Brand Validation",
            "mdcDomainDetails": [
                {"domain": "example.com", "status": "VALIDATED"},
                {"domain": "www.example.com", "status": "NOTVALIDATED"},
            ],
            "mdcDomainDetails2": [
                {"domain": "example.com", "status": "VALIDATED"},
                {"domain": "www.example.com", "status": "NOTVALIDATED"},
                {"domain": "shop.example.com", "status": "AWAITINGBRAND"},
            ],
            "csrStatus": 1,
            "dcvStatus": 2,
            "ovCallBackStatus": -1,
            "organizationValidationStatus": -1,
            "freeDVUPStatus": -1,
            "evClickThroughStatus": -1,
            "brandValStatus": 2,
            "caaStatus": "Awaiting Completion",
        })
    );
}

#[test]
fn parse_gives_single_certificates_errors_and_containers() {
    let (crt, _) = parse_sample("crt-newline");
    assert_eq!(crt.as_object().unwrap().len(), 3, "{crt}");
    assert_eq!(decoded(&crt["certificate"]), der("leaf"));

    let (bundle, _) = parse_sample("cabundle-urlencoded");
    assert_eq!(bundle.as_object().unwrap().len(), 3, "{bundle}");
    let cas: Vec<Vec<u8>> = bundle["caCertificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(decoded)
        .collect();
    assert_eq!(cas, [der("root"), der("intermediate")]);

    let (denied, _) = parse_sample("denied-newline");
    assert_eq!(
        denied,
        json!({"format": "text", "errorCode": -16, "errorMessage": "Permission denied!"})
    );
    let (missing, _) = parse_sample("missing-urlencoded");
    assert_eq!(
        missing,
        json!({
            "format": "form",
            "errorCode": -3,
            "errorMessage": "The 'loginPassword' argument is missing!",
        })
    );

    // Containers: base64 of the bytes themselves.
    let (_, p7b) = sample_files("pkcs7-binary");
    let (binary, _) = parse_sample("pkcs7-binary");
    assert_eq!(binary.as_object().unwrap().len(), 3, "{binary}");
    assert_eq!(decoded(&binary["pkcs7"]), p7b);
    let (text, _) = parse_sample("pkcs7-newline");
    assert_eq!(decoded(&text["pkcs7"]), p7b);
    let (_, zip) = sample_files("zip-binary");
    let (binary, _) = parse_sample("zip-binary");
    assert!(zip.starts_with(b"PK\x03\x04"));
    assert_eq!(decoded(&binary["zipFile"]), zip);
    let (nseq, _) = parse_sample("nseq-urlencoded");
    assert_eq!(nseq.as_object().unwrap().len(), 3, "{nseq}");
    assert_eq!(decoded(&nseq["netscapeCertificateSequence"])[0], 0x30);
}

/// The real body from Sectigo's test system, and the request it answers.
fn real_capture() -> (PathBuf, Vec<u8>) {
    let dir = manifest("tests/vectors/real-comodo-test-ca");
    (
        dir.join("request.form"),
        fs::read(dir.join("response.bin")).unwrap(),
    )
}

#[test]
fn parse_reads_the_real_capture() {
    let (request, body) = real_capture();
    let (value, _) = parse(arg(&request), &body);
    assert_eq!(value["format"], "text");
    assert_eq!(value["errorCode"], 2);
    assert_eq!(value.as_object().unwrap().len(), 4, "{value}");
    let cas = value["caCertificates"].as_array().unwrap();
    assert_eq!(cas.len(), 1);
    // "Test RSA Certification Authority" is 0x3d4 + 4 bytes of DER.
    assert_eq!(decoded(&cas[0]).len(), 0x3d8);
    assert_eq!(decoded(&value["certificate"])[..2], [0x30, 0x82]);
}

#[test]
fn the_request_is_inline_or_a_file_and_read_leniently() {
    let (file, body) = sample_files("issued-newline");
    let form = fs::read_to_string(&file).unwrap();
    let (from_file, _) = parse(arg(&file), &body);
    assert_eq!(parse(&form, &body).0, from_file);

    // A final line break in the file is ignored.
    let dir = TempDir::new("request");
    fs::create_dir_all(&dir.0).unwrap();
    let with_newline = dir.0.join("issued.request");
    fs::write(&with_newline, format!("{form}\r\n")).unwrap();
    assert_eq!(parse(arg(&with_newline), &body).0, from_file);

    // Requests the server refuses (-2, -3, -4) still tell the shape.
    let (_, denied) = sample_files("denied-newline");
    for request in [
        "Colour=red&queryType=1",
        "queryType=9&showFQDN=maybe",
        "",
        "%zz&&=&queryType",
    ] {
        let (value, _) = parse(request, &denied);
        assert_eq!(value["errorCode"], -16, "{request:?}");
    }
    let (value, _) = parse(
        "bogus=1&responseFormat=1&loginName=",
        b"errorCode=1&fqdn=a.b",
    );
    assert_eq!(
        value,
        json!({"format": "form", "errorCode": 1, "fqdn": "a.b"})
    );
}

#[test]
fn parse_leaves_out_empty_values() {
    let (value, line) = parse(
        "responseFormat=1",
        b"errorCode=1&fqdn=&mdcDomainDetails=&notBefore=1",
    );
    assert_eq!(
        line,
        "{\"format\":\"form\",\"errorCode\":1,\"notBefore\":1}\n"
    );
    assert_eq!(value["format"], "form");
}

/// `parse` reads tolerantly and shows what it keeps; `parse --strict` reads
/// the written spec and refuses what it does not allow.
#[test]
fn parse_reads_tolerantly_and_strictly() {
    // A line after the CAA line, kept.
    let (value, _) = parse("queryType=0", b"0\nAuthorized\nlater\n\n");
    assert_eq!(value["otherLines"], json!(["later"]));
    assert_eq!(value["caaStatus"], "Authorized");
    let out = run(
        &["parse", "--strict", "--request", "queryType=0"],
        b"0\nAuthorized\nlater\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unexpected line at byte 13 (line 3)"),
        "{stderr}"
    );
    // Parameters the model does not name: a repeated one as an array.
    let form = b"errorCode=0&zeta=1&errorItem=x&zeta=2";
    let (value, _) = parse("responseFormat=1", form);
    assert_eq!(
        value["otherParameters"],
        json!({"zeta": ["1", "2"], "errorItem": "x"})
    );
    let out = run(
        &["parse", "--strict", "--request", "responseFormat=1"],
        form,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_line(&out)["otherParameters"], value["otherParameters"]);
    // A non-EV order: five details; the written spec wants seven.
    let request = "queryType=0&showStatusDetails=Y";
    let (value, _) = parse(request, b"0\n1\n1\n-1\n-1\n-1\n");
    assert_eq!(value["dcvStatus"], 1);
    assert!(value.get("brandValStatus").is_none());
    let out = run(
        &["parse", "--strict", "--request", request],
        b"0\n1\n1\n-1\n-1\n-1\n",
    );
    assert_eq!(out.status.code(), Some(1));
    // An extra line after a whole issued answer.
    let (issued, body) = sample_files("issued-newline");
    let mut extra = body.clone();
    extra.extend_from_slice(b"extra\n");
    let (value, _) = parse(arg(&issued), &extra);
    assert_eq!(value["otherLines"], json!(["extra"]));
    let out = run(&["parse", "--strict", "--request", arg(&issued)], &extra);
    assert_eq!(out.status.code(), Some(1));
    let at_extra = format!("at byte {} (line 74)", body.len());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&at_extra));
}

#[test]
fn malformed_bodies_are_one_line_errors_naming_the_byte() {
    let (issued, body) = sample_files("issued-newline");
    let issued = arg(&issued).to_owned();
    let mut bad_base64 = body.clone();
    let at = bad_base64.iter().position(|&b| b == b'M').unwrap() + 10;
    bad_base64[at] = b'*';
    let at_bad = format!("invalid base64 at byte {at}");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "responseFormat=1",
            b"errorCode=2&certificate=AA*A".to_vec(),
            "invalid base64 at byte 26",
        ),
        ("responseFormat=1", b"errorCode=x".to_vec(), "byte"),
        (
            "responseFormat=1",
            b"errorCode=0&fqdn=a&fqdn=b".to_vec(),
            "byte",
        ),
        (
            &issued,
            b"2\n01/13/2026 01/01/2027\nx\n".to_vec(),
            "invalid date at byte 2 (line 2)",
        ),
        (&issued, body[..500].to_vec(), "at byte 500 (line 11)"),
        (&issued, Vec::new(), "at byte 0"),
        (&issued, b"x\n".to_vec(), "at byte 0 (line 1)"),
        (&issued, bad_base64, &at_bad),
    ];
    for (request, body, message) in &cases {
        let out = run(&["parse", "--request", request], body);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{request}: {stderr}");
        assert!(out.stdout.is_empty(), "{request}: {stderr}");
        assert!(stderr.contains(message), "{request}: {stderr}");

        // `certs` fails alike and writes nothing.
        let dir = TempDir::new("malformed");
        let out = run(&["certs", "--request", request, "--out", arg(&dir.0)], body);
        assert_eq!(out.status.code(), Some(1), "{request}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains(message));
        assert!(!dir.0.exists());
    }
}

/// A directory under the system's temporary one, unique to this run and
/// call, removed when dropped. It is not created.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("collectssl-cli-{}-{label}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// `certs` of `body` into `out`, which must succeed: the file names
/// written, as listed on stdout (in order), and stderr.
fn certs(request: &Path, body: &[u8], out: &Path) -> (Vec<String>, String) {
    let output = run(
        &["certs", "--request", arg(request), "--out", arg(out)],
        body,
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let names: Vec<String> = stdout
        .lines()
        .map(|line| {
            let path = Path::new(line);
            assert_eq!(path.parent(), Some(out), "{line}");
            path.file_name().unwrap().to_str().unwrap().to_owned()
        })
        .collect();
    // Exactly the files listed are written.
    let mut written: Vec<String> = fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut listed = names.clone();
    listed.sort();
    assert_eq!(written, listed);
    (names, stderr)
}

/// A file of the sample chain, as it is.
fn chain_pem(name: &str) -> Vec<u8> {
    fs::read(manifest(&format!("examples/samples/chain/{name}.pem"))).unwrap()
}

#[test]
fn certs_writes_the_chain_leaf_first() {
    let cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "issued-newline",
            &[
                ("0-leaf.pem", "leaf"),
                ("1-intermediate.pem", "intermediate"),
                ("2-root.pem", "root"),
            ],
        ),
        (
            "issued-urlencoded",
            &[
                ("0-leaf.pem", "leaf"),
                ("1-intermediate.pem", "intermediate"),
                ("2-root.pem", "root"),
            ],
        ),
        ("crt-newline", &[("0-leaf.pem", "leaf")]),
        (
            "cabundle-urlencoded",
            &[
                ("0-intermediate.pem", "intermediate"),
                ("1-root.pem", "root"),
            ],
        ),
    ];
    for (sample, files) in cases {
        let (request, body) = sample_files(sample);
        let dir = TempDir::new(sample);
        // The directory is created, parents included.
        let out = dir.0.join("chain");
        let (names, stderr) = certs(&request, &body, &out);
        assert!(stderr.is_empty(), "{sample}: {stderr}");
        let expected: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, expected, "{sample}");
        for (name, pem) in files {
            assert_eq!(
                fs::read(out.join(name)).unwrap(),
                chain_pem(pem),
                "{sample}: {name}"
            );
        }
    }
}

#[test]
fn certs_writes_the_real_capture_as_it_was_sent() {
    let (request, body) = real_capture();
    let dir = TempDir::new("real");
    let (names, _) = certs(&request, &body, &dir.0);
    assert_eq!(names, ["0-leaf.pem", "1-root.pem"]);
    // The capture's blocks are already RFC 7468 PEM with 64-column lines and
    // LF: the CA certificate first, then the end entity.
    let text = std::str::from_utf8(&body).unwrap();
    let end = "-----END CERTIFICATE-----\n";
    let blocks: Vec<&str> = text
        .strip_prefix("2\n")
        .unwrap()
        .split_inclusive(end)
        .collect();
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        fs::read_to_string(dir.0.join("1-root.pem")).unwrap(),
        blocks[0]
    );
    assert_eq!(
        fs::read_to_string(dir.0.join("0-leaf.pem")).unwrap(),
        blocks[1]
    );
}

/// Every response type and encoding gives the same files: the chain,
/// leaf first, unpacked from PKCS#7, the Netscape sequence or the ZIP.
#[test]
fn certs_unpacks_containers_into_the_same_chain() {
    let want = [
        ("0-leaf.pem", chain_pem("leaf")),
        ("1-intermediate.pem", chain_pem("intermediate")),
        ("2-root.pem", chain_pem("root")),
    ];
    for sample in [
        "pkcs7-binary",
        "pkcs7-newline",
        "zip-binary",
        "nseq-urlencoded",
    ] {
        let (request, body) = sample_files(sample);
        let dir = TempDir::new(sample);
        let (names, stderr) = certs(&request, &body, &dir.0);
        let expected: Vec<&str> = want.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, expected, "{sample}");
        assert!(stderr.is_empty(), "{sample}: {stderr}");
        for (name, pem) in &want {
            assert_eq!(&fs::read(dir.0.join(name)).unwrap(), pem, "{sample} {name}");
        }
    }
}

#[test]
fn certs_without_certificates_is_a_one_line_error() {
    let cases = [
        (
            "pending-newline",
            "status 0: no certificates (Being processed by Sectigo)",
        ),
        (
            "pending-urlencoded",
            "status 0: no certificates (Being processed by Sectigo)",
        ),
        (
            "denied-newline",
            "status -16: no certificates (Permission denied!)",
        ),
        (
            "missing-urlencoded",
            "status -3: no certificates (The 'loginPassword' argument is missing!)",
        ),
    ];
    for (sample, message) in cases {
        let (request, body) = sample_files(sample);
        let dir = TempDir::new(sample);
        let out = run(
            &["certs", "--request", arg(&request), "--out", arg(&dir.0)],
            &body,
        );
        assert_eq!(out.status.code(), Some(1), "{sample}");
        assert!(out.stdout.is_empty(), "{sample}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!("collectssl: {message}\n")
        );
        assert!(!dir.0.exists(), "{sample}");
    }
}
