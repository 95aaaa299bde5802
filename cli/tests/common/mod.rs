//! What the tests that talk HTTP share: `collectssl mock` on a free
//! loopback port, killed when its test ends, passing or failing; the
//! `collectssl` binary run with a clean environment; temporary
//! directories.
//!
//! Everything stays on 127.0.0.1, and every run of a program is bounded in
//! time (the mock has a watchdog, each call a timeout).

// Each test file uses its own part of this module.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead as _, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// The endpoint's path on the mock.
pub const PATH: &str = "/products/download/CollectSSL";

/// Settings that would send loopback traffic elsewhere, or give the
/// binary credentials the test did not choose.
const CLEARED_VARIABLES: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "COLLECTSSL_LOGIN_NAME",
    "COLLECTSSL_LOGIN_PASSWORD",
];

/// The binary under test.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_collectssl"))
}

/// A `collectssl` command with none of the variables above set.
pub fn collectssl() -> Command {
    let mut command = Command::new(binary());
    command.stdin(Stdio::null());
    for variable in CLEARED_VARIABLES {
        command.env_remove(variable);
    }
    command
}

/// Runs `command` and checks what every run must satisfy: no panic.
pub fn output(command: &mut Command) -> Output {
    let out = command.output().expect("collectssl runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{command:?}: {stderr}");
    out
}

/// A path in the checkout (the workspace's root, one up from `cli/`).
pub fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

pub fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A path as an argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// A fresh directory under the system's temporary one, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(what: &str) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "collectssl-cli-test-{}-{what}-{n}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The names of the files in it, sorted.
    pub fn names(&self) -> Vec<String> {
        names(&self.0)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The names of the files in `dir`, sorted (none if it does not exist).
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A running `collectssl mock`, killed (and reaped) on drop, also when a
/// test fails.
pub struct Mock {
    child: Child,
    /// The endpoint, as the mock printed it.
    pub url: String,
    log: PathBuf,
    _dir: TempDir,
}

impl Mock {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the mock on a free loopback port (port 0: the system picks
    /// it, and the mock prints its URL) and waits until it accepts
    /// connections.
    pub fn start_with(args: &[&str]) -> Self {
        let dir = TempDir::new("mock");
        let log = dir.join("mock.log");
        let mut child = collectssl()
            // A watchdog, should this test process die without dropping it.
            .args(["mock", "--listen", "127.0.0.1:0", "--stop-after", "600"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&log).expect("the mock's log file"))
            .spawn()
            .expect("the mock starts");
        let stdout = child.stdout.take().expect("the mock's stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        // Owned from here, so that a failed start still kills it.
        let mut mock = Self {
            child,
            url: String::new(),
            log,
            _dir: dir,
        };
        let line = receiver
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_default();
        mock.url = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the mock did not say where it listens: {line:?}"))
            .to_owned();
        assert!(mock.url.ends_with(PATH), "{}", mock.url);
        let addr = mock.addr().to_owned();
        let listening = (0..100).any(|_| {
            TcpStream::connect(&addr).is_ok() || {
                std::thread::sleep(Duration::from_millis(20));
                false
            }
        });
        assert!(listening, "the mock does not accept connections at {addr}");
        mock
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix(PATH))
            .expect("the mock's address")
    }

    /// The mock's log so far: one line a request.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// How many requests it has answered.
    pub fn requests(&self) -> usize {
        self.log().lines().filter(|l| l.contains(" -> ")).count()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let log = self.log();
        // A panic in the mock is a failure of whatever test ran it.
        if !std::thread::panicking() {
            assert!(!log.contains("panicked"), "the mock panicked:\n{log}");
        }
    }
}

/// A loopback port nothing listens on: bound, then released.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}
