//! `cargo xtask codegen`'s path: the bytes of [`Generated::files`](crate::Generated::files),
//! on every core.
//!
//! The crate is cut into units — a small module, an outbound lane's head, a
//! run of its areas, a run of the `types` items — weighed by what they hold
//! and dealt to one thread per core, heaviest first, each to the least loaded
//! thread. Token streams are not `Send`, so each thread generates its own
//! units' tokens, formats them and hands back text, which is joined in module
//! order. A module cut into runs formats to the same bytes as a whole one:
//! prettyplease lays out each top-level item on its own, with nothing between
//! them (tested against the single-threaded path in `xtask/tests/bench_smoke.rs`).
//! Small units also keep memory down: a run's tokens are dropped once formatted.

use crate::render::{self, File};
use crate::{lanes, meta, parts, reach, tokens, types, Gates, Meta, Part};
use azotte_spec::model::{Direction, Lane};
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::quote;
use std::ops::Range;

/// Roughly how many output lines make one unit worth handing to a thread.
const UNIT_WEIGHT: usize = 4_000;

/// A piece of one module.
enum Piece {
    Whole,
    LaneHead,
    Areas(Range<usize>),
    Types(Range<usize>),
}

struct Unit {
    /// Index into [`parts`].
    part: usize,
    piece: Piece,
    /// Estimated output lines.
    weight: usize,
}

/// `generate(spec).files(header)`, the same bytes, on every core.
pub fn files(spec: &Spec, header: &str) -> Result<Vec<File>, String> {
    let gates = Gates::new(spec);
    let documents = &spec.api.documents;
    let wires = reach::wires(spec);
    let parts = parts(spec);
    let metas: Vec<Meta> = parts.iter().map(|p| meta(spec, *p)).collect();
    let units = units(spec, &parts);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(units.len())
        .max(1);
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&u| std::cmp::Reverse(units[u].weight));
    let mut loads = vec![0usize; threads];
    let mut dealt: Vec<Vec<usize>> = vec![Vec::new(); threads];
    for u in order {
        let t = (0..threads).min_by_key(|&t| loads[t]).unwrap_or(0);
        loads[t] += units[u].weight;
        dealt[t].push(u);
    }
    let render_all = |mine: &[usize]| -> Result<Vec<(usize, String)>, String> {
        mine.iter()
            .map(|&u| {
                let unit = &units[u];
                let meta = &metas[unit.part];
                // A module's inner attributes open its first unit (units are in output order).
                let first = u == 0 || units[u - 1].part != unit.part;
                let attrs = if first {
                    render::module_attrs(&render::with_example(&meta.doc, meta.example.as_deref()))
                } else {
                    TokenStream::new()
                };
                let body = piece_tokens(spec, &wires, parts[unit.part], &unit.piece);
                render::format(&meta.name, quote!(#attrs #body), &gates, documents)
                    .map(|text| (u, text))
            })
            .collect()
    };
    let done: Vec<Result<Vec<(usize, String)>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = dealt[1..]
            .iter()
            .map(|mine| s.spawn(|| render_all(mine)))
            .collect();
        let mut done = vec![render_all(&dealt[0])];
        for h in handles {
            done.push(
                h.join()
                    .unwrap_or_else(|_| Err("a generation thread panicked".to_owned())),
            );
        }
        done
    });
    let mut texts: Vec<String> = vec![String::new(); units.len()];
    for batch in done {
        for (u, text) in batch? {
            texts[u] = text;
        }
    }
    let mut contents: Vec<String> = vec![header.to_owned(); parts.len()];
    for (unit, text) in units.iter().zip(&texts) {
        contents[unit.part].push_str(text);
    }
    let listed: Vec<String> = metas.iter().map(|m| m.name.clone()).collect();
    let mut out = vec![render::lib_file(
        &listed,
        &crate::crate_doc(spec, &gates),
        &crate::root(),
        header,
        &gates,
        documents,
    )?];
    for (meta, contents) in metas.iter().zip(contents) {
        out.push(File {
            path: format!("src/{}.rs", meta.name),
            contents,
        });
    }
    Ok(out)
}

fn piece_tokens(spec: &Spec, wires: &[reach::Wire], part: Part, piece: &Piece) -> TokenStream {
    match (piece, part) {
        (Piece::LaneHead, Part::Lane(i)) => lanes::lane_head(spec, &spec.lanes[i]),
        (Piece::Areas(r), Part::Lane(i)) => lanes::lane_areas(spec, &spec.lanes[i], r.clone()),
        (Piece::Types(r), _) => types::types_items(spec, wires, r.clone()),
        _ => tokens(spec, part),
    }
}

/// The units, in output order.
fn units(spec: &Spec, parts: &[Part]) -> Vec<Unit> {
    let mut units = Vec::new();
    for (p, part) in parts.iter().enumerate() {
        match part {
            Part::Types => {
                let weights = spec.types.iter().map(type_weight);
                for (range, weight) in runs(weights) {
                    units.push(Unit {
                        part: p,
                        piece: Piece::Types(range),
                        weight,
                    });
                }
            }
            Part::Lane(i) if spec.lanes[*i].direction == Direction::Outbound => {
                let lane: &Lane = &spec.lanes[*i];
                units.push(Unit {
                    part: p,
                    piece: Piece::LaneHead,
                    weight: 60,
                });
                let weights = lane.areas.iter().map(|a| {
                    a.endpoints
                        .iter()
                        .map(|e| 30 + e.path_params.len() + e.query_params.len())
                        .sum::<usize>()
                });
                for (range, weight) in runs(weights) {
                    units.push(Unit {
                        part: p,
                        piece: Piece::Areas(range),
                        weight,
                    });
                }
            }
            _ => units.push(Unit {
                part: p,
                piece: Piece::Whole,
                weight: 100,
            }),
        }
    }
    units
}

/// Estimated output lines of one type.
fn type_weight(t: &azotte_spec::model::TypeDef) -> usize {
    use azotte_spec::model::TypeKind;
    match &t.kind {
        TypeKind::Object { fields } => 5 + fields.len() + fields.len() / 3,
        TypeKind::Enum { values, .. } => 5 + 2 * values.len(),
        TypeKind::Sort { fields } => 12 + 3 * fields.len(),
        TypeKind::Newtype { .. } => 6,
    }
}

/// Consecutive runs of items of about [`UNIT_WEIGHT`] each (at least one run,
/// possibly empty, so that every module has a unit).
fn runs(weights: impl Iterator<Item = usize>) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let (mut start, mut sum, mut end) = (0, 0, 0);
    for (i, w) in weights.enumerate() {
        sum += w;
        end = i + 1;
        if sum >= UNIT_WEIGHT {
            out.push((start..end, sum));
            (start, sum) = (end, 0);
        }
    }
    if start < end || out.is_empty() {
        out.push((start..end, sum));
    }
    out
}
