//! `cargo bench -p azotte-bench --bench overhead [-- CALLS ROUNDS IN_FLIGHT]`:
//! generated client calls versus the hand-written baseline on 127.0.0.1
//! (see `azotte_bench::run_overhead` and BENCHMARKS.md). Prints a markdown table.
//!
//! `-- --only generated|baseline CALLS`: that side's calls alone, for a
//! profiler (`azotte_bench::profile`); prints allocations and bytes per call.

#[global_allocator]
static ALLOC: azotte_bench::Counting = azotte_bench::Counting;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--only") {
        let which = args.get(i + 1).map(|s| s.parse());
        let calls = args
            .get(i + 2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(2_000);
        let result = match which {
            Some(Ok(which)) => {
                azotte_bench::profile::profile_side(which, calls).map(|p| (which, p))
            }
            Some(Err(e)) => Err(e),
            None => Err("--only needs `generated` or `baseline`".to_owned()),
        };
        match result {
            Ok((which, p)) => println!(
                "{which:?}: {calls} calls, {:.1} allocations and {:.0} bytes per call, a {}-byte call future",
                p.allocations, p.allocated_bytes, p.future_bytes
            ),
            Err(e) => {
                eprintln!("overhead bench failed: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    // `cargo bench` passes `--bench`; numbers are ours.
    let nums: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let calls = nums.first().copied().unwrap_or(2_000);
    let rounds = nums.get(1).copied().unwrap_or(5);
    let in_flight = nums.get(2).copied().unwrap_or(16);
    let o = match azotte_bench::run_overhead(calls, rounds, in_flight) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("overhead bench failed: {e}");
            std::process::exit(1);
        }
    };
    let (g, b) = (&o.generated, &o.baseline);
    let us = |d: std::time::Duration| d.as_secs_f64() * 1e6;
    println!("{} sequential calls per side ({rounds} alternating rounds of {calls}), then {rounds} alternating rounds of {calls} with {} in flight", o.calls, o.in_flight);
    println!();
    println!("| figure | generated client | hand-written baseline | generated / baseline |");
    println!("|---|---:|---:|---:|");
    println!(
        "| throughput, sequential (calls/s) | {:.0} | {:.0} | {:.3} |",
        g.throughput,
        b.throughput,
        g.throughput / b.throughput
    );
    println!(
        "| throughput, {} in flight (calls/s) | {:.0} | {:.0} | {:.3} |",
        o.in_flight,
        o.concurrent_generated,
        o.concurrent_baseline,
        o.concurrent_generated / o.concurrent_baseline
    );
    println!(
        "| latency p50 (µs) | {:.1} | {:.1} | {:.3} |",
        us(g.p50),
        us(b.p50),
        us(g.p50) / us(b.p50)
    );
    println!(
        "| latency p99 (µs) | {:.1} | {:.1} | {:.3} |",
        us(g.p99),
        us(b.p99),
        us(g.p99) / us(b.p99)
    );
    println!(
        "| latency mean (µs) | {:.1} | {:.1} | {:.3} |",
        us(g.mean),
        us(b.mean),
        us(g.mean) / us(b.mean)
    );
    println!(
        "| allocations per call (client thread) | {:.1} | {:.1} | {:.3} |",
        g.allocations,
        b.allocations,
        g.allocations / b.allocations.max(1e-9)
    );
    println!(
        "| bytes allocated per call | {:.0} | {:.0} | {:.3} |",
        g.allocated_bytes,
        b.allocated_bytes,
        g.allocated_bytes / b.allocated_bytes.max(1e-9)
    );
}
