//! The report run: every checked spec on its data, for each of its years, in
//! parallel; then, per model, the cross-city views and every model-year
//! folder written as a unit; then the index. The bytes of each file come from
//! a [`Render`] the caller supplies (the presentation crate, through the
//! command line), so the engine itself draws and formats nothing.
//!
//! Writes are safe against a second run and against a kill:
//! - a lock file (`<out>/.modellvarde.lock`, created exclusively) keeps a
//!   second run on the same folder out; it stops with a message naming the
//!   file;
//! - each `<out>/<model>/<year>/` folder is written in full beside the old one
//!   (`.<year>.new-<pid>`), then swapped in by renames, so a reader sees the
//!   old folder or the new one, never a mix;
//! - a folder that cannot be written is named among the failures, and the
//!   index links only the folders that were written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::analysis::assemble::Dictionary;
use crate::analysis::crossview;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::results::ModelResult;
use crate::run::digest::Xxh64;
use crate::run::output::write_atomic;
use crate::run::runner::{run_all_with, tasks, RunOptions, Task};
use crate::spec::{CheckedSpec, ModelSpec};

/// A file to write: its path relative to its folder, and its bytes.
pub type OutFile = (String, Vec<u8>);

/// Turns results into files. Implemented outside the engine (the binary
/// forwards to the presentation crate).
pub trait Render: Sync {
    /// The files of one model-year folder that need no other year
    /// (`results.json`, the CSV files, ...). An error names what failed.
    fn result_files(&self, r: &ModelResult) -> std::result::Result<Vec<OutFile>, String>;
    /// The files that show the model's other years (`all`, `r` among them):
    /// plots and the HTML page; with the reasons of the charts not drawn.
    fn page_files(&self, r: &ModelResult, all: &[ModelResult]) -> (Vec<OutFile>, Vec<String>);
    /// The index files of the output folder (`index.md`, `index.html`) for
    /// the model-year folders written, and the failures.
    fn index_files(&self, written: &[Written<'_>], failures: &[Failure]) -> Vec<OutFile>;
    /// The areas of a written result (indices into `r.areas`) that the caller
    /// reads afterwards: a terminal summary, the index. The result in
    /// [`ReportOutcome::ok`] keeps only these (see [`reduced`]), and its
    /// folder's record keeps that much too, so a rerun that keeps the folder
    /// reads the record rather than results.json. By default: every area.
    fn summary_areas(&self, r: &ModelResult) -> Vec<usize> {
        (0..r.areas.len()).collect()
    }
    /// Everything besides the results that the files depend on (language,
    /// plots on or off): part of the key that lets an unchanged folder be
    /// kept as it is.
    fn fingerprint(&self) -> String;
    /// The name of a file of each model-year folder that the run writes
    /// itself, straight from the result with [`ModelResult::write_json`], and
    /// lists first among the folder's files; [`Render::result_files`] then
    /// leaves it out. By default none.
    fn results_json(&self) -> Option<&str> {
        None
    }
}

/// Name of the file in each model-year folder that records what the folder
/// was made from (see [`Record`]).
pub const INPUTS_FILE: &str = ".modellvarde-inputs";

/// What identifies the running program: its version, and the size and
/// modification time of its executable, so a rebuilt program never reuses
/// output drawn by another build.
fn program_identity() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{:?} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// A 128-bit key: FNV-1a (Fowler, Noll, Vo; the IETF draft's offset and
/// prime) over short pieces; long pieces (a result, a data table)
/// enter as their XXH64 digest ([`crate::run::digest`]), which is
/// many times faster per byte than FNV's 128-bit multiply. The keys compare
/// folders written by one build of the program (its identity is in every
/// key).
struct Key(u128);

impl Default for Key {
    fn default() -> Self {
        Key(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Key {
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u128 = 0x0000000001000000000000000000013B;
        for &b in bytes {
            self.0 ^= b as u128;
            self.0 = self.0.wrapping_mul(PRIME);
        }
        // Separate the pieces, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(PRIME);
    }

    fn write_u64(&mut self, x: u64) {
        self.write(&x.to_le_bytes());
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// The digest of a result (views included): of its serde form
/// ([`crate::run::digest::digest_of`]), every field that its results.json
/// shows.
fn result_digest(r: &ModelResult) -> u64 {
    crate::run::digest::digest_of(r)
}

/// The digest of a data group: every cell of the table (text, years, line
/// numbers, the bits of every number) and the dictionary.
fn data_digest(table: &Table, dict: &Dictionary) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = Xxh64::default();
    table.source.hash(&mut h);
    table.id.hash(&mut h);
    table.name.hash(&mut h);
    table.group.hash(&mut h);
    table.group_name.hash(&mut h);
    table.year.hash(&mut h);
    table.line.hash(&mut h);
    h.write_usize(table.columns.len());
    for c in &table.columns {
        c.name.hash(&mut h);
        h.write_usize(c.len());
        for v in c.iter() {
            match v {
                None => h.write_u8(0),
                Some(x) => {
                    h.write_u8(1);
                    h.write_u64(x.to_bits());
                }
            }
        }
    }
    // The variables, not the Debug form of the whole dictionary: its lookup
    // map prints in a different order in every process.
    dict.source.hash(&mut h);
    format!("{:?}", dict.variables()).hash(&mut h);
    h.finish()
}

/// The input key of one model's folders: everything a fit and its files are
/// made from before anything is fitted — the program, the renderer's
/// fingerprint (language, plots, CSV dialect, groups, boundaries), the data
/// group's digest, the checked spec (its text, every parsed setting, the
/// sample years found in the data), the run options (bootstrap,
/// cross-validation, seed), the years asked for, and the model's other
/// folders in the output folder (a page shows the years it does not fit).
/// A folder whose record carries its input key is kept without fitting.
#[allow(clippy::too_many_arguments)]
fn input_key(
    program: &str,
    fingerprint: &str,
    data: u64,
    spec: &CheckedSpec,
    run: &RunOptions,
    years: Option<&[i32]>,
    neighbours: &str,
) -> u128 {
    let mut h = Key::default();
    h.write(b"inputs");
    h.write(program.as_bytes());
    h.write(fingerprint.as_bytes());
    h.write_u64(data);
    h.write(format!("{spec:?}").as_bytes());
    h.write(format!("{run:?}").as_bytes());
    h.write(format!("{years:?}").as_bytes());
    h.write(neighbours.as_bytes());
    h.0
}

/// The input key of one folder: its model's key and its name.
fn folder_input_key(model_key: u128, task: &Task) -> String {
    let mut h = Key(model_key);
    h.write(year_dir(task.year).as_bytes());
    h.hex()
}

/// The model's folders in the output folder that this run does not write
/// (`own`): their names and the size and time of their results.json. A page
/// shows the years such folders hold, so a change there redraws it.
fn neighbours(out: &Path, model: &str, own: &[String]) -> String {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(out.join(model)) else {
        return String::new();
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || own.contains(&name) {
            continue;
        }
        let meta = std::fs::metadata(e.path().join("results.json"))
            .map(|m| format!("{:?} {:?}", m.len(), m.modified().ok()))
            .unwrap_or_default();
        found.push(format!("{name} {meta}"));
    }
    found.sort();
    found.join("\n")
}

/// The output key of a model-year folder: a hash of everything its files are
/// made from once fitted — the result and the model's other years (digests
/// of their serde form, views included), the renderer's fingerprint
/// and the program. Inputs that changed (another data column, say) can give
/// the same results: such a folder is kept as it is too.
fn output_key(program: &str, fingerprint: &str, digest: u64, years: u128) -> String {
    let mut h = Key::default();
    h.write(program.as_bytes());
    h.write(fingerprint.as_bytes());
    h.write_u64(digest);
    h.write(&years.to_le_bytes());
    h.hex()
}

/// The hash of every year's results of a model (once per model, not per
/// folder), from the digests of their results (views included).
fn years_key(digests: &[u64]) -> u128 {
    let mut h = Key::default();
    for d in digests {
        h.write_u64(*d);
    }
    h.0
}

/// The record of a model-year folder ([`INPUTS_FILE`]): the output key, the
/// input key (`inputs: …`), the folder's files, the notes of its charts
/// (`note: …`, charts that could not be drawn), and after a line `summary:`
/// to the end, the result reduced to the areas the caller reads afterwards
/// ([`Render::summary_areas`]), in the results.json format.
#[derive(Debug, Clone, PartialEq)]
struct Record {
    output: String,
    inputs: String,
    files: Vec<String>,
    notes: Vec<String>,
    summary: Option<String>,
}

/// The line of a record after which its summary follows.
const SUMMARY_LINE: &str = "summary:";

impl Record {
    fn text(&self) -> String {
        let mut s = format!("{}\ninputs: {}\n", self.output, self.inputs);
        for f in &self.files {
            s.push_str(f);
            s.push('\n');
        }
        for n in &self.notes {
            s.push_str("note: ");
            s.push_str(&n.replace('\n', " "));
            s.push('\n');
        }
        if let Some(summary) = &self.summary {
            s.push_str(SUMMARY_LINE);
            s.push('\n');
            s.push_str(summary);
        }
        s
    }

    fn parse(text: &str) -> Option<Record> {
        let (head, summary) = match text.split_once(&format!("\n{SUMMARY_LINE}\n")) {
            Some((h, s)) => (h, Some(s.to_string())),
            None => (text, None),
        };
        let mut lines = head.lines();
        let output = lines.next()?.to_string();
        let inputs = lines.next()?.strip_prefix("inputs: ")?.to_string();
        let mut files = Vec::new();
        let mut notes = Vec::new();
        for l in lines {
            match l.strip_prefix("note: ") {
                Some(n) => notes.push(n.to_string()),
                None if !l.is_empty() => files.push(l.to_string()),
                None => return None,
            }
        }
        Some(Record {
            output,
            inputs,
            files,
            notes,
            summary,
        })
    }

    /// The record of `dir`, when the folder holds exactly the files it was
    /// written with (none missing, none added).
    fn of_complete_folder(dir: &Path) -> Option<Record> {
        let text = std::fs::read_to_string(dir.join(INPUTS_FILE)).ok()?;
        let rec = Record::parse(&text)?;
        if !rec.files.iter().all(|f| dir.join(f).is_file()) {
            return None;
        }
        // The files and the record itself.
        (count_files(dir)? == rec.files.len() + 1).then_some(rec)
    }
}

/// Files under `dir`, in every subfolder.
fn count_files(dir: &Path) -> Option<usize> {
    let mut n = 0;
    for e in std::fs::read_dir(dir).ok()? {
        let e = e.ok()?;
        let t = e.file_type().ok()?;
        if t.is_dir() {
            n += count_files(&e.path())?;
        } else {
            n += 1;
        }
    }
    Some(n)
}

/// A kept folder's result (its results.json, views included) and the notes
/// of its charts.
type KeptFolder = (ModelResult, Vec<String>);

/// The result and chart notes of `dir`, when the folder is complete and was
/// made from `inputs`. The result is the one its record keeps (reduced to
/// the areas the caller reads, [`Render::summary_areas`]); a record without
/// one (written by an older build) has it read from results.json.
fn kept_folder(dir: &Path, inputs: &str) -> Option<KeptFolder> {
    let rec = Record::of_complete_folder(dir)?;
    if rec.inputs != inputs {
        return None;
    }
    let r: ModelResult = match &rec.summary {
        Some(text) => serde_json::from_str(text).ok()?,
        None => serde_json::from_slice(&std::fs::read(dir.join("results.json")).ok()?).ok()?,
    };
    Some((r, rec.notes))
}

/// `r` with only the areas `keep` (indices into `r.areas`, in their order)
/// and their bootstrap rows, and without the views over the years: what a
/// caller reads once the folder is written. Everything else is kept whole.
pub fn reduced(r: &ModelResult, keep: &[usize]) -> ModelResult {
    let uncertainty = r.uncertainty.as_ref().map(|u| {
        // The bootstrap rows go with the area rows, one each.
        let areas = if u.areas.len() == r.areas.len() {
            keep.iter().map(|&i| u.areas[i].clone()).collect()
        } else {
            u.areas.clone()
        };
        crate::results::Uncertainty {
            method: u.method.clone(),
            b: u.b,
            seed: u.seed,
            level: u.level,
            failed_resamples: u.failed_resamples,
            rank_by: u.rank_by.clone(),
            coefficients: u.coefficients.clone(),
            areas,
        }
    });
    ModelResult {
        model: r.model.clone(),
        year: r.year,
        fit: r.fit.clone(),
        coefficients: r.coefficients.clone(),
        areas: keep.iter().map(|&i| r.areas[i].clone()).collect(),
        excluded: r.excluded.clone(),
        conventions: r.conventions.clone(),
        generator: r.generator.clone(),
        reference_comparison: r.reference_comparison.clone(),
        cross_city: None,
        uncertainty,
        cv: r.cv.clone(),
        model_comparison: r.model_comparison.clone(),
        nonpositive_modelled: r.nonpositive_modelled.clone(),
    }
}

/// A reduced result as its record keeps it (the results.json format).
fn summary_text(r: &ModelResult) -> String {
    let mut b = Vec::new();
    // Writing to memory cannot fail.
    let _ = r.write_json(&mut b);
    String::from_utf8_lossy(&b).into_owned()
}

/// A model-year folder that was written, for the index.
pub struct Written<'a> {
    pub model: &'a str,
    /// Folder name: the year, or `pooled`.
    pub dir: String,
    pub result: &'a ModelResult,
}

/// Specs with the table and dictionary they run on.
pub struct DataGroup {
    pub table: Table,
    pub dict: Dictionary,
    pub specs: Vec<ModelSpec>,
}

/// The validated configuration of a report run.
pub struct ReportConfig {
    pub data: Vec<DataGroup>,
    /// Only these years (`None`: every year of each spec).
    pub years: Option<Vec<i32>>,
    pub out: PathBuf,
    /// Worker threads (0 = all cores).
    pub threads: usize,
    /// Bootstrap / cross-validation per fit.
    pub run: RunOptions,
    /// Draw the plots and write the HTML pages.
    pub plots: bool,
}

/// Something in a report run that failed, naming the model, year or file;
/// `Display` is the English line, and the command line words the kinds in
/// the analyst's language.
#[derive(Debug)]
pub enum Failure {
    /// A spec that does not check against its data.
    Spec { model: String, error: Error },
    /// A `--year` that none of the selected models has in its sample.
    YearNotInSample { year: i32 },
    /// A fit (or what follows it) that failed.
    Task { task: Task, error: Error },
    /// A model-year folder or an index file that could not be written.
    NotWritten { name: String, error: String },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Spec { model, error } => write!(f, "model '{model}': {error}"),
            Failure::YearNotInSample { year } => write!(
                f,
                "--year {year}: no selected model has this year in its sample"
            ),
            Failure::Task { task, error } => write!(f, "{task}: {error}"),
            Failure::NotWritten { name, error } => write!(f, "{name}: not written: {error}"),
        }
    }
}

/// What a report run did.
pub struct ReportOutcome {
    /// Every successful fit, ordered by model name, then year: each result
    /// reduced to the areas [`Render::summary_areas`] names, without the
    /// views over the years ([`reduced`]).
    pub ok: Vec<(Task, ModelResult)>,
    /// Model-year folders written in full.
    pub folders_written: usize,
    /// Of those, folders kept as they were: made from the same inputs by the
    /// same program (see [`INPUTS_FILE`]).
    pub folders_unchanged: usize,
    /// Of those, folders kept without fitting their model again: every
    /// folder of the model carried the run's input key (see [`input_key`]).
    pub fits_skipped: usize,
    /// Files written (folders' files and the index files).
    pub files_written: usize,
    /// Everything that failed, one line each, naming the model, year or file.
    pub failures: Vec<Failure>,
    /// Notes that are not failures (charts that could not be drawn).
    pub notes: Vec<String>,
}

/// `<out>/<model>/<year>` (or `<out>/<model>/pooled`).
pub fn task_dir(out: &Path, task: &Task) -> PathBuf {
    out.join(&task.model).join(year_dir(task.year))
}

/// The folder name of a year: `2022`, or `pooled`.
pub fn year_dir(year: Option<i32>) -> String {
    year.map_or_else(|| "pooled".to_string(), |y| y.to_string())
}

/// The exclusive lock on an output folder; removed when dropped.
struct OutLock(PathBuf);

impl OutLock {
    fn take(out: &Path) -> Result<OutLock> {
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let path = out.join(".modellvarde.lock");
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                use std::io::Write;
                let _ = writeln!(f, "{}", std::process::id());
                Ok(OutLock(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Other(format!(
                "{}: another report run is writing to {} (lock file {})\n  hint: wait for it to finish, or use another --out; if no run is going (one was killed), delete the lock file",
                out.display(),
                out.display(),
                path.display()
            ))),
            Err(e) => Err(Error::io(&path, e)),
        }
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Write `files` as the folder `dir`: into a sibling first, then swap it in.
/// Returns the number of files written.
pub fn write_folder(dir: &Path, files: &[OutFile]) -> Result<usize> {
    write_folder_with(dir, None, files)
}

/// [`write_folder`], with the file `json.0` written first, straight from the
/// result `json.1` by [`ModelResult::write_json`] through a buffer of 64 KiB:
/// the text is never held whole (for 10 000 areas 24 MB a year, built in a
/// string that grew by doubling into fresh pages, and copied once more).
pub fn write_folder_with(
    dir: &Path,
    json: Option<(&str, &ModelResult)>,
    files: &[OutFile],
) -> Result<usize> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&fresh);
    let result = (|| {
        // The sibling is this process's own until it is renamed into place,
        // and a failure removes it whole: its files are written straight,
        // without a temporary and a rename each, and each folder is made once.
        let mut made: Vec<PathBuf> = Vec::new();
        if let Some((rel, r)) = json {
            use std::io::Write;
            let path = fresh.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
                made.push(p.to_path_buf());
            }
            let f = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            r.write_json(&mut w)
                .and_then(|()| w.flush())
                .map_err(|e| Error::io(&path, e))?;
        }
        for (rel, bytes) in files {
            let path = fresh.join(rel);
            if let Some(p) = path.parent() {
                if !made.iter().any(|m| m == p) {
                    std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
                    made.push(p.to_path_buf());
                }
            }
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        }
        // Swap: the old folder aside, the new one in, the old one removed.
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::rename(&fresh, dir).map_err(|e| Error::io(dir, e))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(files.len() + usize::from(json.is_some()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&fresh);
        if !dir.exists() && old.exists() {
            let _ = std::fs::rename(&old, dir);
        }
    }
    result
}

/// One model-year folder after writing: its index in the fits, the result
/// with its views, and the files written or why not.
type FolderDone = (usize, ModelResult, std::result::Result<usize, String>);

/// Run the report. `on_count` is called once, after the specs are checked,
/// with the number of fits the run will report (the tasks of every spec that
/// passes its checks); `on_fit` is called as each fit finishes (for a
/// progress display). Failed specs, fits and writes are in the outcome's `failures`;
/// an error is returned only when the run cannot start (threads, the lock)
/// or the index cannot be written.
pub fn run_report(
    cfg: &ReportConfig,
    render: &dyn Render,
    on_count: &dyn Fn(usize),
    on_fit: &(dyn Fn(&Task) + Sync),
) -> Result<ReportOutcome> {
    let _lock = OutLock::take(&cfg.out)?;
    let mut failures: Vec<Failure> = Vec::new();
    let mut checked: Vec<Vec<CheckedSpec>> = Vec::new();
    for g in &cfg.data {
        let mut ok = Vec::new();
        for s in &g.specs {
            match s.check(&g.table) {
                Ok(c) => ok.push(c),
                Err(e) => failures.push(Failure::Spec {
                    model: s.name.clone(),
                    error: e,
                }),
            }
        }
        checked.push(ok);
    }
    on_count(
        checked
            .iter()
            .map(|specs| tasks(specs, cfg.years.as_deref()).len())
            .sum(),
    );
    if let Some(ys) = &cfg.years {
        let any = checked.iter().flatten().next().is_some();
        for y in ys {
            if any && !checked.iter().flatten().any(|c| c.years.contains(y)) {
                failures.push(Failure::YearNotInSample { year: *y });
            }
        }
    }

    // The input key of every model; the models whose folders all carry it
    // are kept as they are, without fitting (their results read back from
    // results.json for the index and the summary).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {} threads: {e}", cfg.threads)))?;
    let program = program_identity();
    let fingerprint = render.fingerprint();
    let mut model_keys: BTreeMap<String, u128> = BTreeMap::new();
    let mut candidates: Vec<(Task, String)> = Vec::new();
    for (g, specs) in cfg.data.iter().zip(&checked) {
        let data = data_digest(&g.table, &g.dict);
        for s in specs {
            let own: Vec<Task> = tasks(std::slice::from_ref(s), cfg.years.as_deref())
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            let dirs: Vec<String> = own.iter().map(|t| year_dir(t.year)).collect();
            let key = input_key(
                &program,
                &fingerprint,
                data,
                s,
                &cfg.run,
                cfg.years.as_deref(),
                &neighbours(&cfg.out, s.name(), &dirs),
            );
            model_keys.insert(s.name().to_string(), key);
            candidates.extend(own.into_iter().map(|t| {
                let k = folder_input_key(key, &t);
                (t, k)
            }));
        }
    }
    let found: Vec<(Task, Option<KeptFolder>)> = pool.install(|| {
        candidates
            .into_par_iter()
            .map(|(t, k)| {
                let got = kept_folder(&task_dir(&cfg.out, &t), &k);
                (t, got)
            })
            .collect()
    });
    let mut kept_models: BTreeMap<String, Vec<(Task, ModelResult, Vec<String>)>> = BTreeMap::new();
    let mut partly: std::collections::BTreeSet<String> = Default::default();
    for (t, got) in found {
        match got {
            Some((r, notes)) if !partly.contains(&t.model) => {
                kept_models
                    .entry(t.model.clone())
                    .or_default()
                    .push((t, r, notes));
            }
            _ => {
                kept_models.remove(&t.model);
                partly.insert(t.model);
            }
        }
    }
    let to_fit: Vec<Vec<CheckedSpec>> = checked
        .iter()
        .map(|specs| {
            specs
                .iter()
                .filter(|s| !kept_models.contains_key(s.name()))
                .cloned()
                .collect()
        })
        .collect();

    let mut results = Vec::new();
    for (g, specs) in cfg.data.iter().zip(&to_fit) {
        if specs.is_empty() {
            continue;
        }
        results.extend(run_all_with(
            specs,
            &g.table,
            cfg.years.as_deref(),
            cfg.threads,
            Some(&g.dict),
            &cfg.run,
            |task, _| on_fit(task),
        )?);
    }
    // One order whatever the data groups: model name, then year.
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ok: Vec<(Task, ModelResult)> = Vec::new();
    for (task, r) in results {
        match r {
            Ok(res) => ok.push((task, res)),
            Err(error) => failures.push(Failure::Task { task, error }),
        }
    }
    let fits_skipped: usize = kept_models.values().map(Vec::len).sum();

    // A run limited to some years still shows the views over the years
    // (persistence, the change decomposition from the model's first year,
    // the deviation chart): the model's earlier years are fitted too, as
    // context only — not written, without bootstrap, cross-validation or the
    // model comparison —
    // so a single-year report reads as the same year's report of a full run.
    let mut context: BTreeMap<String, Vec<ModelResult>> = BTreeMap::new();
    if let Some(ys) = &cfg.years {
        for (g, specs) in cfg.data.iter().zip(&to_fit) {
            for s in specs {
                let Some(last) = ys.iter().copied().filter(|y| s.years.contains(y)).max() else {
                    continue;
                };
                let earlier: Vec<i32> = s
                    .tasks()
                    .into_iter()
                    .flatten()
                    .filter(|y| *y < last && !ys.contains(y))
                    .collect();
                if earlier.is_empty() {
                    continue;
                }
                let fits = run_all_with(
                    std::slice::from_ref(s),
                    &g.table,
                    Some(&earlier),
                    cfg.threads,
                    Some(&g.dict),
                    &RunOptions {
                        context_only: true,
                        ..RunOptions::default()
                    },
                    |_, _| {},
                )?;
                // A context year that fails to fit only leaves its views out.
                context.insert(
                    s.name().to_string(),
                    fits.into_iter().filter_map(|(_, r)| r.ok()).collect(),
                );
            }
        }
    }

    // Each model's checked spec and data, for the cross-city views.
    let mut sources: BTreeMap<&str, (&CheckedSpec, &Table)> = BTreeMap::new();
    for (g, specs) in cfg.data.iter().zip(&checked) {
        for s in specs {
            sources.insert(s.name(), (s, &g.table));
        }
    }
    // The kept folders join the fits, in one order (model, then year);
    // their results already carry the views.
    let mut kept_notes: BTreeMap<Task, Vec<String>> = BTreeMap::new();
    for (t, r, notes) in kept_models.into_values().flatten() {
        on_fit(&t);
        kept_notes.insert(t.clone(), notes);
        ok.push((t, r));
    }
    ok.sort_by(|a, b| a.0.cmp(&b.0));
    // The fitted results move to their model (no copy); they come back with
    // their views, reduced to what the caller keeps once written.
    let mut by_model: BTreeMap<String, (Vec<usize>, Vec<ModelResult>)> = BTreeMap::new();
    let mut kept: Vec<(usize, Vec<String>)> = Vec::new();
    let mut slots: Vec<Option<ModelResult>> = Vec::with_capacity(ok.len());
    let tasks_ok: Vec<Task> = ok
        .into_iter()
        .enumerate()
        .map(|(i, (t, r))| {
            if let Some(why) = kept_notes.remove(&t) {
                kept.push((i, why));
                slots.push(Some(r));
            } else {
                let e = by_model.entry(t.model.clone()).or_default();
                e.0.push(i);
                e.1.push(r);
                slots.push(None);
            }
            t
        })
        .collect();
    // Per model: the views into every result, then each folder as a unit.
    let notes: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let unchanged = std::sync::atomic::AtomicUsize::new(fits_skipped);
    let done: Vec<Vec<FolderDone>> = pool.install(|| {
        by_model
            .into_par_iter()
            .map(|(model, (idx, mut all))| {
                // The context years follow the run's own results, so `all[k]`
                // stays the result of `idx[k]`.
                all.extend(context.get(&model).into_iter().flatten().cloned());
                if let Some((spec, table)) = sources.get(model.as_str()) {
                    let views = crossview::cross_city(spec, table, &all);
                    for (r, cc) in all.iter_mut().zip(views) {
                        r.cross_city = (!cc.is_empty()).then_some(cc);
                    }
                }
                let digests: Vec<u64> = all.par_iter().map(result_digest).collect();
                let all_key = years_key(&digests);
                let model_key = model_keys.get(&model).copied().unwrap_or_default();
                // One folder: its files from its result (and, for the pages,
                // the model's other years), written as a unit. Each folder is
                // a function of its inputs alone, so the bytes do not depend
                // on the threads.
                let write = |k: usize, r: &ModelResult, others: Option<&[ModelResult]>| {
                    let i = idx[k];
                    let task = &tasks_ok[i];
                    let dir = task_dir(&cfg.out, task);
                    let key = output_key(&program, &fingerprint, digests[k], all_key);
                    let inputs = folder_input_key(model_key, task);
                    let note = |why: &[String]| {
                        notes
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .extend(why.iter().map(|w| (i, format!("{task}: {w}"))));
                    };
                    let small = reduced(r, &render.summary_areas(r));
                    let summary = || summary_text(&small);
                    if let Some(old) = Record::of_complete_folder(&dir).filter(|o| o.output == key)
                    {
                        // The same results as before from other inputs: the
                        // files stay as they are, the record takes the new key.
                        note(&old.notes);
                        let outcome = if old.inputs == inputs && old.summary.is_some() {
                            Ok(0)
                        } else {
                            let rec = Record {
                                inputs,
                                summary: Some(summary()),
                                ..old
                            };
                            write_atomic(&dir.join(INPUTS_FILE), rec.text().as_bytes())
                                .map(|()| 0)
                                .map_err(|e| format!("{e}"))
                        };
                        if outcome.is_ok() {
                            unchanged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        return (outcome, small);
                    }
                    let (files, pages) = rayon::join(
                        || render.result_files(r),
                        || others.map(|all| render.page_files(r, all)),
                    );
                    let outcome = files.and_then(|mut files| {
                        let mut why = Vec::new();
                        if let Some((pages, w)) = pages {
                            files.extend(pages);
                            why = w;
                        }
                        note(&why);
                        let json = render.results_json();
                        let rec = Record {
                            output: key,
                            inputs,
                            files: json
                                .map(str::to_string)
                                .into_iter()
                                .chain(files.iter().map(|(name, _)| name.clone()))
                                .collect(),
                            notes: why,
                            summary: Some(summary()),
                        };
                        files.push((INPUTS_FILE.to_string(), rec.text().into_bytes()));
                        // The record of inputs is not counted as an output file.
                        write_folder_with(&dir, json.map(|name| (name, r)), &files)
                            .map(|n| n - 1)
                            .map_err(|e| format!("{e}"))
                    });
                    (outcome, small)
                };
                // The model's years are drawn in parallel too: one model with
                // many years is most of a run. Without pages no folder reads
                // another year, so each result is reduced as soon as its
                // folder is written; the pages read every year, so then the
                // results are reduced after the last folder.
                let own = idx.len();
                let written: Vec<(std::result::Result<usize, String>, ModelResult)> = if cfg.plots {
                    (0..own)
                        .into_par_iter()
                        .map(|k| write(k, &all[k], Some(&all)))
                        .collect()
                } else {
                    all.truncate(own);
                    all.par_iter_mut()
                        .enumerate()
                        .map(|(k, r)| {
                            let (o, small) = write(k, r, None);
                            // Frees the area rows now, not with the model.
                            *r = small;
                            (o, r.clone())
                        })
                        .collect()
                };
                drop(all);
                idx.into_iter()
                    .zip(written)
                    .map(|(i, (o, r))| (i, r, o))
                    .collect()
            })
            .collect()
    });
    let mut ok: Vec<(Task, Option<ModelResult>)> = tasks_ok.into_iter().zip(slots).collect();
    let mut notes = notes.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut done: Vec<FolderDone> = done.into_iter().flatten().collect();
    for (i, why) in kept {
        let t = &ok[i].0;
        notes.extend(why.into_iter().map(|w| (i, format!("{t}: {w}"))));
        let r = ok[i].1.take().expect("kept result");
        done.push((i, r, Ok(0)));
    }
    notes.sort();
    let notes: Vec<String> = notes.into_iter().map(|(_, n)| n).collect();
    done.sort_by_key(|d| d.0);
    let mut folders_written = 0;
    let mut files_written = 0;
    let mut written_idx = Vec::new();
    for (i, r, outcome) in done {
        match outcome {
            Ok(n) => {
                folders_written += 1;
                files_written += n;
                written_idx.push(i);
            }
            Err(error) => failures.push(Failure::NotWritten {
                name: ok[i].0.to_string(),
                error,
            }),
        }
        ok[i].1 = Some(r);
    }
    let ok: Vec<(Task, ModelResult)> = ok
        .into_iter()
        .map(|(t, r)| (t, r.expect("every result comes back")))
        .collect();
    let written: Vec<Written<'_>> = written_idx
        .iter()
        .map(|&i| Written {
            model: ok[i].0.model.as_str(),
            dir: year_dir(ok[i].0.year),
            result: &ok[i].1,
        })
        .collect();
    for (name, bytes) in render.index_files(&written, &failures) {
        let path = cfg.out.join(&name);
        // An index with the same bytes is left as it is (its time too).
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            continue;
        }
        match write_atomic(&path, &bytes) {
            Ok(()) => files_written += 1,
            Err(e) => failures.push(Failure::NotWritten {
                name,
                error: e.to_string(),
            }),
        }
    }
    drop(written);
    Ok(ReportOutcome {
        ok,
        folders_written,
        files_written,
        failures,
        folders_unchanged: unchanged.into_inner(),
        fits_skipped,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_what_it_wrote_with_and_without_a_summary() {
        let mut rec = Record {
            output: "0123".into(),
            inputs: "abcd".into(),
            files: vec!["results.json".into(), "plots/map.svg".into()],
            notes: vec!["map not drawn: no boundaries".into()],
            summary: None,
        };
        assert_eq!(Record::parse(&rec.text()), Some(rec.clone()));
        // The summary is the results.json format, several lines.
        rec.summary = Some("{\n  \"model\": {},\n  \"year\": 2022\n}\n".into());
        assert_eq!(Record::parse(&rec.text()), Some(rec.clone()));
        // An empty line among the files is a damaged record.
        assert_eq!(Record::parse("0123\ninputs: abcd\n\nresults.json\n"), None);
    }

    #[test]
    fn a_folder_with_its_results_json_streamed_holds_the_bytes_of_to_json() {
        use crate::results::AreaRow;
        let r = ModelResult {
            year: Some(2022),
            areas: (0..300)
                .map(|i| AreaRow {
                    id: format!("{i:04}"),
                    name: format!("Område {i} \"å\""),
                    actual: i as f64 * 1.25,
                    modelled: 1000.0 / (i as f64 + 0.5),
                    dfbetas: vec![Some(0.1 * i as f64), None],
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let dir = std::env::temp_dir().join(format!("mv-stream-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let target = dir.join("m").join("2022");
        let files: Vec<OutFile> = vec![
            ("a.csv".into(), b"x\n".to_vec()),
            ("plots/b.svg".into(), b"<svg/>".to_vec()),
        ];
        // Twice: into a new folder, then replacing it.
        for _ in 0..2 {
            let n = write_folder_with(&target, Some(("results.json", &r)), &files).unwrap();
            assert_eq!(n, 3);
            let json = std::fs::read(target.join("results.json")).unwrap();
            assert_eq!(json, r.to_json().into_bytes());
            assert_eq!(
                std::fs::read(target.join("plots/b.svg")).unwrap(),
                b"<svg/>"
            );
        }
        // Without it, as before.
        assert_eq!(write_folder(&target, &files).unwrap(), 2);
        assert!(!target.join("results.json").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
