//! Citations of the API documents a spec is written from.
//!
//! A spec's `doc:` texts cite the documents they come from by number
//! (`document 004`, `documents 001/002`, `documents 000 and 004`), which is
//! how spec authors work, but a client's user cannot open "document 004".
//! `api.documents` gives each number a title; [`Documents::cite`] rewrites
//! every citation as those titles (`*Azotte: Request/Response Structure*`),
//! and the validator reports a cited number the table does not list.

use std::borrow::Cow;
use std::ops::Range;

/// The documents table of one API, as generators render citations with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documents {
    /// The API's title, prefixed to each document title (`Azotte: …`).
    pub api_title: String,
    /// `(id, title)` in spec order; ids are digits (`"004"`).
    pub titles: Vec<(String, String)>,
}

/// One citation found in a text: the bytes it spans and each cited id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    pub span: Range<usize>,
    pub ids: Vec<Range<usize>>,
}

impl Documents {
    /// The title of document `id`, as users read it: `Azotte: C2A overview`.
    pub fn title(&self, id: &str) -> Option<String> {
        self.titles
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, t)| match self.api_title.as_str() {
                "" => t.clone(),
                api => format!("{api}: {t}"),
            })
    }

    /// `text` with every citation of a listed document replaced by its
    /// title in italics; the separators between several ids are kept
    /// (`documents 001/002` → `*Azotte: C2A overview*/*Azotte: C2A-01 Customers*`).
    /// A citation naming an unlisted id is left as written (the validator
    /// reports it, so a valid spec has none).
    pub fn cite<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let citations = citations(text);
        if citations.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for c in citations {
            let titles: Option<Vec<String>> =
                c.ids.iter().map(|r| self.title(&text[r.clone()])).collect();
            let Some(titles) = titles else { continue };
            out.push_str(&text[at..c.span.start]);
            let mut prev = c.ids[0].start;
            for (r, title) in c.ids.iter().zip(titles) {
                if r.start != c.ids[0].start {
                    out.push_str(&text[prev..r.start]);
                }
                out.push('*');
                out.push_str(&title);
                out.push('*');
                prev = r.end;
            }
            at = c.span.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }
}

/// Every citation in `text`: `document`/`documents` (any case, as a whole
/// word) followed by a number, and further numbers joined by `/`, `,`, `and`
/// or `or`. Any run of whitespace may stand for a space, so a citation a YAML
/// line break splits is still one.
pub(crate) fn citations(text: &str) -> Vec<Citation> {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("document") {
        let start = from + found;
        from = start + "document".len();
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut at = from;
        if bytes.get(at) == Some(&b's') {
            at += 1;
        }
        let after = space(bytes, at);
        let Some(first) = number(bytes, after).filter(|_| after > at) else {
            continue;
        };
        let mut ids = vec![first.clone()];
        let mut end = first.end;
        while let Some(id) = next_id(&lower, end) {
            end = id.end;
            ids.push(id);
        }
        out.push(Citation {
            span: start..end,
            ids,
        });
        from = end;
    }
    out
}

/// The number after `at` when a list separator (`/`, `,`, `and`, `or`) joins it.
fn next_id(lower: &str, at: usize) -> Option<Range<usize>> {
    let bytes = lower.as_bytes();
    let sep = space(bytes, at);
    let rest = &lower[sep..];
    let (len, needs_space) = if rest.starts_with('/') || rest.starts_with(',') {
        (1, false)
    } else if rest.starts_with("and") {
        (3, true)
    } else if rest.starts_with("or") {
        (2, true)
    } else {
        return None;
    };
    let after = space(bytes, sep + len);
    if needs_space && (after == sep + len || sep == at) {
        return None;
    }
    number(bytes, after)
}

/// The index after the whitespace starting at `at`.
fn space(bytes: &[u8], at: usize) -> usize {
    at + bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

/// The digits starting at `at`, when they form a whole word.
fn number(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    let len = bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let end = at + len;
    let whole = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
    (len > 0 && whole).then_some(at..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn azotte() -> Documents {
        Documents {
            api_title: "Azotte".into(),
            titles: vec![
                ("000".into(), "Getting Started".into()),
                ("001".into(), "C2A overview".into()),
                ("002".into(), "C2A-01 Customers".into()),
                ("004".into(), "Request/Response Structure".into()),
            ],
        }
    }

    #[test]
    fn single_citations_become_titles() {
        assert_eq!(
            azotte().cite("the envelope (document 004, \"Links\"); Document 001's map"),
            "the envelope (*Azotte: Request/Response Structure*, \"Links\"); *Azotte: C2A overview*'s map"
        );
    }

    #[test]
    fn lists_keep_their_separators() {
        assert_eq!(
            azotte().cite("documents 001/002, documents 000 and 004, documents 000, 001, 002."),
            "*Azotte: C2A overview*/*Azotte: C2A-01 Customers*, \
             *Azotte: Getting Started* and *Azotte: Request/Response Structure*, \
             *Azotte: Getting Started*, *Azotte: C2A overview*, *Azotte: C2A-01 Customers*."
        );
    }

    #[test]
    fn words_that_are_not_citations_stay() {
        let text =
            "the documented 004 fields; undocument 001; document 4a; document: 002; document004";
        assert!(matches!(azotte().cite(text), Cow::Borrowed(_)));
        assert!(citations(text).is_empty());
    }

    #[test]
    fn an_unlisted_number_is_left_as_written() {
        assert_eq!(
            azotte().cite("document 003 and document 001"),
            "document 003 and *Azotte: C2A overview*"
        );
        let found = citations("see documents 001 or 007");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids, [14..17, 21..24]);
    }

    #[test]
    fn a_line_break_inside_a_citation_is_a_space() {
        let found = citations("(documents\n      000 and\n  004)");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids.len(), 2);
        assert_eq!(citations("documents 001 andrew 002")[0].ids.len(), 1);
    }
}
