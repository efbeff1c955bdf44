//! Writes the metrics file so node_exporter never reads half of it: a
//! temporary file in the same folder (a rename is atomic only within one
//! file system), synced, then renamed over the old one. The temporary name
//! does not end in `.prom`, so the collector never reads it.

use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the metrics file {path} has no folder and name")]
    NoFolder { path: String },
    #[error("the metrics file could not be written in {folder}: {reason}")]
    Write { folder: String, reason: String },
}

/// Replaces `path` with `text`, readable by everyone (node_exporter runs as
/// its own user); the file says nothing secret.
pub fn write(path: &Path, text: &str) -> Result<(), Error> {
    let (folder, name) = match (path.parent(), path.file_name()) {
        (Some(folder), Some(name)) => (folder, name),
        _ => {
            return Err(Error::NoFolder {
                path: path.display().to_string(),
            })
        }
    };
    let mut temporary = name.to_os_string();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = folder.join(temporary);
    let failed = |e: std::io::Error| Error::Write {
        folder: folder.display().to_string(),
        reason: e.to_string(),
    };
    let written = write_new(&temporary, text).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(e));
    }
    Ok(())
}

fn write_new(temporary: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o644);
        let mut file = options.open(temporary)?;
        // The umask may have taken bits away; node_exporter must read it.
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }
    #[cfg(not(unix))]
    {
        let mut file = options.open(temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roomstart.prom");
        write(&path, "a 1\n").unwrap();
        write(&path, "b 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b 2\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["roomstart.prom"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_everyone_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roomstart.prom");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(&path, "new 1\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("roomstart.prom");
        let err = write(&path, "x 1\n").unwrap_err();
        assert!(err.to_string().contains("gone"), "{err}");
        assert!(!dir.path().join("gone").exists());
    }
}
