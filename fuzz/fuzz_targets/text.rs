//! Vietnamese slugs, folding, NFC, ordering and control characters.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baihoc::fuzzing::text(data));
