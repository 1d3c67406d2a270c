//! Paths into the YAML tree, and finding their line and column in the source text.
//!
//! serde_yaml reports positions only for syntax and shape errors. The validator
//! works on deserialized values, so it names a [`YamlPath`] instead; this module
//! walks the source text by indentation to turn that path into a line and column.
//! It understands block mappings, block sequences and keys inside one-line flow
//! mappings, which is what spec files use; where it cannot follow a path it
//! returns the deepest position it reached, so errors still point close by.

use std::cell::RefCell;
use std::collections::HashMap;
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
    /// The top-level key `key` (`lanes`).
    pub fn root(key: &str) -> Self {
        YamlPath(vec![Seg::Key(key.to_owned())])
    }
    /// This path, then the mapping key `key`.
    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_owned()))
    }
    /// This path, then the sequence item whose `id`/`type`/`value`/`name` is `id`.
    pub fn item(&self, id: &str) -> Self {
        self.with(Seg::Item(id.to_owned()))
    }
    /// This path, then the `i`-th (0-based) sequence element.
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

/// A run of lines the walk is inside: a mapping's or item's children, as a
/// range of [`Index::lines`], plus, for a sequence item, the rest of its dash
/// line (`- id: X` seen as `id: X` two columns deeper).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Block {
    head: Option<usize>,
    start: usize,
    end: usize,
}

/// What one block holds, found once and then looked up: its keys, its
/// sequence items, and the ids (`id`/`type`/`value`/`name` values) each item
/// declares anywhere inside it.
#[derive(Default)]
struct Members {
    keys: HashMap<String, Pos>,
    items: Vec<Pos>,
    ids: HashMap<String, usize>,
}

/// A line of a block: the virtual head line, or an index into the lines.
#[derive(Clone, Copy)]
enum Pos {
    Head,
    At(usize),
}

/// One file's lines, indexed once so that each [`Index::locate`] costs the
/// length of the path (hash lookups), not a pass over the file: a spec with
/// 10,000 errors is located in one pass plus 10,000 lookups.
pub struct Index<'a> {
    /// Every line of the source, blank and comment lines included.
    source_lines: Vec<&'a str>,
    lines: Vec<Line<'a>>,
    /// `subtree_end[i]`: the first line after `i` that is not nested under it.
    subtree_end: Vec<usize>,
    members: RefCell<HashMap<Block, Members>>,
}

impl<'a> Index<'a> {
    /// Splits `source` into significant lines and finds each one's subtree (one pass).
    pub fn new(source: &'a str) -> Self {
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
        // A stack of open lines: each line closes those at its indentation or deeper.
        let mut subtree_end = vec![lines.len(); lines.len()];
        let mut open: Vec<usize> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            while let Some(&top) = open.last() {
                if lines[top].indent < line.indent {
                    break;
                }
                subtree_end[top] = i;
                open.pop();
            }
            open.push(i);
        }
        Index {
            source_lines: source.lines().collect(),
            lines,
            subtree_end,
            members: RefCell::new(HashMap::new()),
        }
    }

    fn line(&self, block: &Block, pos: Pos) -> Line<'a> {
        match (pos, block.head) {
            (Pos::At(i), _) => self.lines[i],
            (Pos::Head, Some(dash)) => {
                let dash = self.lines[dash];
                let rest = dash.text[1..].trim_start();
                Line {
                    indent: dash.indent + (dash.text.len() - rest.len()),
                    text: rest,
                    number: dash.number,
                }
            }
            (Pos::Head, None) => self.lines[block.start],
        }
    }

    /// The lines of a block in order (head first), for the rare linear searches.
    fn block_lines(&self, block: &Block) -> impl Iterator<Item = Line<'a>> + '_ {
        let head = block.head.map(|_| self.line(block, Pos::Head));
        head.into_iter()
            .chain(self.lines[block.start..block.end].iter().copied())
    }

    /// The children of line `i` (strictly deeper lines after it).
    fn children(&self, i: usize) -> Block {
        Block {
            head: None,
            start: i + 1,
            end: self.subtree_end[i],
        }
    }

    /// The block of the sequence item whose dash is line `i`.
    fn item_block(&self, i: usize) -> Block {
        let rest = self.lines[i].text[1..].trim_start();
        Block {
            head: (!rest.is_empty()).then_some(i),
            start: i + 1,
            end: self.subtree_end[i],
        }
    }

    /// The indentation of a block's direct children.
    fn child_indent(&self, block: &Block) -> Option<usize> {
        match block.head {
            Some(_) => Some(self.line(block, Pos::Head).indent),
            None => (block.start < block.end).then(|| self.lines[block.start].indent),
        }
    }

    /// Runs `f` on the members of `block`, finding them on first use: its
    /// direct children are visited by jumping over their subtrees, and item
    /// ids are read from each item's lines once.
    fn with_members<T>(&self, block: &Block, f: impl FnOnce(&Members) -> T) -> T {
        if let Some(members) = self.members.borrow().get(block) {
            return f(members);
        }
        let mut members = Members::default();
        let indent = self.child_indent(block);
        let mut direct: Vec<Pos> = Vec::new();
        if block.head.is_some() {
            direct.push(Pos::Head);
        }
        let mut i = block.start;
        while i < block.end {
            if Some(self.lines[i].indent) == indent {
                direct.push(Pos::At(i));
                i = self.subtree_end[i].max(i + 1);
            } else {
                i += 1;
            }
        }
        for pos in direct {
            let line = self.line(block, pos);
            if let Some(key) = key_of(line.text) {
                members.keys.entry(key.to_owned()).or_insert(pos);
            }
            if let (Pos::At(i), true) = (pos, line.text.starts_with('-')) {
                let item = members.items.len();
                members.items.push(pos);
                for l in self.block_lines(&self.item_block(i)) {
                    for id in declared_ids(l.text) {
                        members.ids.entry(id.to_owned()).or_insert(item);
                    }
                }
            }
        }
        let out = f(&members);
        self.members.borrow_mut().insert(*block, members);
        out
    }

    /// The 1-based (line, column) of the value of the key `path` ends in, when
    /// it is written on the key's line (`http: 4040`, `{ in: pth }`); else
    /// where [`Index::locate`] puts the key. Errors about a value put their
    /// caret here.
    pub fn locate_value(&self, path: &YamlPath) -> Option<(usize, usize)> {
        let (line, column) = self.locate(path)?;
        // The last key, or the one before it: a short form such as
        // `customerUrn: strin` stands for `customerUrn: { type: strin }`, and
        // the path names the `type` that is not written.
        let mut keys = path.0.iter().rev().take(2).filter_map(|seg| match seg {
            Seg::Key(key) => Some(key),
            _ => None,
        });
        let value = keys.find_map(|key| {
            let text = self.source_lines.get(line - 1)?;
            let rest = text.get(column - 1..)?;
            let after_key = rest
                .strip_prefix(key.as_str())
                .or_else(|| {
                    rest.strip_prefix('"')?
                        .strip_prefix(key.as_str())?
                        .strip_prefix('"')
                })
                .or_else(|| {
                    rest.strip_prefix('\'')?
                        .strip_prefix(key.as_str())?
                        .strip_prefix('\'')
                })?;
            let after_colon = after_key.trim_start_matches(' ').strip_prefix(':')?;
            let value = after_colon.trim_start_matches([' ', '\t']);
            if value.is_empty() || value.starts_with('#') {
                return None;
            }
            Some((line, text.len() - value.len() + 1))
        });
        value.or(Some((line, column)))
    }

    /// The 1-based (line, column) of `path`, as close as it can get; the
    /// empty path (the document itself) is its first line of content.
    pub fn locate(&self, path: &YamlPath) -> Option<(usize, usize)> {
        if path.0.is_empty() {
            return self.lines.first().map(|l| (l.number + 1, l.indent + 1));
        }
        let mut block = Block {
            head: None,
            start: 0,
            end: self.lines.len(),
        };
        let mut best = None;
        let mut last: Option<Line> = None;
        for seg in &path.0 {
            match seg {
                Seg::Key(key) => {
                    let found = self.with_members(&block, |m| m.keys.get(key.as_str()).copied());
                    if let Some(pos) = found {
                        let line = self.line(&block, pos);
                        best = Some((line.number + 1, line.indent + 1));
                        last = Some(line);
                        block = match pos {
                            Pos::At(i) => self.children(i),
                            // Keys on an item's dash line have their children after it.
                            Pos::Head => Block {
                                head: None,
                                start: block.start,
                                end: block.start
                                    + self.lines[block.start..block.end]
                                        .iter()
                                        .take_while(|l| l.indent > line.indent)
                                        .count(),
                            },
                        };
                        continue;
                    }
                    // Perhaps a key inside a one-line flow mapping: `{ in: path, type: X }`.
                    let needle = format!("{key}:");
                    let flow = last
                        .into_iter()
                        .chain(self.block_lines(&block))
                        .find_map(|l| {
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
                    let chosen = self.with_members(&block, |m| match seg {
                        Seg::Index(n) => m.items.get(*n).copied(),
                        Seg::Item(id) => m.ids.get(id.as_str()).map(|&k| m.items[k]),
                        Seg::Key(_) => None,
                    });
                    let chosen = chosen.or_else(|| match seg {
                        // An id the quick table does not hold (e.g. one with a space).
                        Seg::Item(id) => self.find_item_slowly(&block, id),
                        _ => None,
                    });
                    let Some(Pos::At(i)) = chosen else {
                        // Perhaps an element of a one-line flow sequence: `[a, b, c]`.
                        if let (Seg::Index(n), Some(line)) = (seg, last) {
                            if let Some(col) = flow_element(line.text, *n) {
                                best = Some((line.number + 1, line.indent + col + 1));
                            }
                        }
                        break;
                    };
                    let line = self.lines[i];
                    best = Some((line.number + 1, line.indent + 1));
                    last = Some(line);
                    block = self.item_block(i);
                }
            }
        }
        best
    }

    /// The item of `block` declaring `id`, by reading every item (the way the
    /// table is built, with [`declares`]'s exact matching).
    fn find_item_slowly(&self, block: &Block, id: &str) -> Option<Pos> {
        let items: Vec<Pos> = self.with_members(block, |m| m.items.clone());
        items.into_iter().find(|pos| match pos {
            Pos::At(i) => self
                .block_lines(&self.item_block(*i))
                .any(|l| declares(l.text, id)),
            Pos::Head => false,
        })
    }
}

/// Finds the 1-based (line, column) of `path` in `source`, as close as it can.
/// Indexes the whole file first: to locate many paths in one file, build one
/// [`Index`] and ask it each time.
pub fn locate(source: &str, path: &YamlPath) -> Option<(usize, usize)> {
    Index::new(source).locate(path)
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

/// The ids a line declares (`id: X`, `type: X`, `value: X`, `name: X`, in
/// block or flow style): each value up to the first `,`, `}`, space or quote,
/// which is exactly the `X` for which [`declares`] holds.
fn declared_ids(text: &str) -> impl Iterator<Item = &str> {
    ["id", "type", "value", "name"]
        .into_iter()
        .flat_map(move |k| {
            let pat = format!("{k}: ");
            text.match_indices(&pat)
                .filter(|(pos, _)| {
                    let before = text[..*pos].trim_end();
                    before.is_empty() || before.ends_with(['{', ','])
                })
                .map(|(pos, m)| {
                    let rest = text[pos + m.len()..].trim_start_matches(['"', '\'']);
                    let end = rest.find([',', '}', ' ', '"', '\'']).unwrap_or(rest.len());
                    &rest[..end]
                })
                .collect::<Vec<_>>()
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
        assert_eq!(Index::new(SRC).locate(&p), Some((5, 9)));
        assert_eq!(Index::new(SRC).locate(&p.item("C2A-01-02")), Some((8, 11)));
        assert_eq!(
            Index::new(SRC).locate(&p.item("C2A-01-01").key("name")),
            Some((7, 13))
        );
        let flow = p
            .item("C2A-01-02")
            .key("params")
            .key("customerUrn")
            .key("type");
        assert_eq!(Index::new(SRC).locate(&flow), Some((10, 40)));
        assert_eq!(
            Index::new(SRC).locate(&p.index(1).key("errors")),
            Some((11, 13))
        );
    }

    #[test]
    fn finds_elements_of_flow_sequences() {
        let src = "lanes:\n  c2a:\n    auth: [key, kee]\n    errors: [\"A\", { x: [1, 2] }, C]\n";
        let lane = YamlPath::root("lanes").key("c2a");
        assert_eq!(
            Index::new(src).locate(&lane.key("auth").index(1)),
            Some((3, 17))
        );
        assert_eq!(
            Index::new(src).locate(&lane.key("errors").index(2)),
            Some((4, 34))
        );
        assert_eq!(
            Index::new(src).locate(&lane.key("errors").index(5)),
            Some((4, 5))
        );
    }

    #[test]
    fn prefix_ids_do_not_match_longer_ids() {
        let p = YamlPath::root("lanes")
            .key("c2a")
            .key("areas")
            .key("customers")
            .key("endpoints")
            .item("C2A-01-0");
        assert_eq!(Index::new(SRC).locate(&p), Some((5, 9)));
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
