//! Paths into the YAML tree, and finding their line and column in the source text.
//!
//! serde_yaml reports positions only for syntax and shape errors. The validator
//! works on deserialized values, so it names a [`YamlPath`] instead; this module
//! walks the source text by indentation to turn that path into a line and column.
//! It understands block mappings, block sequences and keys inside one-line flow
//! mappings, which is what spec files use; where it cannot follow a path it
//! returns the deepest position it reached, so errors still point close by.

use std::fmt;

/// One step into the YAML tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// The sequence item whose `id`/`type`/`value`/`name` is this value.
    Item(String),
    /// The n-th (0-based) sequence element.
    Index(usize),
}

/// A path such as `lanes.c2a.areas.customers.endpoints[C2A-01-02].errors[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn root(key: &str) -> Self {
        YamlPath(vec![Seg::Key(key.to_owned())])
    }
    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_owned()))
    }
    pub fn item(&self, id: &str) -> Self {
        self.with(Seg::Item(id.to_owned()))
    }
    pub fn index(&self, i: usize) -> Self {
        self.with(Seg::Index(i))
    }
    fn with(&self, seg: Seg) -> Self {
        let mut v = self.0.clone();
        v.push(seg);
        YamlPath(v)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Item(id) => write!(f, "[{id}]")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A source line seen as (indentation, content, 0-based line number).
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
    number: usize,
}

/// Finds the 1-based (line, column) of `path` in `source`, as close as it can.
pub fn locate(source: &str, path: &YamlPath) -> Option<(usize, usize)> {
    let lines: Vec<Line> = source
        .lines()
        .enumerate()
        .filter_map(|(number, raw)| {
            let text = raw.trim_start();
            if text.is_empty() || text.starts_with('#') || text == "---" {
                return None;
            }
            Some(Line {
                indent: raw.len() - text.len(),
                text,
                number,
            })
        })
        .collect();
    let mut block: Vec<Line> = lines;
    let mut best = None;
    let mut last: Option<Line> = None;
    for seg in &path.0 {
        let child_indent = block.first().map(|l| l.indent);
        match seg {
            Seg::Key(key) => {
                let found = block
                    .iter()
                    .position(|l| Some(l.indent) == child_indent && key_of(l.text) == Some(key));
                if let Some(i) = found {
                    best = Some((block[i].number + 1, block[i].indent + 1));
                    last = Some(block[i]);
                    block = children(&block, i);
                    continue;
                }
                // Perhaps a key inside a one-line flow mapping: `{ in: path, type: X }`.
                let needle = format!("{key}:");
                let flow = last.iter().chain(block.iter()).find_map(|l| {
                    l.text
                        .match_indices(&needle)
                        .find(|(pos, _)| l.text[..*pos].trim_end().ends_with(['{', ',']))
                        .map(|(pos, _)| (l.number + 1, l.indent + pos + 1))
                });
                if flow.is_some() {
                    best = flow;
                }
                break;
            }
            Seg::Index(_) | Seg::Item(_) => {
                let items: Vec<usize> = (0..block.len())
                    .filter(|&i| {
                        Some(block[i].indent) == child_indent && block[i].text.starts_with('-')
                    })
                    .collect();
                let chosen = match seg {
                    Seg::Index(n) => items.get(*n).copied(),
                    Seg::Item(id) => items.iter().copied().find(|&i| item_has_id(&block, i, id)),
                    Seg::Key(_) => None,
                };
                let Some(i) = chosen else {
                    // Perhaps an element of a one-line flow sequence: `[a, b, c]`.
                    if let (Seg::Index(n), Some(line)) = (seg, last) {
                        if let Some(col) = flow_element(line.text, *n) {
                            best = Some((line.number + 1, line.indent + col + 1));
                        }
                    }
                    break;
                };
                best = Some((block[i].number + 1, block[i].indent + 1));
                last = Some(block[i]);
                block = item_block(&block, i);
            }
        }
    }
    best
}

/// The 0-based column of the `n`-th element of the first `[…]` on a line
/// (elements may be quoted; nested brackets and braces are skipped over).
fn flow_element(text: &str, n: usize) -> Option<usize> {
    let open = text.find('[')?;
    let (mut index, mut depth, mut start) = (0, 0, None);
    for (pos, c) in text.char_indices().skip_while(|(p, _)| *p <= open) {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' if depth == 0 => return None,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                index += 1;
                start = None;
                continue;
            }
            _ => {}
        }
        if start.is_none() && !c.is_whitespace() {
            start = Some(pos);
            if index == n {
                return start;
            }
        }
    }
    None
}

/// The key of a `key: value` or `key:` line (quotes removed).
fn key_of(text: &str) -> Option<&str> {
    let text = text.strip_prefix("- ").unwrap_or(text);
    let colon = text.find(':')?;
    let key = text[..colon].trim();
    Some(key.trim_matches(|c| c == '"' || c == '\''))
}

/// The lines nested under line `i` (strictly deeper indentation).
fn children<'a>(block: &[Line<'a>], i: usize) -> Vec<Line<'a>> {
    let indent = block[i].indent;
    block[i + 1..]
        .iter()
        .take_while(|l| l.indent > indent)
        .copied()
        .collect()
}

/// The lines of the sequence item starting at line `i`, with the dash line seen
/// as a mapping line two columns deeper, so its keys line up with the rest.
fn item_block<'a>(block: &[Line<'a>], i: usize) -> Vec<Line<'a>> {
    let dash = block[i];
    let rest = dash.text[1..].trim_start();
    let mut out = Vec::new();
    if !rest.is_empty() {
        out.push(Line {
            indent: dash.indent + (dash.text.len() - rest.len()),
            text: rest,
            number: dash.number,
        });
    }
    out.extend(children(block, i));
    out
}

fn item_has_id(block: &[Line], i: usize, id: &str) -> bool {
    item_block(block, i).iter().any(|l| declares(l.text, id))
}

/// Whether a line says `id: <id>` (or `type:`, `value:`, `name:`), in block or flow
/// style, with the value ending right after `id` (so `C2A-01-0` ≠ `C2A-01-05`).
fn declares(text: &str, id: &str) -> bool {
    ["id", "type", "value", "name"].iter().any(|k| {
        let pat = format!("{k}: ");
        text.match_indices(&pat).any(|(pos, m)| {
            let before = text[..pos].trim_end();
            let rest = text[pos + m.len()..].trim_start_matches(['"', '\'']);
            (before.is_empty() || before.ends_with(['{', ',']))
                && rest.strip_prefix(id).is_some_and(|after| {
                    after.is_empty() || after.starts_with([',', '}', ' ', '"', '\''])
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
lanes:
  c2a:
    areas:
      customers:
        endpoints:
          - id: C2A-01-01
            name: validate
          - id: C2A-01-02
            params:
              customerUrn: { in: path, type: CustomerUrn }
            errors: [A, B]
";

    #[test]
    fn finds_keys_items_and_flow_keys() {
        let p = YamlPath::root("lanes")
            .key("c2a")
            .key("areas")
            .key("customers")
            .key("endpoints");
        assert_eq!(locate(SRC, &p), Some((5, 9)));
        assert_eq!(locate(SRC, &p.item("C2A-01-02")), Some((8, 11)));
        assert_eq!(locate(SRC, &p.item("C2A-01-01").key("name")), Some((7, 13)));
        let flow = p
            .item("C2A-01-02")
            .key("params")
            .key("customerUrn")
            .key("type");
        assert_eq!(locate(SRC, &flow), Some((10, 40)));
        assert_eq!(locate(SRC, &p.index(1).key("errors")), Some((11, 13)));
    }

    #[test]
    fn finds_elements_of_flow_sequences() {
        let src = "lanes:\n  c2a:\n    auth: [key, kee]\n    errors: [\"A\", { x: [1, 2] }, C]\n";
        let lane = YamlPath::root("lanes").key("c2a");
        assert_eq!(locate(src, &lane.key("auth").index(1)), Some((3, 17)));
        assert_eq!(locate(src, &lane.key("errors").index(2)), Some((4, 34)));
        assert_eq!(locate(src, &lane.key("errors").index(5)), Some((4, 5)));
    }

    #[test]
    fn prefix_ids_do_not_match_longer_ids() {
        let p = YamlPath::root("lanes")
            .key("c2a")
            .key("areas")
            .key("customers")
            .key("endpoints")
            .item("C2A-01-0");
        assert_eq!(locate(SRC, &p), Some((5, 9)));
    }

    #[test]
    fn displays_like_a_path() {
        let p = YamlPath::root("lanes")
            .key("c2a")
            .item("C2A-01-02")
            .key("errors")
            .index(1);
        assert_eq!(p.to_string(), "lanes.c2a[C2A-01-02].errors[1]");
    }
}
