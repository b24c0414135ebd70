//! Writing output files atomically: write to a temporary file in the same
//! folder, then rename it over the target. An interrupted run leaves either the
//! old file or the new one, never half of one. (No fsync per file: a report run
//! writes hundreds of files, and rename atomicity is what protects against an
//! interrupted process; ext4 and other journalling filesystems also flush data
//! before a replacing rename.)

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn failure_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: rename fails.
        let p = dir.path().join("x");
        fs::create_dir(&p).unwrap();
        fs::write(p.join("keep"), b"").unwrap();
        let err = write_atomic(&p, b"data").unwrap_err().to_string();
        assert!(err.contains(&p.display().to_string()), "{err}");
    }
}
