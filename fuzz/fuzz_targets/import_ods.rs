//! `import` on an .ods whose content.xml is the fuzz input: imported and written, or refused;
//! never a panic or an abort (repeated rows and columns are the .ods way to ask for memory).
#![no_main]

use ipps_check::import::parts::{import_and_emit, ods};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_and_emit("ods", ods(data));
});
