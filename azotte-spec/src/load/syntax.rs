//! YAML syntax errors in the words of the format, each at the place to fix.
//!
//! serde_yaml gives some errors no position (an alias bomb, a second
//! document) and puts a duplicate key at the start of its mapping; libyaml's
//! messages about tabs and about `: ` inside a plain value do not say what to
//! do. This module finds the position in the text itself and adds the fix.

use crate::error::SpecError;
use serde::Deserialize;

/// Turns serde_yaml's message (`path: what at line L column C`) into a [`SpecError`].
pub(super) fn yaml_error(file: &str, text: &str, e: &serde_yaml::Error) -> SpecError {
    let mut message = e.to_string();
    let mut position = e.location().map(|l| (l.line(), l.column()));
    if let Some((line, column)) = position {
        let suffix = format!(" at line {line} column {column}");
        if let Some(pos) = message.find(&suffix) {
            message.replace_range(pos..pos + suffix.len(), "");
        }
    }
    // serde_yaml prefixes the YAML path as `a.b[0].c: message`.
    let (mut path, mut message) = match message.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (p.to_owned(), m.to_owned()),
        _ => (String::new(), message),
    };
    let mut help = "fix the YAML syntax at this position".to_owned();
    let lines: Vec<&str> = text.lines().collect();
    if message == "repetition limit exceeded" {
        position = first_alias(&lines);
        message = "the aliases here expand to too many values (repetition limit exceeded)".into();
        help = "an alias (`*name`) repeats what its anchor (`&name`) holds, and aliases of aliases multiply; the spec format needs none: write the values out".into();
    } else if message.contains("more than one document") {
        position = second_document(&lines);
        message = "a second YAML document starts here; a spec file holds one".into();
        let marker = position
            .and_then(|(l, _)| lines.get(l - 1))
            .is_some_and(|l| l.starts_with(['-', '.', '%']));
        help = if marker {
            "remove this line to merge the two into one document, or move what follows it into a file of its own"
        } else {
            "the first document ended before this line: start the file's sections at column 1, and close any quote or bracket opened above"
        }
        .into();
    } else if let Some(key) = message.strip_prefix("duplicate entry with key ") {
        let key = key.trim_matches('`');
        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .unwrap_or(key);
        let key = key.replace("\\\"", "\"").replace("\\\\", "\\");
        if let Some(((l1, c1), second)) = position.and_then(|p| duplicate(&lines, p, &key)) {
            position = Some(second);
            path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            message = format!("duplicate key `{key}` (first at line {l1} column {c1})");
        } else {
            message = format!("duplicate key `{key}` in this mapping");
        }
        help = "each key may appear once in a mapping: remove one, or merge the two".into();
    } else if let Some(tab) = position.and_then(|p| tab_near(&lines, p, &message)) {
        position = Some(tab);
        help = format!(
            "YAML forbids tabs for indentation: replace the tab at line {} column {} with spaces",
            tab.0, tab.1
        );
    } else if message.starts_with("mapping values are not allowed") {
        help = match position.and_then(|(l, _)| quoted_fix(lines.get(l - 1)?)) {
            Some(fixed) => format!("a plain value cannot contain `: ` (it would start a mapping); quote the value: `{}`", fixed.trim_start()),
            None => "a plain value cannot contain `: ` (it would start a mapping); quote the value, or fix the indentation if this was meant as a key".into(),
        };
    }
    let err = SpecError::new(file, path, message, help);
    match position {
        Some((line, column)) => err.at(line, column),
        None => err,
    }
}

/// The first alias use (`*name`), 1-based: where an alias bomb starts expanding.
fn first_alias(lines: &[&str]) -> Option<(usize, usize)> {
    lines.iter().enumerate().find_map(|(n, line)| {
        let bytes = line.as_bytes();
        (0..bytes.len())
            .find(|&i| {
                bytes[i] == b'*'
                    && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b'\t'))
                    && bytes
                        .get(i + 1)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            })
            .map(|i| (n + 1, line[..i].chars().count() + 1))
    })
}

/// The `---` (or the content after a `...`, or a `%` directive) that starts
/// a second document, 1-based; without one, the first line indented less
/// than the first content line (an indented first line ends its document
/// there); failing that, the line where a prefix of the file first holds two
/// documents, found by bisection (a few parses, on this error path only).
fn second_document(lines: &[&str]) -> Option<(usize, usize)> {
    marked_document(lines)
        .or_else(|| dedented_document(lines))
        .or_else(|| bisect_document(lines))
}

/// Whether the first `k` lines already hold two documents (or the start of a second).
fn two_documents(lines: &[&str], k: usize) -> bool {
    let prefix = lines[..k].join("\n");
    let mut documents = 0;
    for doc in serde_yaml::Deserializer::from_str(&prefix).take(2) {
        // Reading a document is what finds where the next one starts.
        let _ = serde_yaml::Value::deserialize(doc);
        documents += 1;
    }
    documents >= 2
}

fn bisect_document(lines: &[&str]) -> Option<(usize, usize)> {
    let (mut low, mut high) = (1, lines.len());
    if !two_documents(lines, high) {
        return None;
    }
    while low < high {
        let mid = (low + high) / 2;
        if two_documents(lines, mid) {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    let line = lines[high - 1];
    Some((high, line.len() - line.trim_start().len() + 1))
}

fn dedented_document(lines: &[&str]) -> Option<(usize, usize)> {
    {
        let mut content = lines.iter().enumerate().filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        });
        let indent = |l: &str| l.len() - l.trim_start().len();
        let (_, first) = content.next()?;
        let first = indent(first);
        content
            .find(|(_, l)| indent(l) < first)
            .map(|(n, l)| (n + 1, indent(l) + 1))
    }
}

/// The `---` or `...` marker that starts a second document, 1-based.
fn marked_document(lines: &[&str]) -> Option<(usize, usize)> {
    let mut content = false;
    let mut ended = false;
    for (n, line) in lines.iter().enumerate() {
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        if marker("---") {
            if content || ended {
                return Some((n + 1, 1));
            }
            content = true; // the first document's explicit start
            continue;
        }
        if marker("...") {
            ended = true;
            continue;
        }
        if line.starts_with('%') && content {
            return Some((n + 1, 1)); // a directive belongs to the next document
        }
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') || line.starts_with('%') {
            continue;
        }
        if ended {
            return Some((n + 1, 1));
        }
        content = true;
    }
    None
}

/// Where `key` is written the first and the second time in the mapping that
/// starts at `start` (serde_yaml's position for a duplicate key), 1-based.
fn duplicate(
    lines: &[&str],
    start: (usize, usize),
    key: &str,
) -> Option<((usize, usize), (usize, usize))> {
    let (line, column) = start;
    let first_line = lines.get(line.checked_sub(1)?)?;
    let mut found = Vec::new();
    if first_line.chars().nth(column.checked_sub(1)?) == Some('{') {
        // A flow mapping: keys follow `{` or `,` at depth one.
        let (mut depth, mut quote) = (0usize, None);
        for (n, text) in lines.iter().enumerate().skip(line - 1) {
            let skip = if n == line - 1 { column - 1 } else { 0 };
            for (i, c) in text.char_indices().skip(skip) {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '{' | '[') => depth += 1,
                    (None, '}' | ']') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                if depth == 1 && quote.is_none() && matches!(c, '{' | ',') {
                    let rest = &text[i + 1..];
                    let trimmed = rest.trim_start();
                    if flow_key(trimmed) == Some(key) {
                        let at = i + 1 + rest.len() - trimmed.len();
                        found.push((n + 1, text[..at].chars().count() + 1));
                    }
                }
            }
            if depth == 0 && n >= line - 1 {
                break;
            }
        }
    } else {
        let indent = column - 1;
        for (n, text) in lines.iter().enumerate().skip(line - 1) {
            let own = text.len() - text.trim_start_matches(' ').len();
            let content = text.trim();
            if n > line - 1 && (content.is_empty() || content.starts_with('#') || own > indent) {
                continue;
            }
            if n > line - 1 && own < indent {
                break;
            }
            if text.get(indent..).and_then(flow_key) == Some(key) {
                found.push((n + 1, column));
            }
        }
    }
    match found[..] {
        [first, second, ..] => Some((first, second)),
        _ => None,
    }
}

/// The key of `key: …` (quotes removed), when the text starts with one.
fn flow_key(text: &str) -> Option<&str> {
    let (key, _) = text.split_once(':')?;
    let key = key.trim_end();
    Some(
        key.strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
            .unwrap_or(key),
    )
}

/// The tab to blame for an error at `(line, column)`: one in the line's
/// indentation, or any on the line when libyaml's message names a tab.
fn tab_near(lines: &[&str], (line, _): (usize, usize), message: &str) -> Option<(usize, usize)> {
    let text = lines.get(line.checked_sub(1)?)?;
    let indent = &text[..text.len() - text.trim_start().len()];
    let at = indent
        .find('\t')
        .or_else(|| message.contains("tab").then(|| text.find('\t')).flatten())?;
    Some((line, text[..at].chars().count() + 1))
}

/// `key: "value: with colon"` for a line `key: value: with colon`.
fn quoted_fix(line: &str) -> Option<String> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let (dash, body) = match body.strip_prefix("- ") {
        Some(rest) => ("- ", rest),
        None => ("", body),
    };
    let (key, value) = body.split_once(": ")?;
    let value = value.trim();
    if !value.contains(": ") || key.contains([' ', '"', '\'', '{', '[']) {
        return None;
    }
    let value = value.split_once(" #").map_or(value, |(v, _)| v).trim_end();
    let quoted = if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    };
    Some(format!("{indent}{dash}{key}: {quoted}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_second_document() {
        assert_eq!(
            second_document(&["---", "a: 1", "---", "b: 2"]),
            Some((3, 1))
        );
        assert_eq!(second_document(&["# c", "---", "a: 1"]), None);
        assert_eq!(second_document(&["a: 1", "...", "b: 2"]), Some((3, 1)));
        assert_eq!(second_document(&["# c", "  - x", "a: 1"]), Some((3, 1)));
    }

    #[test]
    fn finds_duplicates_in_block_and_flow_mappings() {
        let block = ["a:", "  x: 1", "  y:", "    x: 2", "  x: 3"];
        assert_eq!(duplicate(&block, (2, 3), "x"), Some(((2, 3), (5, 3))));
        let flow = ["a: { x: 1, y: { x: 2 }, \"x\": 3 }"];
        assert_eq!(duplicate(&flow, (1, 4), "x"), Some(((1, 6), (1, 25))));
    }

    #[test]
    fn quotes_a_value_with_a_colon() {
        assert_eq!(
            quoted_fix("  - summary: Get: it # c").as_deref(),
            Some("  - summary: \"Get: it\"")
        );
        assert_eq!(quoted_fix("a: b").as_deref(), None);
    }
}
