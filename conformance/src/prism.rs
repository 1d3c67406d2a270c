//! One Prism mock server (`prism mock -d --seed S`) for one document, on a
//! free port of 127.0.0.1, stopped when dropped (also when the driver fails).

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to parse a document and listen (it loads
/// json-schema-faker and resolves every `$ref` first).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running Prism; `url` is its root, the API root the clients are given.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

impl Prism {
    /// Starts `prism` on `document` in dynamic mode with `seed`, its output
    /// going to `log`, and waits until it accepts connections.
    pub fn start(prism: &Path, document: &Path, seed: &str, log: &Path) -> Result<Prism, String> {
        // Ask the OS for a free port, then hand it to Prism: another process
        // could take it in between, which the start check below reports.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port on 127.0.0.1: {e}"))?
            .port();
        let out = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let mut child = Command::new(prism)
            .args(["mock", "--dynamic", "--seed", seed, "--host", "127.0.0.1"])
            .args(["--port", &port.to_string()])
            .arg(document)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", prism.display()))?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "prism exited ({status}) before listening on {addr}; see {}",
                    log.display()
                ));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(Prism {
                    child,
                    url: format!("http://{addr}"),
                });
            }
            if started.elapsed() > START_TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "prism did not listen on {addr} within {START_TIMEOUT:?}; see {}",
                    log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
