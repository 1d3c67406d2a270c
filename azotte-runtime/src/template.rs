//! Host template expansion: `"https://{projectName}.azotte.com/api/{version}"`
//! with `[("projectName", "acme"), ("version", "v1")]` gives the base URL.
//!
//! Environments in the spec are templates; this is the one place that fills
//! them in. Values are inserted verbatim (the result is validated as a URL
//! by [`Client::new`](crate::Client::new)); variables a template does not use
//! are allowed, so one set of variables can serve every environment.

/// Why a template could not be expanded. Each variant names the placeholder
/// or position at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// The template uses `{name}` but no value was given for it.
    #[error(
        "template `{template}` uses placeholder `{{{name}}}` but no value was given for `{name}`"
    )]
    MissingValue {
        /// The template.
        template: String,
        /// The placeholder name.
        name: String,
    },
    /// A `{` without its `}`.
    #[error("template `{template}` has an unclosed `{{` at byte {position}")]
    Unclosed {
        /// The template.
        template: String,
        /// Byte offset of the `{`.
        position: usize,
    },
    /// A `}` without its `{`.
    #[error("template `{template}` has an unmatched `}}` at byte {position}")]
    Unmatched {
        /// The template.
        template: String,
        /// Byte offset of the `}`.
        position: usize,
    },
    /// `{}` or a placeholder name with characters other than letters, digits, `_` and `-`.
    #[error("template `{template}` has an invalid placeholder `{{{name}}}`")]
    InvalidPlaceholder {
        /// The template.
        template: String,
        /// The text between the braces.
        name: String,
    },
}

/// Replaces every `{name}` in `template` with its value from `vars` (first
/// match wins). Fails, naming the placeholder, when a value is missing or the
/// braces do not balance.
pub fn expand_template(template: &str, vars: &[(&str, &str)]) -> Result<String, TemplateError> {
    const BRACES: &[char] = &['{', '}'];
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut offset = 0;
    while let Some(pos) = rest.find(BRACES) {
        let (literal, tail) = rest.split_at(pos);
        out.push_str(literal);
        if tail.starts_with('}') {
            return Err(TemplateError::Unmatched {
                template: template.to_owned(),
                position: offset + pos,
            });
        }
        let inner = &tail[1..];
        let Some(len) = inner.find(BRACES).filter(|&l| inner[l..].starts_with('}')) else {
            return Err(TemplateError::Unclosed {
                template: template.to_owned(),
                position: offset + pos,
            });
        };
        let name = &inner[..len];
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(TemplateError::InvalidPlaceholder {
                template: template.to_owned(),
                name: name.to_owned(),
            });
        }
        let Some((_, value)) = vars.iter().find(|(k, _)| *k == name) else {
            return Err(TemplateError::MissingValue {
                template: template.to_owned(),
                name: name.to_owned(),
            });
        };
        out.push_str(value);
        let consumed = pos + 1 + len + 1;
        rest = &rest[consumed..];
        offset += consumed;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_every_placeholder_and_ignores_unused_vars() {
        let vars = [("projectName", "acme"), ("version", "v1"), ("unused", "x")];
        assert_eq!(
            expand_template(
                "https://{projectName}.sandbox.azotte.com/api/{version}/",
                &vars
            ),
            Ok("https://acme.sandbox.azotte.com/api/v1/".to_owned())
        );
        assert_eq!(
            expand_template("http://localhost:5210", &vars),
            Ok("http://localhost:5210".to_owned())
        );
    }

    #[test]
    fn reports_positions_of_unbalanced_braces() {
        let err = expand_template("a}b", &[]).unwrap_err();
        assert!(matches!(err, TemplateError::Unmatched { position: 1, .. }));
        let err = expand_template("ab{x", &[("x", "1")]).unwrap_err();
        assert!(matches!(err, TemplateError::Unclosed { position: 2, .. }));
        let err = expand_template("{a{b}}", &[]).unwrap_err();
        assert!(matches!(err, TemplateError::Unclosed { position: 0, .. }));
    }
}
