#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| collectssl_fuzz::base64_differential(data));
