//! One side of the overhead comparison alone, for a profiler: instruction
//! counts are repeatable on a loaded machine where wall-clock ratios are not.
//!
//! ```sh
//! valgrind --tool=callgrind --toggle-collect='*measured_calls*' \
//!     target/release/deps/overhead-* --only generated 2000
//! ```
//!
//! counts the client thread's instructions inside [`measured_calls`] only:
//! the calls, the runtime's driver and reqwest's connection task (they run
//! on the same current-thread runtime), not the warm-up and not the server,
//! which has its own thread.

use crate::{baseline_call, count, request, serve, PATH};
use azotte_client::auth::TenantApiKey;
use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_runtime::ClientConfig;

/// A side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `c2a::Client::store_customer`.
    Generated,
    /// [`baseline_call`].
    Baseline,
}

impl std::str::FromStr for Which {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "generated" => Ok(Which::Generated),
            "baseline" => Ok(Which::Baseline),
            other => Err(format!(
                "`{other}`: expected `generated` or `baseline` after --only"
            )),
        }
    }
}

/// What [`profile_side`] measured, per call.
#[derive(Debug, Clone, Copy)]
pub struct PerCall {
    pub allocations: f64,
    pub allocated_bytes: f64,
    /// The size of one call's future (before it is first polled).
    pub future_bytes: usize,
}

/// `calls` sequential calls of one side against [`serve`], after 200
/// warm-up calls, the measured ones inside [`measured_calls`]. The same
/// clients, request and runtime as [`run_overhead`](crate::run_overhead).
pub fn profile_side(which: Which, calls: usize) -> Result<PerCall, String> {
    let addr = serve();
    let base = format!("http://{addr}");
    let url = format!("{base}{PATH}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let config = ClientConfig::new(base).http_client(http.clone());
    let client = c2a::Client::with_config(config, TenantApiKey::new(crate::API_KEY, crate::TENANT))
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let req = request();
    let one = || async {
        match which {
            Which::Generated => client
                .store_customer(&req)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Which::Baseline => baseline_call(&http, &url, &req).await.map(|_| ()),
        }
    };
    runtime.block_on(async {
        for _ in 0..200 {
            one().await?;
        }
        Ok::<_, String>(())
    })?;
    // Every `await` of a call moves its future at least once.
    let future_bytes = match which {
        Which::Generated => std::mem::size_of_val(&client.store_customer(&req)),
        Which::Baseline => std::mem::size_of_val(&baseline_call(&http, &url, &req)),
    };
    let (result, allocations, bytes) = count(|| measured_calls(&runtime, calls, &one));
    result?;
    let n = calls.max(1) as f64;
    Ok(PerCall {
        allocations: allocations as f64 / n,
        allocated_bytes: bytes as f64 / n,
        future_bytes,
    })
}

/// Runs `calls` calls of `one`, one after the other. Not inlined: its name
/// is what a profiler's filter selects (the warm-up does not run through it).
#[inline(never)]
pub fn measured_calls<F, Fut>(
    runtime: &tokio::runtime::Runtime,
    calls: usize,
    one: &F,
) -> Result<(), String>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    runtime.block_on(async {
        for _ in 0..calls {
            one().await?;
        }
        Ok(())
    })
}
