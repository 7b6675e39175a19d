//! One page of a small fake site through the whole Markdown pipeline, slides and print.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baihoc::fuzzing::page(data));
