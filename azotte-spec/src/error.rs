//! Spec errors: what is wrong, where, and how to fix it.
//!
//! Every problem the loader or validator finds becomes one [`SpecError`]; they
//! are collected into [`SpecErrors`] so a broken spec reports everything at once.

use std::fmt;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file, relative to the spec directory (or the name given to inline YAML).
    pub file: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// Where in the YAML tree, e.g. `lanes.c2a.areas.customers.endpoints[C2A-01-02].errors[1]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The YAML line the error is on, with a caret under its column, as
    /// printed after the message (empty when the text or line is unknown).
    pub excerpt: String,
}

impl SpecError {
    /// An error in `file` at YAML path `path` (`""` when it has none), not yet located.
    pub fn new(
        file: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        SpecError {
            file: file.into(),
            line: None,
            column: None,
            path: path.into(),
            message: message.into(),
            help: help.into(),
            excerpt: String::new(),
        }
    }

    /// The same error at 1-based `line` and `column`.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Quotes the line of `lines` (the file's lines) the error is on, with
    /// a caret under its column, the way rustc quotes source. A YAML syntax
    /// error also names where the construct it could not finish began
    /// (`… while parsing a flow mapping at line 18 column 16`): that line is
    /// shown too, since the mistake is usually there.
    pub(crate) fn quote(&mut self, lines: &[&str]) {
        let Some(line) = self.line else {
            return;
        };
        let mut marks = vec![(line, self.column)];
        if let Some((l, c)) = context_position(&self.message) {
            if l < line {
                marks.insert(0, (l, Some(c)));
            }
        }
        let width = line.to_string().len();
        let gutter = " ".repeat(width);
        let mut out = String::new();
        for (line, column) in marks {
            let Some(source) = lines.get(line.saturating_sub(1)) else {
                continue;
            };
            if source.trim().is_empty() {
                continue;
            }
            if out.is_empty() {
                out.push_str(&format!("\n  {gutter} |"));
            }
            // A very long line (a runaway paste, a minified value) is shown
            // around the column only, so the message stays readable.
            let (shown, column) = window(source.trim_end(), column);
            out.push_str(&format!("\n  {line:>width$} | {shown}"));
            if let Some(column) = column {
                let pad: String = shown
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("\n  {gutter} | {pad}^"));
            }
        }
        self.excerpt = out;
    }

    /// `file:line:column`, or `file` alone when the position is unknown.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}{}", self.location(), self.message, self.excerpt)?;
        if !self.path.is_empty() {
            write!(f, "\n  at: {}", self.path)?;
        }
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// At most [`WINDOW`] characters of `line` around the 1-based `column` (with
/// `…` where it was cut), and the column within what is shown.
fn window(line: &str, column: Option<usize>) -> (String, Option<usize>) {
    let count = line.chars().count();
    if count <= WINDOW {
        return (line.to_owned(), column);
    }
    let at = column.unwrap_or(1).saturating_sub(1).min(count);
    let start = at.saturating_sub(WINDOW / 2);
    let end = (start + WINDOW).min(count);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut col = column.map(|c| c - start);
    if start > 0 {
        shown.insert(0, '…');
        col = col.map(|c| c + 1);
    }
    if end < count {
        shown.push('…');
    }
    (shown, col)
}

/// How many characters of a source line an excerpt shows at most.
const WINDOW: usize = 160;

/// The `at line L column C` that serde_yaml leaves in a syntax message.
fn context_position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.rfind(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// All problems found in a spec, in file and position order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl SpecErrors {
    /// The errors, in file and position order.
    pub fn iter(&self) -> impl Iterator<Item = &SpecError> {
        self.0.iter()
    }
    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "the API spec has {n} error{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            writeln!(f, "\nerror: {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}
