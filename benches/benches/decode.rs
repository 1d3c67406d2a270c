//! `cargo bench -p azotte-bench --bench decode`: decoding the same response
//! bytes with hand-written serde structs versus the generated types (straight,
//! and through the runtime's own decoder, `decode_response`), and a whole generated call over
//! `MockTransport` (no network). Allocation counts are printed first.

use azotte_bench::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

#[global_allocator]
static ALLOC: Counting = Counting;

fn decode(c: &mut Criterion) {
    let body = response_body();
    let mock = MockCall::new();
    for (name, allocs) in [
        ("handwritten", count(|| decode_handwritten(&body)).1),
        (
            "generated_direct",
            count(|| decode_generated_direct(&body)).1,
        ),
        ("runtime_decoder", count(|| decode_runtime(&body)).1),
        ("generated_call_over_mock", count(|| mock.call()).1),
    ] {
        println!("allocations per decode, {name}: {allocs}");
    }
    let mut g = c.benchmark_group("envelope_decode");
    g.bench_function("handwritten", |b| {
        b.iter(|| decode_handwritten(black_box(&body)))
    });
    g.bench_function("generated_direct", |b| {
        b.iter(|| decode_generated_direct(black_box(&body)))
    });
    g.bench_function("runtime_decoder", |b| {
        b.iter(|| decode_runtime(black_box(&body)))
    });
    g.finish();
    c.bench_function("generated_call_over_mock", |b| b.iter(|| mock.call()));
}

criterion_group!(benches, decode);
criterion_main!(benches);
