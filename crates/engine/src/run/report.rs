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
    fn index_files(&self, written: &[Written<'_>], failures: &[String]) -> Vec<OutFile>;
    /// Everything besides the results that the files depend on (language,
    /// plots on or off): part of the key that lets an unchanged folder be
    /// kept as it is.
    fn fingerprint(&self) -> String;
}

/// Name of the file in each model-year folder that records what the folder
/// was made from (see [`folder_key`]).
pub const INPUTS_FILE: &str = ".modellvarde-inputs";

/// The key of a model-year folder: a 128-bit FNV-1a hash of everything its
/// files are made from — the result and the model's other years (their
/// results.json text, views included), the renderer's fingerprint and the
/// program itself (its size and modification time, so a rebuilt program
/// redraws) — followed by the folder's file names. A folder whose recorded
/// key equals the new one, and whose files are all present, is current: the
/// run keeps it instead of drawing and writing it again.
fn folder_key(r: &ModelResult, all_key: u128, render: &dyn Render) -> String {
    let mut h = Fnv128::default();
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{:?} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    h.write(exe.as_bytes());
    h.write(render.fingerprint().as_bytes());
    h.write(r.to_json().as_bytes());
    h.write(&all_key.to_le_bytes());
    format!("{:032x}", h.0)
}

/// The hash of every year's results of a model (once per model, not per
/// folder).
fn years_key(all: &[ModelResult]) -> u128 {
    let mut h = Fnv128::default();
    for o in all {
        h.write(o.to_json().as_bytes());
    }
    h.0
}

/// FNV-1a, 128 bits (Fowler, Noll, Vo; the IETF draft's offset and prime).
struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Fnv128 {
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
}

/// When `dir` was made from `key` and holds exactly the files it was
/// written with (none missing, none added), the notes of its charts (charts
/// that could not be drawn).
fn folder_is_current(dir: &Path, key: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(INPUTS_FILE)).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(key) {
        return None;
    }
    let mut notes = Vec::new();
    let mut files = 1; // the record itself
    for l in lines {
        match l.strip_prefix("note: ") {
            Some(n) => notes.push(n.to_string()),
            None if !l.is_empty() && dir.join(l).is_file() => files += 1,
            None => return None,
        }
    }
    (count_files(dir)? == files).then_some(notes)
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

/// What a report run did.
pub struct ReportOutcome {
    /// Every successful fit, ordered by model name, then year.
    pub ok: Vec<(Task, ModelResult)>,
    /// Model-year folders written in full.
    pub folders_written: usize,
    /// Of those, folders kept as they were: made from the same inputs by the
    /// same program (see [`INPUTS_FILE`]).
    pub folders_unchanged: usize,
    /// Files written (folders' files and the index files).
    pub files_written: usize,
    /// Everything that failed, one line each, naming the model, year or file.
    pub failures: Vec<String>,
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
        for (rel, bytes) in files {
            let path = fresh.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
            }
            write_atomic(&path, bytes)?;
        }
        // Swap: the old folder aside, the new one in, the old one removed.
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::rename(&fresh, dir).map_err(|e| Error::io(dir, e))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(files.len())
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

/// The number of fits a run will make (for a progress display): the tasks
/// of every spec that passes its checks.
pub fn count_tasks(cfg: &ReportConfig) -> usize {
    cfg.data
        .iter()
        .map(|g| {
            let specs: Vec<CheckedSpec> = g
                .specs
                .iter()
                .filter_map(|s| s.check(&g.table).ok())
                .collect();
            tasks(&specs, cfg.years.as_deref()).len()
        })
        .sum()
}

/// Run the report. `on_fit` is called as each fit finishes (for a progress
/// display). Failed specs, fits and writes are in the outcome's `failures`;
/// an error is returned only when the run cannot start (threads, the lock)
/// or the index cannot be written.
pub fn run_report(
    cfg: &ReportConfig,
    render: &dyn Render,
    on_fit: &(dyn Fn(&Task) + Sync),
) -> Result<ReportOutcome> {
    let _lock = OutLock::take(&cfg.out)?;
    let mut failures: Vec<String> = Vec::new();
    let mut checked: Vec<Vec<CheckedSpec>> = Vec::new();
    for g in &cfg.data {
        let mut ok = Vec::new();
        for s in &g.specs {
            match s.check(&g.table) {
                Ok(c) => ok.push(c),
                Err(e) => failures.push(format!("model '{}': {e}", s.name)),
            }
        }
        checked.push(ok);
    }
    if let Some(ys) = &cfg.years {
        let any = checked.iter().flatten().next().is_some();
        for y in ys {
            if any && !checked.iter().flatten().any(|c| c.years.contains(y)) {
                failures.push(format!(
                    "--year {y}: no selected model has this year in its sample"
                ));
            }
        }
    }

    let mut results = Vec::new();
    for (g, specs) in cfg.data.iter().zip(&checked) {
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
            Err(e) => failures.push(format!("{task}: {e}")),
        }
    }

    // A run limited to some years still shows the views over the years
    // (persistence, the change decomposition from the model's first year,
    // the deviation chart): the model's earlier years are fitted too, as
    // context only — not written, without bootstrap, cross-validation or the
    // model comparison —
    // so a single-year report reads as the same year's report of a full run.
    let mut context: BTreeMap<String, Vec<ModelResult>> = BTreeMap::new();
    if let Some(ys) = &cfg.years {
        for (g, specs) in cfg.data.iter().zip(&checked) {
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
    let mut by_model: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (t, _)) in ok.iter().enumerate() {
        by_model.entry(t.model.clone()).or_default().push(i);
    }
    // Per model: the views into every result, then each folder as a unit.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {} threads: {e}", cfg.threads)))?;
    let done: Mutex<Vec<FolderDone>> = Mutex::new(Vec::new());
    let notes: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let unchanged = std::sync::atomic::AtomicUsize::new(0);
    pool.install(|| {
        by_model.par_iter().for_each(|(model, idx)| {
            let mut all: Vec<ModelResult> = idx.iter().map(|&i| ok[i].1.clone()).collect();
            // The context years follow the run's own results, so `all[k]`
            // stays the result of `idx[k]`.
            all.extend(context.get(model).into_iter().flatten().cloned());
            if let Some((spec, table)) = sources.get(model.as_str()) {
                let views = crossview::cross_city(spec, table, &all);
                for (r, cc) in all.iter_mut().zip(views) {
                    r.cross_city = (!cc.is_empty()).then_some(cc);
                }
            }
            // The model's years are drawn in parallel too: one model with many
            // years is most of a run. Each folder is a function of its
            // inputs alone, so the bytes do not depend on the threads.
            let all_key = years_key(&all);
            idx.par_iter().enumerate().for_each(|(k, &i)| {
                let task = &ok[i].0;
                let r = &all[k];
                let dir = task_dir(&cfg.out, task);
                let key = folder_key(r, all_key, render);
                if let Some(why) = folder_is_current(&dir, &key) {
                    unchanged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    notes
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .extend(why.into_iter().map(|w| (i, format!("{task}: {w}"))));
                    done.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((i, r.clone(), Ok(0)));
                    return;
                }
                let outcome = render.result_files(r).and_then(|mut files| {
                    let mut why = Vec::new();
                    if cfg.plots {
                        let (pages, w) = render.page_files(r, &all);
                        files.extend(pages);
                        why = w;
                    }
                    let mut record = key.clone();
                    for (name, _) in &files {
                        record.push('\n');
                        record.push_str(name);
                    }
                    for w in &why {
                        record.push_str("\nnote: ");
                        record.push_str(&w.replace('\n', " "));
                    }
                    record.push('\n');
                    notes
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .extend(why.into_iter().map(|w| (i, format!("{task}: {w}"))));
                    files.push((INPUTS_FILE.to_string(), record.into_bytes()));
                    // The record of inputs is not counted as an output file.
                    write_folder(&dir, &files)
                        .map(|n| n - 1)
                        .map_err(|e| format!("{e}"))
                });
                done.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((i, r.clone(), outcome));
            });
        });
    });
    let mut notes = notes.into_inner().unwrap_or_else(|p| p.into_inner());
    notes.sort();
    let notes: Vec<String> = notes.into_iter().map(|(_, n)| n).collect();
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
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
            Err(e) => failures.push(format!("{}: not written: {e}", ok[i].0)),
        }
        ok[i].1 = r;
    }
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
        match write_atomic(&path, &bytes) {
            Ok(()) => files_written += 1,
            Err(e) => failures.push(format!("{name}: not written: {e}")),
        }
    }
    drop(written);
    Ok(ReportOutcome {
        ok,
        folders_written,
        files_written,
        failures,
        folders_unchanged: unchanged.into_inner(),
        notes,
    })
}
