//! The JSON the commands print: the library's own serde output, with the
//! few changes the command-line contract asks for.
//!
//! No key is listed here: whatever the library's `Serialize` writes is
//! passed through in its order, so that a key the library adds (say, for a
//! later version of the service) reaches the output without a change here.

use std::fmt;
use std::io::{self, Write as _};

use collectssl::response::Format;
use collectssl::{Field, Request};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::exit::{Failure, Outcome};

/// The name of a response's shape in the JSON's `format` key.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::NewlineDelimited => "text",
        Format::UrlEncoded => "form",
        Format::Binary => "binary",
    }
}

/// A response ([`collectssl::Response`]) as JSON: `format` first, then the library's serialization in
/// its order, without the empty values a body may carry (`fqdn=`, an empty
/// list), so that absent data is never `null`, `[]`, `{}` or `""`.
///
/// Generic over what it wraps (a [`Response`] in the commands) so that a
/// test can show that no key is dropped, whatever the library adds.
pub struct ResponseJson<'r, R> {
    pub format: Format,
    pub response: &'r R,
}

impl<R: Serialize> Serialize for ResponseJson<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Each value is kept as the exact JSON text the library wrote, so
        // nested objects keep their order too.
        let json = serde_json::to_string(self.response).map_err(S::Error::custom)?;
        let Entries(entries) = serde_json::from_str(&json).map_err(S::Error::custom)?;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", format_name(self.format))?;
        for (name, value) in &entries {
            if !matches!(value.get(), "null" | "\"\"" | "[]" | "{}") {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// A JSON object's entries in their order, each value as written.
struct Entries(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// A request as JSON: the library's own serialization, in the canonical
/// argument order, with the real password where the library writes
/// `"***"` (printing what the form holds is the point of `request parse`).
pub struct RequestJson<'r, 'a>(pub &'r Request<'a>);

impl Serialize for RequestJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let json = serde_json::to_string(self.0).map_err(S::Error::custom)?;
        let Entries(mut entries) = serde_json::from_str(&json).map_err(S::Error::custom)?;
        let password = serde_json::value::to_raw_value(&self.0.login_password.expose())
            .map_err(S::Error::custom)?;
        let name = Field::LoginPassword.name();
        match entries.iter_mut().find(|(key, _)| key == name) {
            Some((_, value)) => *value = password,
            None => entries.push((name.to_owned(), password)),
        }
        // The spec's order first, then anything the library adds.
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for field in Field::ALL {
            if let Some(at) = entries.iter().position(|(key, _)| key == field.name()) {
                let (key, value) = entries.remove(at);
                map.serialize_entry(&key, &value)?;
            }
        }
        for (key, value) in &entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The server's answer to a refused request.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub error_code: i32,
    pub error_message: String,
}

/// Writes `value` as one line of JSON on stdout.
pub fn write_line(value: &impl Serialize) -> Outcome {
    let mut line = serde_json::to_vec(value)
        .map_err(|e| Failure::Failed(format!("cannot write JSON: {e}")))?;
    line.push(b'\n');
    write_stdout(&line)
}

/// Writes to stdout, reporting a closed pipe instead of panicking.
pub fn write_stdout(bytes: &[u8]) -> Outcome {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Failed(format!("cannot write to stdout: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stands for a response whose serialization has keys this crate has
    /// never heard of, a nested object in a deliberate order, and empty
    /// values.
    struct Later;

    impl Serialize for Later {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            struct Nested;
            impl Serialize for Nested {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(None)?;
                    map.serialize_entry("zeta", "1")?;
                    map.serialize_entry("alpha", &["2", "3"])?;
                    map.end()
                }
            }
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("errorCode", &0)?;
            map.serialize_entry("fqdn", "")?;
            map.serialize_entry("newInVersion9", &7)?;
            map.serialize_entry("otherParameters", &Nested)?;
            map.serialize_entry("otherLines", &[""; 0])?;
            map.serialize_entry("nothing", &())?;
            map.end()
        }
    }

    #[test]
    fn every_key_is_passed_through_in_order_and_empty_values_are_left_out() {
        let json = serde_json::to_string(&ResponseJson {
            format: Format::UrlEncoded,
            response: &Later,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"format":"form","errorCode":0,"newInVersion9":7,"otherParameters":{"zeta":"1","alpha":["2","3"]}}"#
        );
    }
}
