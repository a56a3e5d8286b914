//! The platform loader on arbitrary bytes: a description or a located error, never a panic.
#![no_main]

use ipps_check::platform::load_bytes;
use ipps_check::yaml::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = load_bytes("fuzz.yaml", data, &Limits::default());
});
