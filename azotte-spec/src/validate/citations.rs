//! `api.documents` and the citations of it: every `document <number>` a
//! spec's text cites must be listed, so the generated docs can name it by
//! title (see [`crate::cite`]).

use super::Ctx;
use crate::cite::{citations, Documents};
use crate::locate::YamlPath;
use indexmap::IndexMap;

/// The documents table of `api:` (declared in file `file`), its ids checked.
pub(super) fn documents(
    ctx: &mut Ctx,
    file: usize,
    api_title: &str,
    raw: &IndexMap<String, String>,
) -> Documents {
    let path = YamlPath::root("api").key("documents");
    for (id, title) in raw {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            ctx.error(
                file,
                &path.key(id),
                format!("document id `{id}` is not a number"),
                "number the documents (`\"004\": Request/Response Structure`): text cites them as `document 004`",
            );
        }
        if title.trim().is_empty() {
            ctx.value_error(
                file,
                &path.key(id),
                format!("document `{id}` has an empty title"),
                "give the title a reader can look the document up by",
            );
        }
    }
    Documents {
        api_title: api_title.to_owned(),
        titles: raw.iter().map(|(i, t)| (i.clone(), t.clone())).collect(),
    }
}

/// Reports every cited document number `documents` does not list, at the
/// number in its file. Comment lines are the spec author's own notes and
/// never reach the generated docs, so they may cite anything. A spec without
/// a documents table is not checked: its citations print as written (specs
/// written before `api.documents` existed still load, so `spec-diff` and the
/// semver gate can compare against them).
pub(super) fn check(ctx: &mut Ctx, documents: &Documents) {
    if documents.titles.is_empty() {
        return;
    }
    for source in ctx.sources {
        let text = without_comments(&source.text);
        for citation in citations(&text) {
            for id in citation.ids {
                let number = &text[id.clone()];
                if documents.title(number).is_some() {
                    continue;
                }
                let line = text[..id.start].matches('\n').count() + 1;
                let line_start = text[..id.start].rfind('\n').map_or(0, |i| i + 1);
                let column = text[line_start..id.start].chars().count() + 1;
                let err = crate::SpecError::new(
                    source.name.clone(),
                    "",
                    format!("`document {number}` is cited, but `api.documents` does not list it"),
                    format!("add `\"{number}\": <its title>` under `api.documents`, or cite a listed document"),
                )
                .at(line, column);
                ctx.errors.push(err);
            }
        }
    }
}

/// `text` with each comment line blanked (same length, so offsets still
/// point into the source).
fn without_comments(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            if line.trim_start().starts_with('#') {
                line.chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' })
                    .collect()
            } else {
                line.to_owned()
            }
        })
        .collect()
}
