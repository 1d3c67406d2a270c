//! A nesting limit checked before parsing, in one pass over the text.
//!
//! libyaml (under serde_yaml) takes time quadratic in nesting depth (100,000
//! nested `[` take 40 s to parse) before serde_yaml's own recursion limit (128)
//! refuses the document, so a runaway paste or an unclosed bracket would stall
//! `cargo xtask codegen` and `generate!`. The spec format needs about ten
//! levels (`lanes.<lane>.areas.<area>.endpoints[i].params.<name>.type` is the
//! deepest key); [`MAX_NESTING`] allows six times that and refuses more at the
//! first place the text goes deeper, with its line and column.

/// Deepest nesting of mappings and sequences (block and flow together) a spec
/// file may have.
pub(crate) const MAX_NESTING: usize = 64;

/// Where the text first nests deeper than [`MAX_NESTING`]: 1-based line and column.
///
/// It reads the text as YAML's scanner would, approximately and on the safe
/// side: block levels from indentation (and `- ` items), flow levels from
/// `[`/`{` outside quoted scalars, comments and block scalars (`|`, `>`),
/// whose lines are skipped.
pub(crate) fn too_deep(text: &str) -> Option<(usize, usize)> {
    deeper_than(text, MAX_NESTING)
}

/// Where `text` first nests deeper than `max` levels.
fn deeper_than(text: &str, max: usize) -> Option<(usize, usize)> {
    let mut blocks: Vec<usize> = Vec::new(); // indentation of each open block level
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    let mut block_scalar_parent: Option<usize> = None;
    for (number, raw) in text.lines().enumerate() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let content = &raw[indent..];
        if let Some(parent) = block_scalar_parent {
            if content.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar_parent = None;
        }
        let mut column = indent;
        let mut at_scalar_start = true;
        if quote.is_none() && flow == 0 {
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            while blocks.last().is_some_and(|&top| top >= indent) {
                blocks.pop();
            }
            blocks.push(indent);
            // `- - x`: each dash opens a sequence level of its own.
            let mut rest = content;
            while let Some(after) = rest.strip_prefix("- ") {
                column += 2;
                blocks.push(column);
                rest = after.trim_start_matches(' ');
            }
            if blocks.len() > max {
                return Some((number + 1, indent + 1));
            }
        }
        let chars: Vec<(usize, char)> = raw.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (pos, c) = chars[k];
            k += 1;
            if pos < indent {
                continue;
            }
            match quote {
                Some('"') => match c {
                    '\\' => k += 1,
                    '"' => quote = None,
                    _ => {}
                },
                Some(_) => {
                    if c == '\'' {
                        if chars.get(k).is_some_and(|&(_, n)| n == '\'') {
                            k += 1;
                        } else {
                            quote = None;
                        }
                    }
                }
                None => {
                    let next = chars.get(k).map(|&(_, n)| n);
                    let spaced = next.is_none_or(char::is_whitespace);
                    match c {
                        '#' if pos == indent || raw[..pos].ends_with([' ', '\t']) => break,
                        '"' | '\'' if at_scalar_start => quote = Some(c),
                        '[' | '{' if at_scalar_start || flow > 0 => {
                            flow += 1;
                            if blocks.len() + flow > max {
                                return Some((number + 1, pos + 1));
                            }
                            at_scalar_start = true;
                            continue;
                        }
                        ']' | '}' if flow > 0 => flow -= 1,
                        ',' if flow > 0 => {
                            at_scalar_start = true;
                            continue;
                        }
                        '|' | '>' if at_scalar_start && flow == 0 => {
                            block_scalar_parent = Some(indent);
                            break;
                        }
                        ':' | '-' | '?' if spaced => {
                            at_scalar_start = true;
                            continue;
                        }
                        c if c.is_whitespace() => continue,
                        _ => {}
                    }
                    at_scalar_start = false;
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_flow(depth: usize) -> String {
        format!("a: {}1{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn counts_flow_and_block_levels() {
        assert_eq!(too_deep(&nested_flow(MAX_NESTING - 1)), None);
        assert_eq!(
            too_deep(&nested_flow(MAX_NESTING)),
            Some((1, 4 + MAX_NESTING - 1))
        );
        let block: String = (0..=MAX_NESTING)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert_eq!(too_deep(&block), Some((MAX_NESTING + 1, MAX_NESTING + 1)));
        let dashes = format!("a:\n  {}x\n", "- ".repeat(MAX_NESTING));
        assert!(too_deep(&dashes).is_some());
    }

    #[test]
    fn brackets_in_text_comments_and_block_scalars_do_not_count() {
        let deep = "[".repeat(3 * MAX_NESTING);
        for text in [
            format!("a: \"{deep}\"\n"),
            format!("a: '{deep}'\n"),
            format!("a: x{deep}\n"),
            format!("a: 1 # {deep}\n"),
            format!("a: |\n  {deep}\n   {deep}\nb: 1\n"),
            format!("a: \"multi\n  line {deep}\"\nb: [1]\n"),
            format!("a: 'it''s {deep}'\n"),
            format!("doc: it's {deep}\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn the_real_specs_are_far_from_the_limit() {
        for api in ["azotte", "automatum"] {
            for source in crate::read_dir(&crate::api_dir(api)).unwrap() {
                assert_eq!(deeper_than(&source.text, 12), None, "{api}/{}", source.name);
            }
        }
    }
}
