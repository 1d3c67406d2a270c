//! The route table, built from the spec: every endpoint of every outbound
//! lane at `/api{base_path}{path}` and `/api/{version}{base_path}{path}` (the
//! documents disagree on the version segment, so both are served) and under
//! the path of each environment's URL (Automatum's examples call
//! `https://api.automatum.io/v1/…`, so `/v1` is served too), plus the
//! OAuth2 token path of each client-credentials scheme at the host root and
//! under both API roots. Matching percent-decodes path parameters and
//! prefers literal segments over `{params}`.

use azotte_spec::model::{AuthKind, Direction, HttpMethod, Spec};
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone)]
struct Route {
    lane: usize,
    endpoint: usize,
    method: HttpMethod,
    segments: Vec<Segment>,
    params: usize,
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Match {
    /// Lane index, endpoint index (in `lane.endpoints()` order), path parameters.
    Endpoint {
        lane: usize,
        endpoint: usize,
        params: HashMap<String, String>,
    },
    /// The OAuth2 token endpoint.
    Token,
    /// The path exists, not with this method; the allowed methods.
    MethodNotAllowed(Vec<&'static str>),
    /// Nothing is served here.
    NotFound,
}

/// Every route of a spec.
#[derive(Debug, Clone)]
pub struct Routes {
    routes: Vec<Route>,
    token_paths: Vec<String>,
}

/// The API roots served: `/api`, `/api/{version}`, and the path of every
/// environment URL (`{version}` filled in; paths with other placeholders are
/// skipped), each once.
pub fn prefixes(spec: &Spec) -> Vec<String> {
    let mut roots = vec!["/api".to_owned(), format!("/api/{}", spec.api.version)];
    for env in &spec.environments {
        let Some(after_scheme) = env.url.split_once("://").map(|(_, rest)| rest) else {
            continue;
        };
        let Some(slash) = after_scheme.find('/') else {
            continue;
        };
        let path = after_scheme[slash..]
            .replace("{version}", &spec.api.version)
            .trim_end_matches('/')
            .to_owned();
        if !path.is_empty() && !path.contains('{') && !roots.contains(&path) {
            roots.push(path);
        }
    }
    roots
}

fn split(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

impl Routes {
    /// The table for `spec`.
    pub fn new(spec: &Spec) -> Self {
        let mut routes = Vec::new();
        for (li, lane) in spec.lanes.iter().enumerate() {
            if lane.direction != Direction::Outbound {
                continue;
            }
            for (ei, endpoint) in lane.endpoints().enumerate() {
                for prefix in prefixes(spec) {
                    let full = format!("{prefix}{}{}", lane.base_path, endpoint.path);
                    let segments: Vec<Segment> = split(&full)
                        .into_iter()
                        .map(
                            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                                Some(name) => Segment::Param(name.to_owned()),
                                None => Segment::Literal(s.to_owned()),
                            },
                        )
                        .collect();
                    let params = segments
                        .iter()
                        .filter(|s| matches!(s, Segment::Param(_)))
                        .count();
                    routes.push(Route {
                        lane: li,
                        endpoint: ei,
                        method: endpoint.method,
                        segments,
                        params,
                    });
                }
            }
        }
        routes.sort_by_key(|r| r.params);
        let mut token_paths = Vec::new();
        for scheme in &spec.auth {
            if let AuthKind::OAuth2ClientCredentials { token_path, .. } = &scheme.kind {
                token_paths.push(token_path.clone());
                for prefix in prefixes(spec) {
                    token_paths.push(format!("{prefix}{token_path}"));
                }
            }
        }
        Routes {
            routes,
            token_paths,
        }
    }

    /// How many endpoint routes are served (both roots counted).
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// True when the spec declares no outbound endpoint.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Resolves `method path` (path without the query string).
    pub fn find(&self, method: &str, path: &str) -> Match {
        let trimmed = path.trim_end_matches('/');
        if self.token_paths.iter().any(|p| p == trimmed) {
            return if method == "POST" {
                Match::Token
            } else {
                Match::MethodNotAllowed(vec!["POST"])
            };
        }
        let parts = split(path);
        let mut allowed = Vec::new();
        // OpenAPI 3.1 (Paths Object): concrete paths are matched before
        // templated ones, so a URL a more literal path matches belongs to
        // that path alone: GET /subscription/reactivate is a 405 with
        // `Allow: POST`, not a lookup of the customer `reactivate` by
        // `GET /subscription/{customerUrn}`. Routes are sorted by how many
        // parameters they have, so the first match is the most concrete.
        let mut concrete = None;
        for route in &self.routes {
            if concrete.is_some_and(|params| route.params > params) {
                break;
            }
            let Some(params) = route_params(route, &parts) else {
                continue;
            };
            concrete = Some(route.params);
            if route.method.as_str() == method {
                return Match::Endpoint {
                    lane: route.lane,
                    endpoint: route.endpoint,
                    params,
                };
            }
            if !allowed.contains(&route.method.as_str()) {
                allowed.push(route.method.as_str());
            }
        }
        if allowed.is_empty() {
            Match::NotFound
        } else {
            Match::MethodNotAllowed(allowed)
        }
    }
}

fn route_params(route: &Route, parts: &[&str]) -> Option<HashMap<String, String>> {
    if route.segments.len() != parts.len() {
        return None;
    }
    let mut params = HashMap::new();
    for (segment, part) in route.segments.iter().zip(parts) {
        match segment {
            Segment::Literal(l) if l == part => {}
            Segment::Literal(_) => return None,
            Segment::Param(name) => {
                let value = percent_decode(part, false);
                if value.is_empty() {
                    return None;
                }
                params.insert(name.clone(), value);
            }
        }
    }
    Some(params)
}

/// Decodes `%XX` escapes (and `+` as a space when `plus` is set, as in query
/// strings). Invalid escapes are kept as written; invalid UTF-8 is replaced.
pub fn percent_decode(s: &str, plus: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a query string into decoded pairs (the last value of a repeated key wins).
pub fn parse_query(query: Option<&str>) -> HashMap<String, String> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_roots_params_and_methods() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let routes = Routes::new(&spec);
        let found = |m, p| match routes.find(m, p) {
            Match::Endpoint {
                lane,
                endpoint,
                params,
            } => {
                let lane = &spec.lanes[lane];
                let ep = lane.endpoints().nth(endpoint).unwrap();
                Some((format!("{}/{}", lane.name, ep.name), params))
            }
            _ => None,
        };
        assert_eq!(
            found("POST", "/api/c2a/customer/store").unwrap().0,
            "c2a/store_customer"
        );
        assert_eq!(
            found("POST", "/api/v1/c2a/customer/store").unwrap().0,
            "c2a/store_customer"
        );
        let (name, params) = found("GET", "/api/c2a/offer/checkout/tr%201/status").unwrap();
        assert_eq!(
            (name.as_str(), params["id"].as_str()),
            ("c2a/checkout_status", "tr 1")
        );
        assert_eq!(
            found("POST", "/api/c2a/subscription/cancel/request")
                .unwrap()
                .0,
            "c2a/request_cancellation"
        );
        assert_eq!(
            found("GET", "/api/c2a/subscription/cu.00.1").unwrap().0,
            "c2a/list_subscriptions"
        );
        assert_eq!(
            routes.find("GET", "/api/c2a/customer/store"),
            Match::MethodNotAllowed(vec!["POST"])
        );
        // A concrete path shadows a templated one (OpenAPI 3.1, Paths Object).
        assert_eq!(
            routes.find("GET", "/api/c2a/subscription/reactivate"),
            Match::MethodNotAllowed(vec!["POST"])
        );
        assert_eq!(
            routes.find("GET", "/api/v1/m2m/subscription/cancel"),
            Match::MethodNotAllowed(vec!["POST"])
        );
        assert_eq!(routes.find("GET", "/api/c2a/nothing"), Match::NotFound);
        assert_eq!(routes.find("POST", "/oauth/token"), Match::Token);
        assert_eq!(routes.find("POST", "/api/oauth/token"), Match::Token);
        assert_eq!(prefixes(&spec), ["/api", "/api/v1"]);
    }

    #[test]
    fn environment_paths_are_roots_too() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("automatum")).unwrap();
        // Document 003: `https://api.automatum.io/api/v1` and its examples'
        // `https://api.automatum.io/v1/private-offer`.
        assert_eq!(prefixes(&spec), ["/api", "/api/v1", "/v1"]);
        let routes = Routes::new(&spec);
        for path in ["/v1/private-offer", "/api/v1/private-offer"] {
            assert!(
                matches!(routes.find("POST", path), Match::Endpoint { .. }),
                "{path}"
            );
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b+c", true), "a b c");
        assert_eq!(percent_decode("a+b%2", false), "a+b%2");
        assert_eq!(percent_decode("%zz%", false), "%zz%");
        let q = parse_query(Some("externalId=ext%2042%2Fx&page=2&flag"));
        assert_eq!(q["externalId"], "ext 42/x");
        assert_eq!(q["flag"], "");
    }
}
