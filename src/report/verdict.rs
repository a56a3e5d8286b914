//! The verdict line `-q` prints: one line per platform, file, verdict, score, grade and gate.

use crate::assessment::Assessment;
use crate::report::labels;
use crate::report::{Context, Reporter, Summary};
use crate::terminal::visible as v;
use crate::text::Lang;

/// One line per platform.
pub struct VerdictLine;

impl Reporter for VerdictLine {
    fn head(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        let gate = labels::gate(cx.gate.passes(a), cx.lang);
        let line = match cx.lang {
            Lang::Zh => format!(
                "{}：{}（总分 {:.2}，等级 {}）；门禁{gate}",
                a.source.name,
                a.verdict.label().zh,
                a.score,
                a.grade.zh
            ),
            Lang::En => format!(
                "{}: {} (score {:.2}, grade {}); gate {gate}",
                a.source.name,
                a.verdict.label().en,
                a.score,
                a.grade.en
            ),
        };
        format!("{}\n", v(&line))
    }

    fn tail(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}
}
