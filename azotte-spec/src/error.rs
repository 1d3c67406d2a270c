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
    pub column: Option<usize>,
    /// Where in the YAML tree, e.g. `lanes.c2a.areas.customers.endpoints[C2A-01-02].errors[1]`.
    pub path: String,
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The YAML line the error is on, with a caret under its column, as
    /// printed after the message (empty when the text or line is unknown).
    pub excerpt: String,
}

impl SpecError {
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

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Quotes the line of `text` (the file's contents) the error is on, with
    /// a caret under its column, the way rustc quotes source. A YAML syntax
    /// error also names where the construct it could not finish began
    /// (`… while parsing a flow mapping at line 18 column 16`): that line is
    /// shown too, since the mistake is usually there.
    pub(crate) fn quote(&mut self, text: &str) {
        let Some(line) = self.line else {
            return;
        };
        let mut marks = vec![(line, self.column)];
        if let Some((l, c)) = context_position(&self.message) {
            if l < line {
                marks.insert(0, (l, Some(c)));
            }
        }
        let lines: Vec<&str> = text.lines().collect();
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
            out.push_str(&format!("\n  {line:>width$} | {}", source.trim_end()));
            if let Some(column) = column {
                let pad: String = source
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
    pub fn iter(&self) -> impl Iterator<Item = &SpecError> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
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
