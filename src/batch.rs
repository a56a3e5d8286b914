//! Checks platform files in parallel and streams each finished assessment into every report: a
//! worker loads, assesses and renders a file's report sections, reduces the assessment to a
//! [`Row`] and drops it; the main thread writes the sections in the order of the files, so the
//! reports are the same for any number of workers. Workers run at most a window of files ahead of
//! the last one written, so memory holds a few assessments and one row per platform, whatever the
//! number of files.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, mpsc};

use crate::assess::Checker;
use crate::committee::{Catalog, Row};
use crate::error::{Error, Problem};
use crate::gate::Gate;
use crate::output::{Open, Planned, file_name_for};
use crate::platform;
use crate::report::{Binary, Context, Part, Reporter, Summary};
use crate::yaml::Limits;

/// One report of the run: how it renders, and where it is being written.
pub struct Report<'a> {
    pub reporter: &'static dyn Reporter,
    pub cx: Context<'a>,
    pub open: Open,
}

/// One binary report of the run (docx, xlsx): its parts are kept until every platform is checked,
/// or, into a directory, each platform's document is written as it comes.
pub struct BinaryReport<'a> {
    pub binary: &'static dyn Binary,
    pub cx: Context<'a>,
    pub planned: Planned,
}

/// What a batch leaves once every report is written.
pub struct Finished {
    /// One row per platform checked, in the order of the files.
    pub rows: Vec<Row>,
    /// Files that could not be checked, in the order of the files.
    pub problems: Vec<Error>,
}

/// How the files of a batch are checked.
pub struct Job<'a> {
    pub checker: &'a Checker,
    pub files: &'a [PathBuf],
    pub limits: &'a Limits,
    pub as_of: i64,
    pub gate: &'a Gate,
    pub threads: usize,
}

/// A finished file as a worker hands it over.
struct Done {
    sections: Vec<String>,
    parts: Vec<Part>,
    row: Row,
    catalog: Option<Catalog>,
}

/// Which file a worker may take next: never more than `window` files past the last one written.
struct Flow {
    state: Mutex<FlowState>,
    moved: Condvar,
    window: usize,
    total: usize,
}

struct FlowState {
    next: usize,
    written: usize,
    stopped: bool,
}

impl Flow {
    fn lock(&self) -> MutexGuard<'_, FlowState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn claim(&self) -> Option<usize> {
        let mut s = self.lock();
        loop {
            if s.stopped || s.next >= self.total {
                return None;
            }
            if s.next < s.written + self.window {
                s.next += 1;
                return Some(s.next - 1);
            }
            s = self.moved.wait(s).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn written(&self, count: usize) {
        self.lock().written = count;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.moved.notify_all();
    }
}

/// Runs the batch, writing every report; `progress` ticks once per file.
pub fn run(
    job: &Job,
    reports: Vec<Report>,
    binaries: Vec<BinaryReport>,
    stdout: &mut dyn Write,
    progress: &indicatif::ProgressBar,
) -> Result<Finished, Error> {
    let threads = job.threads.clamp(1, job.files.len().max(1));
    let flow = Flow {
        state: Mutex::new(FlowState { next: 0, written: 0, stopped: false }),
        moved: Condvar::new(),
        window: threads * 4,
        total: job.files.len(),
    };
    // The workers render with the reporters and contexts; the main thread keeps the writers.
    let (renderers, mut opens): (Vec<(&dyn Reporter, Context)>, Vec<Open>) =
        reports.into_iter().map(|r| ((r.reporter, r.cx), r.open)).unzip();
    let (makers, planned): (Vec<(&dyn Binary, Context)>, Vec<Planned>) =
        binaries.into_iter().map(|b| ((b.binary, b.cx), b.planned)).unzip();
    let mut binary_outs: Vec<BinaryOut> =
        planned.into_iter().map(|planned| BinaryOut { planned, parts: Vec::new(), names: Vec::new() }).collect();
    let catalog_taken = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Result<Done, Error>)>();
    let mut writer =
        Writer { catalog: None, rows: Vec::new(), problems: Vec::new(), started: false, wrote: Vec::new() };
    let mut failure: Option<Error> = None;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (flow, renderers, makers, catalog_taken) = (&flow, &renderers, &makers, &catalog_taken);
            scope.spawn(move || {
                while let Some(index) = flow.claim() {
                    let done = check_one(job, index, renderers, makers, catalog_taken);
                    if tx.send((index, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Result<Done, Error>> = BTreeMap::new();
        let mut next = 0;
        for (index, done) in rx {
            progress.inc(1);
            if let Ok(Done { catalog: Some(c), .. }) = &done
                && writer.catalog.is_none()
            {
                writer.catalog = Some(c.clone());
            }
            waiting.insert(index, done);
            // Write every file that is next in order; a checked one waits for the catalog, which
            // exactly one worker builds.
            while let Some(entry) = waiting.first_entry() {
                if *entry.key() != next || (entry.get().is_ok() && writer.catalog.is_none()) {
                    break;
                }
                let done = entry.remove();
                if failure.is_none()
                    && let Err(e) = progress
                        .suspend(|| writer.take(next, job, done, &renderers, &mut opens, &mut binary_outs, stdout))
                {
                    failure = Some(e);
                    flow.stop();
                }
                next += 1;
                flow.written(next);
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let Writer { catalog, rows, problems, .. } = writer;
    let files: Vec<String> = job.files.iter().map(|f| f.display().to_string()).collect();
    if let Some(catalog) = catalog.filter(|_| !rows.is_empty()) {
        let summary = Summary { catalog: &catalog, rows: &rows, files: &files };
        for ((reporter, cx), mut open) in renderers.iter().zip(opens) {
            let mut failed = None;
            if reporter.head_needs_rows() {
                reporter.head(cx, &summary, &mut |piece| {
                    if failed.is_none() {
                        failed = open.write_first(stdout, piece).err();
                    }
                });
            }
            if failed.is_none() {
                failed = open.unspill(stdout).err();
            }
            reporter.tail(cx, &summary, &mut |piece| {
                if failed.is_none() {
                    failed = open.write(stdout, piece).err();
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            open.finish(stdout)?;
        }
        for ((binary, cx), out) in makers.iter().zip(binary_outs) {
            let BinaryOut { mut planned, parts, .. } = out;
            if matches!(planned.target, crate::output::Target::Dir { .. }) {
                continue;
            }
            let bytes = binary.whole(cx, &summary, parts).map_err(|e| {
                Error::single(Problem::plain(planned.label.clone(), format!("cannot make the report: {e}")))
            })?;
            planned.write_bytes(stdout, &bytes)?;
        }
    }
    Ok(Finished { rows, problems })
}

/// A binary report's state in the main thread.
struct BinaryOut {
    planned: Planned,
    /// The parts kept for the file made at the end.
    parts: Vec<Part>,
    /// The file names written into a directory target so far.
    names: Vec<String>,
}

/// Loads, assesses and renders one file; a panic is reported as that file's problem, so one bad
/// file cannot stop the batch.
fn check_one(
    job: &Job,
    index: usize,
    renderers: &[(&dyn Reporter, Context)],
    makers: &[(&dyn Binary, Context)],
    catalog_taken: &AtomicBool,
) -> Result<Done, Error> {
    let file = &job.files[index];
    let work = || {
        let platform = platform::load_file(file, job.limits)?;
        let a = job.checker.assess(&platform, job.as_of);
        drop(platform);
        let sections = renderers.iter().map(|(r, cx)| r.section(cx, index, &a)).collect();
        let parts = makers.iter().map(|(b, cx)| b.part(cx, &a)).collect();
        let catalog = (!catalog_taken.swap(true, Ordering::SeqCst)).then(|| Catalog::of(&a));
        Ok(Done { sections, parts, row: Row::of(index, &a, job.gate), catalog })
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut p =
            Problem::plain(file.display().to_string(), format!("internal error while checking this file: {why}"));
        p.help = Some("the other files were checked; please report this with the file attached".into());
        Err(Error::single(p))
    })
}

/// `name`, or `name-2`, `name-3`… when an earlier platform of the run took it (two inputs named
/// alike in different directories).
fn unique(name: String, taken: &[String]) -> String {
    if !taken.contains(&name) {
        return name;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
    (2..).map(|n| format!("{stem}-{n}.{ext}")).find(|n| !taken.contains(n)).unwrap_or(name.clone())
}

/// The main thread's side: writes each file's sections in order and keeps its row.
struct Writer {
    catalog: Option<Catalog>,
    rows: Vec<Row>,
    problems: Vec<Error>,
    /// Whether the heads that need no rows are written.
    started: bool,
    /// Per report, whether a section was written (the next one is preceded by the separator).
    wrote: Vec<bool>,
}

impl Writer {
    #[allow(clippy::too_many_arguments)]
    fn take(
        &mut self,
        index: usize,
        job: &Job,
        done: Result<Done, Error>,
        renderers: &[(&dyn Reporter, Context)],
        opens: &mut [Open],
        binaries: &mut [BinaryOut],
        stdout: &mut dyn Write,
    ) -> Result<(), Error> {
        let done = match done {
            Ok(d) => d,
            Err(e) => {
                self.problems.push(e);
                return Ok(());
            }
        };
        if !self.started {
            self.started = true;
            self.wrote = vec![false; opens.len()];
            if let Some(catalog) = &self.catalog {
                let summary = Summary { catalog, rows: &[], files: &[] };
                for ((reporter, cx), open) in renderers.iter().zip(opens.iter_mut()) {
                    if !reporter.head_needs_rows() {
                        let mut failed = None;
                        reporter.head(cx, &summary, &mut |piece| {
                            if failed.is_none() {
                                failed = open.write(stdout, piece).err();
                            }
                        });
                        if let Some(e) = failed {
                            return Err(e);
                        }
                    }
                }
            }
        }
        for (((reporter, _), open), (section, wrote)) in
            renderers.iter().zip(opens.iter_mut()).zip(done.sections.iter().zip(self.wrote.iter_mut()))
        {
            if section.is_empty() {
                continue;
            }
            if *wrote {
                open.write(stdout, reporter.separator())?;
            }
            open.write(stdout, section)?;
            *wrote = true;
        }
        for (out, part) in binaries.iter_mut().zip(done.parts) {
            if !matches!(out.planned.target, crate::output::Target::Dir { .. }) {
                out.parts.push(part);
                continue;
            }
            let bytes = match part {
                Part::Document(bytes) => bytes,
                Part::Failed(e) => {
                    return Err(Error::single(Problem::plain(
                        out.planned.label.clone(),
                        format!("cannot make the report: {e}"),
                    )));
                }
                _ => continue,
            };
            let input = &job.files[index];
            let name = unique(file_name_for(&input.display().to_string(), "docx"), &out.names);
            out.planned.write_into(&name, &bytes, input)?;
            out.names.push(name);
        }
        // A copy made here sits with the other rows in the main thread's heap, instead of among
        // the freed assessments of a worker's, which would keep their pages in use.
        self.rows.push(done.row.clone());
        Ok(())
    }
}
