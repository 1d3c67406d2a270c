//! The generic part of the driver: pairs the document's operations with the
//! driver's entries (one hand-written call per endpoint), sends each call for
//! every documented status, and tallies the verdicts.

use crate::check::{judge, Observed, Verdict};
use crate::document::Operation;
use azotte_runtime::futures::future::BoxFuture;

/// One endpoint's call through the typed client, given the API's clients.
pub struct Entry<C> {
    /// The spec endpoint id (e.g. `C2A-01-02`).
    pub endpoint: &'static str,
    /// Sends the call and reduces its outcome.
    pub call: for<'a> fn(&'a C) -> BoxFuture<'a, Observed>,
}

/// The clients of one API, able to ask the mock for a given answer.
pub trait Clients: Sized {
    /// The same clients, each call sending `Prefer: code=<status>` (Prism
    /// then answers with that documented response).
    fn prefer(&self, status: u16) -> Self;
}

/// An entry's call: `call!(|c| c.lane.method(&request))` awaits the typed
/// call (its request built inside, so the future owns it) and reduces the
/// outcome with the generic [`observe`](crate::check::observe).
macro_rules! call {
    (|$c:ident| $call:expr) => {
        |$c| ::std::boxed::Box::pin(async move { $crate::check::observe($call.await) })
    };
}
pub(crate) use call;

/// Counts and the first failures.
#[derive(Debug, Default)]
pub struct Tally {
    /// Operations driven.
    pub operations: usize,
    /// Calls sent.
    pub calls: usize,
    /// Calls that decoded into the typed response.
    pub successes: usize,
    /// Calls that became the documented typed error.
    pub typed_errors: usize,
    /// Calls (or operations without an entry) that did not end as documented.
    pub failures: usize,
    /// The failures described (operation, status, what happened); only the
    /// first few of one operation and status, so a systematic mismatch does
    /// not bury the others.
    pub report: Vec<String>,
}

impl Tally {
    fn fail(&mut self, line: String) {
        self.failures += 1;
        self.report.push(line);
    }
}

/// How many failures of one operation and status are reported in full.
const REPORTED_PER_STATUS: usize = 3;

/// Drives every operation `calls` times per documented status. An operation
/// without an entry, or an entry without an operation, is a failure.
pub async fn drive<C: Clients>(
    operations: &[Operation],
    entries: &[Entry<C>],
    clients: &C,
    calls: u32,
    tally: &mut Tally,
) {
    for entry in entries {
        if !operations.iter().any(|op| op.endpoint_id == entry.endpoint) {
            tally.fail(format!(
                "{}: the driver has an entry but the document no operation",
                entry.endpoint
            ));
        }
    }
    for op in operations {
        let Some(entry) = entries.iter().find(|e| e.endpoint == op.endpoint_id) else {
            tally.fail(format!(
                "{} ({}, {}): the document has it, the driver has no entry",
                op.operation_id, op.endpoint_id, op.route
            ));
            continue;
        };
        tally.operations += 1;
        for expect in &op.expects {
            let preferring = clients.prefer(expect.status());
            let mut failed = 0;
            for attempt in 1..=calls {
                tally.calls += 1;
                let observed = (entry.call)(&preferring).await;
                match judge(expect, &observed) {
                    Ok(Verdict::Success) => tally.successes += 1,
                    Ok(Verdict::TypedError) => tally.typed_errors += 1,
                    Err(why) if failed < REPORTED_PER_STATUS => {
                        failed += 1;
                        tally.fail(format!(
                            "{} ({}) Prefer code={} call {attempt}: {why}",
                            op.operation_id,
                            op.route,
                            expect.status()
                        ));
                    }
                    Err(_) => tally.failures += 1,
                }
            }
        }
    }
}
