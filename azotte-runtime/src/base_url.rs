//! [`BaseUrl`]: a client's base URL, checked and parsed once when the client
//! is built, so that each call parses only its own path and query.
//!
//! `Url::parse` of the whole URL text per call re-parses the scheme and the
//! host every time, the host through IDNA (UTS #46) processing: ~4,500 of
//! the ~97,000 instructions of a call in the overhead bench (callgrind,
//! issue 18; BENCHMARKS.md). [`BaseUrl::join`] clones the parsed
//! base and hands the url crate only the path and query, with the same
//! parser (`Url::set_path`, `Url::set_query`), so the result is the URL
//! `Url::parse` gives for the same text: the tests below check that against
//! the url crate itself.

use crate::config::BuildError;
use reqwest::Url;
use std::ops::Range;

/// A client's base URL: its text (trimmed, without a trailing `/`) and the
/// URL parsed from it.
pub(crate) struct BaseUrl {
    text: String,
    parsed: Url,
}

impl BaseUrl {
    /// Checks `raw`: an absolute `http`/`https` URL without credentials,
    /// query or fragment, whose host has no empty label.
    pub(crate) fn parse(raw: &str) -> Result<Self, BuildError> {
        let trimmed = raw.trim().trim_end_matches('/');
        let url = Url::parse(trimmed).map_err(|e| BuildError::InvalidBaseUrl {
            url: raw.to_owned(),
            reason: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(BuildError::UnsupportedScheme {
                url: raw.to_owned(),
                scheme: url.scheme().to_owned(),
            });
        }
        // `https://.sandbox.azotte.com`: an environment placeholder (a project
        // name) left empty. A resolver would fail later, and less clearly.
        // A trailing dot (a fully qualified `example.com.`) is not an empty label.
        if url.host_str().is_some_and(|host| {
            let host = host.strip_suffix('.').unwrap_or(host);
            host.split('.').any(str::is_empty)
        }) {
            return Err(BuildError::InvalidBaseUrl {
                url: raw.to_owned(),
                reason:
                    "the host has an empty label (is a placeholder such as the project name empty?)"
                        .to_owned(),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BuildError::BaseUrlHasCredentials {
                host: url.host_str().unwrap_or_default().to_owned(),
            });
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(BuildError::BaseUrlHasQuery {
                url: raw.to_owned(),
            });
        }
        Ok(BaseUrl {
            text: trimmed.to_owned(),
            parsed: url,
        })
    }

    /// The base URL's text, without a trailing `/`.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The URL of `url_text`: this base's text, then a resolved path at
    /// `path`, then, when the text goes on, `?` and the query string. The
    /// same URL as `Url::parse(url_text)`, without parsing the base again.
    pub(crate) fn join(&self, url_text: &str, path: Range<usize>) -> Url {
        let mut url = self.parsed.clone();
        let resolved = &url_text[path.clone()];
        // The base's own path ("/" when it has none) comes before the
        // endpoint's, as it does in `url_text`.
        match self.parsed.path() {
            "/" => url.set_path(resolved),
            prefix => url.set_path(&[prefix, resolved].concat()),
        }
        url.set_query(url_text[path.end..].strip_prefix('?'));
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `join` against the url crate parsing the whole text: the oracle is
    /// `Url::parse`, what the client called per request before.
    fn same_as_parse(base: &str, path: &str, query: Option<&str>) {
        let base = BaseUrl::parse(base).expect("a valid base URL");
        let mut text = base.as_str().to_owned();
        let start = text.len();
        text.push_str(path);
        let range = start..text.len();
        if let Some(query) = query {
            text.push('?');
            text.push_str(query);
        }
        let expected = Url::parse(&text).expect("the whole text parses");
        assert_eq!(base.join(&text, range), expected, "{text:?}");
    }

    #[test]
    fn joins_as_the_url_crate_parses() {
        let bases = [
            "http://127.0.0.1:8080",
            "https://api.azotte.com/",
            "https://acme.sandbox.azotte.com/api",
            "https://API.Azotte.COM:443/api/v1/",
            "https://bücher.example/base%20path",
            "http://[::1]:9000/x",
            "https://h.example/a b",
            "https://h.example/api/..",
        ];
        let paths = [
            "",
            "/",
            "/api/v1/c2a/customer/info",
            "/customers/cu.00.482/orders",
            "/a%2Fb/%7Bid%7D",
            "/ünïcode/space here/pipe|caret^",
            "/back\\slash",
            "/dots/./and/../up",
            "/trailing/",
        ];
        let queries = [None, Some(""), Some("externalId=42&limit=10"), Some("q=a%20b&x=%C3%BC")];
        for base in bases {
            for path in paths {
                for query in queries {
                    same_as_parse(base, path, query);
                }
            }
        }
    }
}
