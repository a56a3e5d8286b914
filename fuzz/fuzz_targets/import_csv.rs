//! `import` on arbitrary bytes named .csv (UTF-8, UTF-16, GB18030 or garbage): imported and
//! written, or refused; never a panic.
#![no_main]

use ipps_check::import::parts::import_and_emit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_and_emit("csv", data.to_vec());
});
