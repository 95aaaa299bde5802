#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| collectssl_fuzz::response_detect(data));
