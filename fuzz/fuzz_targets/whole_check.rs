//! A whole check of one platform with the embedded pack, then both reports rendered.
#![no_main]

use std::sync::LazyLock;

use ipps_check::assess::Checker;
use ipps_check::gate::{FailOn, Gate};
use ipps_check::pack::Pack;
use ipps_check::platform::load_bytes;
use ipps_check::report::{Format, Rendering, render};
use ipps_check::text::Lang;
use ipps_check::yaml::Limits;
use libfuzzer_sys::fuzz_target;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| Checker::new(Pack::embedded().expect("embedded pack")));

fuzz_target!(|data: &[u8]| {
    let Ok(platform) = load_bytes("fuzz.yaml", data, &Limits::default()) else { return };
    let assessment = CHECKER.assess(&platform, 20_000);
    let gate = Gate { fail_on: FailOn::Shall, min_score: None };
    let assessments = [assessment];
    let r = Rendering { assessments: &assessments, lang: Lang::Zh, gate: &gate, color: false, config: None };
    let _ = render(Format::Text, &r);
    let _ = render(Format::Json, &r);
});
