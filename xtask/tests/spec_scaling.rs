//! Loading and validating stay linear and never panic (issue 15): 100,000
//! nesting levels of every kind are refused with one located error, 10,000
//! errors are all reported and each is located. Behaviour only; the timings
//! are `cargo xtask bench spec` (BENCHMARKS.md).

use xtask::bench_spec::{duplicate_codes, load_timed, Nesting};

/// Test threads have a 2 MiB stack: any recursion per nesting level would
/// overflow it long before 100,000 levels.
#[test]
fn hundred_thousand_nesting_levels_are_refused_located() {
    for kind in Nesting::ALL {
        let (_, result) = load_timed(&kind.spec(100_000));
        let errors = result.err().unwrap_or_else(|| panic!("{kind:?} accepted"));
        assert_eq!(errors.len(), 1, "{kind:?}: {errors}");
        let e = errors.iter().next().unwrap();
        assert_eq!(e.file, "spec.yaml");
        // The value of `types.T.fields.a` starts on line 5 (block sequences: on line 6).
        let line = if kind == Nesting::Dashes { 6 } else { 5 };
        assert_eq!(e.line, Some(line), "{kind:?}: {e}");
        assert!(e.column.is_some(), "{kind:?}: {e}");
        let limit = if kind == Nesting::TypeReference {
            "more than 32 levels deep"
        } else {
            "more than 64 levels deep"
        };
        assert!(e.message.contains(limit), "{kind:?}: {e}");
        // The quoted line is cut around the column, not 100,000 levels wide.
        assert!(
            e.excerpt.len() < 1_000,
            "{kind:?}: {} bytes",
            e.excerpt.len()
        );
    }
}

#[test]
fn nesting_the_format_can_need_is_accepted() {
    // 32 levels of `list<…>`, the limit, resolve; 33 do not.
    let spec = |depth: usize| Nesting::TypeReference.spec(depth);
    let (_, ok) = load_timed(&spec(32));
    assert!(ok.is_ok(), "{}", ok.err().unwrap());
    let (_, refused) = load_timed(&spec(33));
    assert!(refused.is_err());
}

#[test]
fn ten_thousand_errors_are_all_reported_each_located() {
    let (_, result) = load_timed(&duplicate_codes(10_000));
    let Err(errors) = result else {
        panic!("the spec was accepted")
    };
    let twice: Vec<_> = errors
        .iter()
        .filter(|e| {
            e.message
                .starts_with("error code `A` is listed twice (first at ")
        })
        .collect();
    assert_eq!(twice.len(), 10_000, "{} errors in all", errors.len());
    // Endpoint i is on line 12 + i; the caret is on its `errors: [A, A]`.
    let text = duplicate_codes(10_000);
    let lines: Vec<&str> = text.lines().collect();
    for (i, e) in twice.iter().enumerate() {
        assert_eq!(e.line, Some(12 + i), "{e}");
        let list = lines[11 + i].find("errors: [A, A]").unwrap() + 1;
        let col = e.column.expect("a column");
        assert!((list..list + 14).contains(&col), "{e}");
        assert!(e.excerpt.contains(&format!("id: E-{i},")), "{e}");
    }
}
