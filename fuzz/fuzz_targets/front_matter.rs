//! Front matter splitting and parsing of a Markdown file's text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baihoc::fuzzing::front_matter(data));
