#!/usr/bin/env bash
# Makes the sample chain and the sample responses in this folder, once.
# The outputs are committed; run this again only to replace them.
# Needs openssl and python3. Usage: bash examples/samples/make.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# A root, an intermediate and a leaf; each valid from 00:00:00 to 23:59:59 GMT,
# as Sectigo's certificates are, so format 0 and format 1 describe them alike.
cat > ca.cnf <<'CNF'
[ca]
default_ca = this
[this]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
[ca_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
touch index.txt
echo 1000 > serial
issue() { # name subject issuer-name ext start end
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  if [ "$3" = self ]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$1.key" -in "$1.csr" -out "$1.pem" \
      -extensions "$4" -startdate "$5" -enddate "$6" -notext 2>/dev/null
  else
    openssl ca -batch -config ca.cnf -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" -out "$1.pem" \
      -extensions "$4" -startdate "$5" -enddate "$6" -notext 2>/dev/null
  fi
}
issue root "/O=collectssl samples/CN=Sample Root CA" self ca_ext 20250101000000Z 20351231235959Z
issue intermediate "/O=collectssl samples/CN=Sample Intermediate CA" root ca_ext 20250101000000Z 20301231235959Z
issue leaf "/CN=www.example.com" intermediate leaf_ext 20260101000000Z 20270101235959Z

mkdir -p "$here/chain"
for c in root intermediate leaf; do openssl x509 -in $c.pem -out "$here/chain/$c.pem"; done
cat "$here/chain/root.pem" "$here/chain/intermediate.pem" "$here/chain/leaf.pem" > chain.pem
openssl crl2pkcs7 -nocrl -certfile chain.pem -outform DER -out chain.p7b
openssl crl2pkcs7 -nocrl -certfile chain.pem -outform PEM -out chain.p7.pem
openssl nseq -toseq -in chain.pem -out chain.nseq.pem
sed '1d;$d' chain.nseq.pem | tr -d '\n' | base64 -d > chain.nseq

python3 - "$here" <<'PY'
import base64, io, sys, urllib.parse, zipfile, pathlib
here = pathlib.Path(sys.argv[1])
chain = here / "chain"
pems = [(chain / f"{n}.pem").read_text() for n in ("root", "intermediate", "leaf")]
ders = [base64.b64decode("".join(p.strip().splitlines()[1:-1])) for p in pems]
login = "loginName=demo&loginPassword=demo&orderNumber=1000"

def write(name, request, body):
    (here / f"{name}.request").write_text(request)
    (here / f"{name}.body").write_bytes(body if isinstance(body, bytes) else body.encode())

def form(pairs):
    return "&".join(f"{k}={urllib.parse.quote_plus(v, safe='*')}" for k, v in pairs)

details = [("csrStatus", "1"), ("dcvStatus", "1"), ("ovCallBackStatus", "-1"),
           ("organizationValidationStatus", "-1"), ("freeDVUPStatus", "-1"),
           ("evClickThroughStatus", "-1"), ("brandValStatus", "-1")]
flags = "&showValidityPeriod=Y&showFQDN=Y&showExtStatus=Y&showStatusDetails=Y"

# Issued, queryType=1, individually encoded: CA certificates root first, then the leaf.
write("issued-newline", f"{login}&queryType=1{flags}",
      "2\n01/01/2026 01/01/2027\nwww.example.com\n" + "".join(pems)
      + "Issued\nComplete\n" + "".join(v + "\n" for _, v in details) + "Authorized\n")
write("issued-urlencoded", f"{login}&queryType=1{flags}&responseFormat=1",
      form([("errorCode", "2"), ("notBefore", "1767225600"), ("notAfter", "1798847999"),
            ("fqdn", "www.example.com")]
           + [("caCertificate", base64.b64encode(d).decode()) for d in ders[:2]]
           + [("certificate", base64.b64encode(ders[2]).decode()),
              ("certificateStatus", "Issued"), ("validationStatus", "Complete")]
           + details + [("caaStatus", "Authorized")]))

# Pending, with MDC lists and status details.
mdc = "example.com VALIDATED, www.example.com NOTVALIDATED"
mdc2 = mdc + ", shop.example.com AWAITINGBRAND"
pending = [("1", "csrStatus"), ("2", "dcvStatus"), ("-1", "ovCallBackStatus"),
           ("-1", "organizationValidationStatus"), ("-1", "freeDVUPStatus"),
           ("-1", "evClickThroughStatus"), ("2", "brandValStatus")]
pflags = "&showExtStatus=Y&showMDCDomainDetails=Y&showStatusDetails=Y&showMDCDomainDetails2=Y"
write("pending-newline", f"{login}&queryType=1{pflags}",
      "0\nAwaiting Validation\nAwaiting Brand Validation\n" + mdc + "\n"
      + "".join(v + "\n" for v, _ in pending) + mdc2 + "\nAwaiting Completion\n")
write("pending-urlencoded", f"{login}&queryType=1{pflags}&responseFormat=1",
      form([("errorCode", "0"), ("certificateStatus", "Awaiting Validation"),
            ("validationStatus", "Awaiting Brand Validation"), ("mdcDomainDetails", mdc),
            ("mdcDomainDetails2", mdc2)] + [(k, v) for v, k in pending]
           + [("caaStatus", "Awaiting Completion")]))

# Errors.
write("denied-newline", "loginName=demo&loginPassword=wrong&orderNumber=1000&queryType=1",
      "-16\nPermission denied!\n")
write("missing-urlencoded", "loginName=demo&orderNumber=1000&queryType=1&responseFormat=1",
      form([("errorCode", "-3"), ("errorMessage", "The 'loginPassword' argument is missing!")]))

# The end entity only, and the CA bundle only.
write("crt-newline", f"{login}&queryType=2", "2\n" + pems[2])
write("cabundle-urlencoded", f"{login}&queryType=3&responseFormat=1",
      form([("errorCode", "2")] + [("caCertificate", base64.b64encode(d).decode()) for d in ders[:2]]))

# Containers: PKCS#7 and ZIP as binary bodies, the Netscape sequence in format 1,
# PKCS#7 in format 0 (one armored block).
write("pkcs7-binary", f"{login}&queryType=1&responseType=2&responseEncoding=1",
      pathlib.Path("chain.p7b").read_bytes())
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("SampleRootCA.crt", pems[0])
    z.writestr("SampleIntermediateCA.crt", pems[1])
    z.writestr("www_example_com.crt", pems[2])
write("zip-binary", f"{login}&queryType=1&responseType=0&responseEncoding=1", buf.getvalue())
write("nseq-urlencoded", f"{login}&queryType=1&responseType=1&responseFormat=1",
      form([("errorCode", "2"),
            ("netscapeCertificateSequence", base64.b64encode(pathlib.Path("chain.nseq").read_bytes()).decode())]))
p7 = pathlib.Path("chain.p7.pem").read_text()
write("pkcs7-newline", f"{login}&queryType=1&responseType=2", "2\n" + p7)
PY
ls "$here"
