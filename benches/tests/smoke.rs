//! The benchmarks run one tiny iteration, so they cannot rot (the measuring
//! runs are `cargo bench -p azotte-bench`, not part of `cargo test`).

use azotte_bench::*;

#[test]
fn every_decoder_reads_the_same_customer() {
    let body = response_body();
    let hand = decode_handwritten(&body).expect("hand-written");
    let direct = decode_generated_direct(&body).expect("generated, straight");
    let runtime = decode_runtime(&body).expect("generated, through the runtime's decoder");
    let call = MockCall::new().call().expect("a call over the mock");
    assert_eq!(direct, runtime);
    assert_eq!(runtime, call);
    assert_eq!(hand.customer_urn, call.customer_urn.as_str());
    assert_eq!(hand.updated_at, call.updated_at);
}

#[test]
fn the_overhead_bench_runs_one_call_per_side() {
    let o = run_overhead(1, 1, 2).expect("both sides answer");
    assert_eq!(o.calls, 1);
    assert!(o.generated.throughput > 0.0 && o.baseline.throughput > 0.0);
}
