//! site.yaml and the sources registry.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baihoc::fuzzing::settings(data));
