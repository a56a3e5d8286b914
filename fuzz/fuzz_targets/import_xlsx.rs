//! `import` on an .xlsx assembled from a fuzzed worksheet and shared-string table (see
//! `ipps_check::import::parts`): imported and written as YAML, or refused; never a panic, an
//! abort or YAML that a YAML 1.1 reader reads differently.
#![no_main]

use ipps_check::import::parts::{import_and_emit, xlsx_from_fuzz};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_and_emit("xlsx", xlsx_from_fuzz(data));
});
