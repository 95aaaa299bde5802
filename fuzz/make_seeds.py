#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the crate's samples.

Usage: python3 fuzz/make_seeds.py OUT_DIR

It writes OUT_DIR/<target>/<name> for each target. Seeds are merged into the
committed corpus with `cargo +nightly fuzz cmin` (see fuzz/README.md); they
are not committed themselves.

The header of the targets that read a response under an expectation is the
one `collectssl_fuzz::header` writes (fuzz/src/lib.rs): keep them in step.
"""

import base64
import pathlib
import re
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "samples"


def expectation_header(form: bytes) -> bytes:
    """Expectation::from_form, then collectssl_fuzz::header."""
    flags = {"showvalidityperiod": 0, "showfqdn": 1, "showextstatus": 2,
             "showmdcdomaindetails": 3, "showstatusdetails": 4,
             "showmdcdomaindetails2": 5}
    query, rtype, encoding, fmt, bits = 0, 3, 0, 0, 0
    for pair in form.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        name = urllib.parse.unquote_plus(name.decode()).lower()
        value = urllib.parse.unquote_plus(value.decode())
        digit = int(value) if len(value) == 1 and value.isdigit() else None
        if name in flags:
            if value in ("Y", "y"):
                bits |= 1 << flags[name]
            else:
                bits &= ~(1 << flags[name])
        elif name == "querytype" and digit is not None and digit <= 3:
            query = digit
        elif name == "responsetype" and digit is not None and digit <= 3:
            rtype = digit
        elif name == "responseencoding" and digit is not None and digit <= 1:
            encoding = digit
        elif name == "responseformat" and digit is not None and digit <= 1:
            fmt = digit
    return bytes([bits | query << 6, rtype | encoding << 2 | fmt << 3])


def pem_blocks(body: bytes):
    """The base64 text of each PEM block of a body, with its line breaks."""
    return re.findall(rb"-----BEGIN [A-Z0-9 ]+-----\r?\n(.*?)-----END", body, re.S)


def string_literals(path: pathlib.Path, needle: str):
    """Plain string literals of a Rust file that contain `needle`."""
    text = path.read_text()
    for m in re.finditer(r'b?"((?:[^"\\\n]|\\.)*)"', text):
        s = m.group(1)
        if needle in s and "{" not in s:
            try:
                yield s.encode().decode("unicode_escape").encode("latin-1")
            except (UnicodeDecodeError, UnicodeEncodeError):
                continue


def main(out: pathlib.Path):
    seeds = {}

    def add(target, name, data):
        seeds.setdefault(target, {})[name] = data

    requests = sorted(SAMPLES.glob("*.request"))
    for req in requests:
        form = req.read_bytes().strip()
        body = (SAMPLES / (req.stem + ".body")).read_bytes()
        header = expectation_header(form)
        add("request_parse", req.stem, form)
        add("response_detect", req.stem, header + body)
        if req.stem.endswith("-newline"):
            add("response_newline", req.stem, header + body)
        if req.stem.endswith("-urlencoded"):
            add("response_urlencoded", req.stem, body)
        for i, block in enumerate(pem_blocks(body)):
            add("blob_decode", f"{req.stem}-{i}", b"\0" + block)
            encoded = urllib.parse.quote_plus(block.replace(b"\n", b"")).encode()
            add("blob_decode", f"{req.stem}-form-{i}", b"\1" + encoded)
        if req.stem.endswith("-binary"):
            add("blob_decode", req.stem, b"\2" + body)

    vector = ROOT / "tests" / "vectors" / "real-comodo-test-ca"
    form = (vector / "request.form").read_bytes().strip()
    body = (vector / "response.bin").read_bytes()
    add("request_parse", "real-comodo", form)
    add("response_newline", "real-comodo", expectation_header(form) + body)
    add("response_detect", "real-comodo", expectation_header(form) + body)
    add("request_parse", "example", (ROOT / "examples" / "request.form").read_bytes().strip())

    for pem in sorted((SAMPLES / "chain").glob("*.pem")):
        der = base64.b64decode(b"".join(pem_blocks(pem.read_bytes())))
        add("blob_decode", f"der-{pem.stem}", b"\2" + der)
        add("containers", f"der-{pem.stem}", der)
        add("containers", f"pem-{pem.stem}", pem.read_bytes())

    # The containers: raw ZIP and PKCS#7 bodies, and the DER inside the
    # base64 of the other samples.
    for name in ["zip-binary", "pkcs7-binary"]:
        add("containers", name, (SAMPLES / (name + ".body")).read_bytes())
    nseq = (SAMPLES / "nseq-urlencoded.body").read_bytes().decode()
    value = urllib.parse.parse_qs(nseq.strip())["netscapeCertificateSequence"][0]
    add("containers", "nseq", base64.b64decode(value))
    p7 = b"".join(pem_blocks((SAMPLES / "pkcs7-newline.body").read_bytes()))
    add("containers", "pkcs7-newline", base64.b64decode(p7))

    # Request bodies the tests write out.
    for test in ["request_validation.rs", "request_roundtrip.rs"]:
        for i, s in enumerate(string_literals(ROOT / "tests" / test, "=")):
            add("request_parse", f"{test[:-3]}-{i}", s)

    # A few short answers of every kind.
    status_only = expectation_header(b"queryType=0")
    for i, body in enumerate([b"0\n", b"1\n", b"-16\nPermission denied!\n", b"-4\r\nx\r\n",
                              b"3", b"-26\nThe order has expired!"]):
        add("response_newline", f"short-{i}", status_only + body)
    all_flags = expectation_header(
        b"queryType=0&showValidityPeriod=Y&showFQDN=Y&showExtStatus=Y&showMDCDomainDetails=Y"
        b"&showStatusDetails=Y&showMDCDomainDetails2=Y")
    add("response_newline", "all-flags-1", all_flags +
        b"1\n14/05/2003 13/05/2004\nsecure.example.com\nIssued\nComplete\n1\n1\n1\n1\n-1\n-1\n0\nAuthorized\n")
    spaced = expectation_header(b"queryType=2")
    add("response_newline", "spaced-armor", spaced +
        b"2\n----- BEGIN CERTIFICATE -----\nMAMCAQE=\n----- END CERTIFICATE -----\n")
    for i, body in enumerate([b"errorCode=-16&errorMessage=Permission+denied%21",
                              b"errorCode=1&notBefore=1052870400&notAfter=1084492799&fqdn=a.b",
                              b"errorCode=-4&errorMessage=x&errorItem=queryType\r\n",
                              b"errorCode=2&caCertificate=MAMCAQE%3D&caCertificate=MAMCAQE%3D"
                              b"&certificate=MAMCAQE%3D&caaStatus=Error+%275%27"]):
        add("response_urlencoded", f"short-{i}", body)

    # The value modules (byte 0 picks the module, see `values`).
    pending = (SAMPLES / "pending-newline.body").read_bytes().split(b"\n")
    values = [b"\0" + pending[3], b"\0" + pending[11],
              b"\0a.com+VALIDATED%2C+%2A.b.com+NOTVALIDATED",
              b"\1Awaiting Completion", b"\1Error+%27-5%27", b"\1Not+Authorized",
              b"\2-1", b"\2%32", b"\3" + b"29/02/2024", b"\3" + b"31/12/9999",
              b"\4a+b%C3%A9%2B%25", b"\5&a=1&&b&=v&c=x=y&", b"\6\x00\x7e\x91\xa3\xff\xff\xff\xff"]
    for i, v in enumerate(values):
        add("values", f"seed-{i}", v)

    for target, files in seeds.items():
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (d / name).write_bytes(data)
        print(f"{target}: {len(files)} seeds")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
