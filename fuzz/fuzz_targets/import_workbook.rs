//! `import` on arbitrary bytes named .xlsx: the zip and OLE containers themselves (entry sizes,
//! compression, an .xls Workbook stream) before any part is read; never a panic or an abort.
#![no_main]

use ipps_check::import::parts::import_and_emit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_and_emit("xlsx", data.to_vec());
});
