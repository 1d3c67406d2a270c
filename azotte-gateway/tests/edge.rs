//! Slow and idle clients against real sockets on 127.0.0.1 (issue 16,
//! item 3), with the timeouts set to 200 ms: a half-sent head is closed
//! after the header timeout, a stalled body is answered 408 and closed, a
//! connection where nothing moves is closed after the idle timeout, N+1
//! idle connections under a limit of N still let a new client in, and a
//! non-loopback `--bind` needs `--allow-remote`.

mod support;

use azotte_gateway::{Config, Gateway, StartError};
use std::time::{Duration, Instant};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHORT: Duration = Duration::from_millis(200);

fn quick() -> Config {
    Config {
        header_timeout: SHORT,
        body_timeout: SHORT,
        idle_timeout: SHORT,
        ..config()
    }
}

/// Reads until the server closes; (bytes read, time to the close).
async fn until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut seen = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut seen)).await;
    assert!(read.is_ok(), "the gateway kept the connection open for 5 s");
    (
        String::from_utf8_lossy(&seen).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_half_sent_head_is_closed_after_the_header_timeout() {
    let gw = start_with(Config {
        idle_timeout: Duration::from_secs(30),
        ..quick()
    })
    .await;
    let mut s = TcpStream::connect(gw.addr()).await.unwrap();
    s.write_all(b"GET /_gateway/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let (answer, after) = until_closed(&mut s).await;
    assert!(after < Duration::from_secs(2), "closed after {after:?}");
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_closed() {
    let gw = start_with(Config {
        header_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(30),
        ..quick()
    })
    .await;
    let mut s = TcpStream::connect(gw.addr()).await.unwrap();
    s.write_all(
        b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 100\r\n\r\ngrant_type",
    )
    .await
    .unwrap();
    let (answer, after) = until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body timeout"), "{answer}");
    assert!(after < Duration::from_secs(2), "answered after {after:?}");
}

#[tokio::test]
async fn a_connection_where_nothing_moves_is_closed_after_the_idle_timeout() {
    // The header timeout is long: only the idle timeout can close it.
    let gw = start_with(Config {
        header_timeout: Duration::from_secs(30),
        ..quick()
    })
    .await;
    let mut s = TcpStream::connect(gw.addr()).await.unwrap();
    let (answer, after) = until_closed(&mut s).await;
    assert_eq!(answer, "");
    assert!(after < Duration::from_secs(2), "closed after {after:?}");
}

#[tokio::test]
async fn idle_connections_past_the_limit_do_not_starve_a_new_client() {
    let gw = start_with(Config {
        max_connections: 4,
        ..quick()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..5 {
        idle.push(TcpStream::connect(gw.addr()).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let open = gw.stats()["connections"]["open"].as_u64().unwrap();
    assert!(open <= 4, "{open} connections served with a limit of 4");
    let started = Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(5),
        http()
            .get(format!("{}/_gateway/stats", gw.base_url()))
            .send(),
    )
    .await
    .expect("the new client is served within 5 s")
    .unwrap();
    assert_eq!(answer.status(), 200);
    let stats: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(stats["connections"]["limit"], 4);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(100),
        "served after {waited:?}: no wait for a slot"
    );
    for mut s in idle {
        let (_, after) = until_closed(&mut s).await;
        assert!(after < Duration::from_secs(2));
    }
}

#[tokio::test]
async fn a_keep_alive_connection_serves_several_requests() {
    let gw = start_with(quick()).await;
    let mut s = TcpStream::connect(gw.addr()).await.unwrap();
    for _ in 0..3 {
        s.write_all(b"GET /_gateway/stats HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = vec![0u8; 4096];
        let n = s.read(&mut buf).await.unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        tokio::time::sleep(Duration::from_millis(50)).await; // under the timeouts
    }
}

#[tokio::test]
async fn a_non_loopback_bind_needs_allow_remote() {
    let refused = Gateway::start(Config {
        bind: "0.0.0.0".parse().unwrap(),
        ..config()
    })
    .await
    .unwrap_err();
    let StartError::Config(why) = refused else {
        panic!("{refused}")
    };
    assert!(why.contains("--allow-remote"), "{why}");
    let gw = Gateway::start(Config {
        bind: "0.0.0.0".parse().unwrap(),
        allow_remote: true,
        ..config()
    })
    .await
    .expect("allowed explicitly");
    assert!(gw.addr().ip().is_unspecified());
}

#[test]
fn the_binary_refuses_bind_0_0_0_0_without_allow_remote_and_warns_with_it() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let out = Command::new(env!("CARGO_BIN_EXE_azotte-gateway"))
        .args(["--port", "0", "--bind", "0.0.0.0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-remote"), "{err}");
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_azotte-gateway"))
            .args([
                "--port",
                "0",
                "--bind",
                "0.0.0.0",
                "--allow-remote",
                "--quiet",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    // Reads the first stdout line and keeps draining the rest (support).
    assert!(child.base_url().starts_with("http://0.0.0.0:"));
    let stderr = BufReader::new(child.0.stderr.take().unwrap());
    let warning = stderr
        .lines()
        .map_while(Result::ok)
        .find(|l| l.contains("WARNING"))
        .expect("a warning line");
    assert!(warning.contains("no TLS"), "{warning}");
}
