//! The request path resolver of serve and share.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baihoc::fuzzing::serve_path(data));
