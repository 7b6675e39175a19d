//! The YAML of one quiz block: read, checked and written in every form.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baihoc::fuzzing::quiz(data));
