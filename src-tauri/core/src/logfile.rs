//! A log file that rotates by size: `roomstart.log`, then `.1` … `.N`, each
//! at most `max_bytes`. Room computers run for months; the logs must not grow.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct RotatingLog {
    inner: Arc<Mutex<Inner>>,
}

struct Inner {
    path: PathBuf,
    file: File,
    written: u64,
    max_bytes: u64,
    keep: usize,
}

impl RotatingLog {
    pub fn open(dir: &Path, max_bytes: u64, keep: usize) -> io::Result<RotatingLog> {
        fs::create_dir_all(dir)?;
        let path = dir.join("roomstart.log");
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        let written = file.metadata()?.len();
        Ok(RotatingLog {
            inner: Arc::new(Mutex::new(Inner {
                path,
                file,
                written,
                max_bytes,
                keep,
            })),
        })
    }
}

impl Inner {
    fn rotate(&mut self) -> io::Result<()> {
        let numbered = |n: usize| PathBuf::from(format!("{}.{n}", self.path.display()));
        let _ = fs::remove_file(numbered(self.keep));
        for n in (1..self.keep).rev() {
            let _ = fs::rename(numbered(n), numbered(n + 1));
        }
        fs::rename(&self.path, numbered(1))?;
        self.file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingLog {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.written + buf.len() as u64 > inner.max_bytes && inner.written > 0 {
            inner.rotate()?;
        }
        let n = inner.file.write(buf)?;
        inner.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .file
            .flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_and_keeps_a_bounded_number_of_files() {
        let dir = std::env::temp_dir().join(format!("roomstart-logtest-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut log = RotatingLog::open(&dir, 100, 3).unwrap();
        for i in 0..50 {
            writeln!(log, "line {i:02} of the log, padded to thirty").unwrap();
        }
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "roomstart.log",
                "roomstart.log.1",
                "roomstart.log.2",
                "roomstart.log.3"
            ]
        );
        for name in &names {
            assert!(fs::metadata(dir.join(name)).unwrap().len() <= 100, "{name}");
        }
        assert!(fs::read_to_string(dir.join("roomstart.log"))
            .unwrap()
            .contains("line 49"));
        // Closed first: Windows (Wine, at least) will not remove a folder
        // while a file in it is open.
        drop(log);
        fs::remove_dir_all(&dir).unwrap();
    }
}
