//! Writing output files atomically: write to a temporary file in the same
//! folder, then rename it over the target. An interrupted run leaves either the
//! old file or the new one, never half of one. (No fsync per file: a report run
//! writes hundreds of files, and rename atomicity is what protects against an
//! interrupted process; ext4 and other journalling filesystems also flush data
//! before a replacing rename.)

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    // A buffer larger than the writer's passes straight through it.
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Write `path` atomically as [`write_atomic`] does, with the bytes produced
/// by `fill` into a buffered writer on the temporary file: large outputs
/// (results.json for a million areas) go to disk in one pass, never whole in
/// memory.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if is_special(path) {
        return write_through(path, fill).map_err(|e| Error::io(path, e));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    // Replacing a file: ext4 (auto_da_alloc) writes the new file's data out
    // at the rename, for a large file a long wait at the very end (0.15 s
    // for a 137 MB results.json). Starting the write-out while the file is
    // written overlaps that work with the formatting of what follows. A new
    // file is left to the system's background write-out, as before.
    let replacing = fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    let (tmp, f) = create_temporary(dir, &file_name).map_err(|e| Error::io(dir, e))?;
    let result = (|| -> std::io::Result<()> {
        let f = WriteOut::new(f, replacing);
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        fill(&mut w)?;
        // Closing waits for the write-out requests still being made.
        drop(w.into_inner().map_err(|e| e.into_error())?);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// Whether `path` (its symlinks followed) is something other than a file or
/// a folder: a device such as `/dev/null` or `/dev/stdout`, a named pipe, a
/// socket. Renaming a temporary file over it would replace it (as root,
/// `/dev/null` itself) instead of writing to it.
fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Write straight into an existing special file ([`is_special`]): there is
/// no old content a reader could see half replaced.
fn write_through(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let f = fs::OpenOptions::new().write(true).open(path)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
    fill(&mut w)?;
    w.flush()
}

/// Bytes written between two write-out requests of [`WriteOut`]: large
/// enough that a request costs nothing beside the writing, small enough that
/// the write-out keeps pace with it.
const WRITE_OUT_STEP: u64 = 8 << 20;

/// A file that asks the system to start writing its data out (without
/// waiting for it) every [`WRITE_OUT_STEP`] bytes, when `eager`; otherwise
/// the plain file. The request is a hint: where it is not available (other
/// systems, other file systems) nothing changes.
///
/// The requests are made on a thread of their own, started at the first:
/// the request itself does work (the file system allocates the blocks of
/// the range and queues it), a fifth of the writing thread's time when it
/// made them itself (perf, `fit --json` at 100 000 areas), and the writing
/// thread is what the formatting of results.json waits for.
struct WriteOut {
    file: fs::File,
    eager: bool,
    written: u64,
    started: u64,
    /// The requesting thread and the channel of ranges to it.
    requests: Option<(mpsc::Sender<Range>, std::thread::JoinHandle<()>)>,
}

/// A byte range of a file: offset and length.
type Range = (u64, u64);

impl WriteOut {
    fn new(file: fs::File, eager: bool) -> Self {
        WriteOut {
            file,
            eager,
            written: 0,
            started: 0,
            requests: None,
        }
    }

    /// Start the write-out of the bytes written since the last request.
    fn start(&mut self) {
        let range = (self.started, self.written - self.started);
        self.started = self.written;
        if self.requests.is_none() {
            // Without a second descriptor (or a thread) the request is made here.
            let thread = self.file.try_clone().ok().and_then(|f| {
                let (tx, rx) = mpsc::channel::<Range>();
                std::thread::Builder::new()
                    .name("write-out".into())
                    .spawn(move || {
                        for range in rx {
                            request_write_out(&f, range);
                        }
                    })
                    .ok()
                    .map(|h| (tx, h))
            });
            if thread.is_none() {
                request_write_out(&self.file, range);
                return;
            }
            self.requests = thread;
        }
        if let Some((tx, _)) = &self.requests {
            // The thread ends only when the sender is dropped.
            let _ = tx.send(range);
        }
    }
}

impl Drop for WriteOut {
    /// Wait for the requests still queued: the file is renamed into place
    /// after this, and its blocks are then mostly allocated already.
    fn drop(&mut self) {
        if let Some((tx, thread)) = self.requests.take() {
            drop(tx);
            let _ = thread.join();
        }
    }
}

/// Ask the system to start writing out `range` (offset, length) of `file`,
/// without waiting for it.
fn request_write_out(file: &fs::File, range: Range) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a plain system call on an open descriptor `file` owns; it
        // reads no memory of the process. SYNC_FILE_RANGE_WRITE starts the
        // write-out of dirty pages in the range and returns without waiting
        // for it (sync_file_range(2)).
        let _ = unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                range.0 as libc::off64_t,
                range.1 as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            )
        };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, range);
}

impl Write for WriteOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.eager && self.written - self.started >= WRITE_OUT_STEP {
            self.start();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Before `path` is replaced by a new file (a large results.json written
/// again), let the system drop the old file's cached pages on a thread of
/// its own, while the caller computes what it will write. The replacing
/// rename frees the old file, and freeing its cached pages was most of that
/// rename's time (≈ 40 ms for a 146 MB file, on the command's critical
/// path at its very end); dropped early, on a core the computation leaves
/// idle, the rename does less. The file and its contents are untouched (a
/// reader gets them from disk); pages not yet written out stay. Nothing
/// happens unless `path` is a regular file of at least `min_bytes`.
pub fn release_cached_pages_early(path: &Path, min_bytes: u64) {
    #[cfg(target_os = "linux")]
    {
        let big = fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() >= min_bytes);
        if !big {
            return;
        }
        let Ok(f) = fs::File::open(path) else { return };
        let _ = std::thread::Builder::new()
            .name("release-cache".into())
            .spawn(move || {
                use std::os::fd::AsRawFd;
                // SAFETY: a plain system call on a descriptor `f` owns; it
                // reads no memory of the process. POSIX_FADV_DONTNEED drops
                // the clean cached pages of the file (posix_fadvise(2)).
                let _ =
                    unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
            });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (path, min_bytes);
}

/// Create a new temporary file in `dir` for `file_name`. The name carries 64
/// random bits (from the operating system's generator through `rand`), so it
/// cannot be predicted and a link planted in advance cannot be hit, and the
/// file is opened with `create_new` (O_CREAT|O_EXCL), which fails rather than
/// follow a symbolic link or open a file that already exists. A name taken by
/// chance is retried with fresh random bits.
fn create_temporary(dir: &Path, file_name: &str) -> std::io::Result<(PathBuf, fs::File)> {
    // Keep the temporary name within common file-name limits (255 bytes).
    let stem: String = file_name.chars().take(64).collect();
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(".{stem}.{:016x}.tmp", rand::random::<u64>()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_writes_are_atomic_too() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        write_atomic(&p, b"old").unwrap();
        // A writer that fails half-way leaves the old file and no temporary.
        let err = write_atomic_with(&p, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        write_atomic_with(&p, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn writes_and_replaces_without_leaving_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "temporary file left behind: {names:?}");
    }

    #[test]
    fn a_large_replacing_write_is_whole() {
        // Replacing a file with more than one write-out step's bytes: the
        // write-out requests along the way change nothing in the content.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.json");
        write_atomic(&p, b"old").unwrap();
        let big: Vec<u8> = (0..(2 * WRITE_OUT_STEP as usize + 12345))
            .map(|i| (i % 251) as u8)
            .collect();
        write_atomic_with(&p, |w| {
            for piece in big.chunks(1 << 16) {
                w.write_all(piece)?;
            }
            Ok(())
        })
        .unwrap();
        assert!(fs::read(&p).unwrap() == big);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn releasing_the_cached_pages_of_a_file_keeps_it_whole_and_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("old.json");
        let old: Vec<u8> = (0..(3 << 20)).map(|i| (i % 241) as u8).collect();
        write_atomic(&p, &old).unwrap();
        // Below the size asked for, and a missing file or a folder: nothing.
        release_cached_pages_early(&p, 4 << 20);
        release_cached_pages_early(&dir.path().join("missing"), 0);
        release_cached_pages_early(dir.path(), 0);
        release_cached_pages_early(&p, 1 << 20);
        // The release runs on its own thread: the file reads the same at
        // any point of it, and is then replaced as usual.
        assert!(fs::read(&p).unwrap() == old);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(fs::read(&p).unwrap() == old);
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failure_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: rename fails.
        let p = dir.path().join("x");
        fs::create_dir(&p).unwrap();
        fs::write(p.join("keep"), b"").unwrap();
        let err = write_atomic(&p, b"data").unwrap_err().to_string();
        assert!(err.contains(&p.display().to_string()), "{err}");
    }

    /// The temporary name used to be `.<name>.<pid>.tmp`, opened with
    /// `File::create`: a link planted there sent the output into any file the
    /// user could write. Plant links at that name (this process's id) and at
    /// a spread of other guesses: none may be followed.
    #[cfg(unix)]
    #[test]
    fn planted_symlink_at_a_guessable_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let pid = std::process::id();
        for guess in [format!("{pid}"), "0".into(), "tmp".into()] {
            std::os::unix::fs::symlink(&victim, out.join(format!(".areas.csv.{guess}.tmp")))
                .unwrap();
        }
        write_atomic(&out.join("areas.csv"), b"new").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(fs::read(out.join("areas.csv")).unwrap(), b"new");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_is_written_into_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("out.json");
        let c = std::ffi::CString::new(pipe.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo reads the NUL-terminated path and keeps no pointer.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || fs::read(pipe).unwrap())
        };
        write_atomic(&pipe, b"{}\n").unwrap();
        assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), b"{}\n");
        // Nothing left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporary_names_differ_between_calls() {
        let dir = tempfile::tempdir().unwrap();
        let (a, _fa) = create_temporary(dir.path(), "x").unwrap();
        let (b, _fb) = create_temporary(dir.path(), "x").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.parent(), Some(dir.path()));
    }
}
