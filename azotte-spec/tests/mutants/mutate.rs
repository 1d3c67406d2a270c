//! Text mutations of a spec file, the kinds of mistakes an author makes
//! while editing (and a few a fuzzer makes): each takes the file's text and a
//! seeded generator and returns the text changed in one place.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// Values of other kinds, put where a scalar was.
const VALUES: &[&str] = &[
    "[]",
    "{}",
    "42",
    "-1",
    "1.5",
    "true",
    "~",
    "\"\"",
    "[a, b]",
    "{ a: 1 }",
    "\"x\"",
    "self",
    "Self",
    "type",
    "crate",
    "0x10",
    "1e400",
    "\"a\\rb\"",
    "'*/'",
    "-",
    "|\n  text",
];

/// Words that become identifiers or collide with what the generator writes.
const NAMES: &[&str] = &[
    "self",
    "Self",
    "type",
    "crate",
    "super",
    "struct",
    "fn",
    "r#type",
    "Option",
    "String",
    "Client",
    "Unknown",
    "new",
    "clone",
    "lane",
    "9lives",
    "a-b",
    "a b",
    "ünïcode",
    "",
    "_",
];

/// Bytes that start YAML constructs.
const SNIPPETS: &[&str] = &[
    "\t",
    ": ",
    ": x: y",
    "&a ",
    "*a",
    "---\n",
    "...\n",
    "{",
    "[",
    "}",
    "]",
    "\"",
    "'",
    "#",
    "? ",
    "- ",
    "!!str ",
    "!tag ",
    "%YAML 1.2\n",
    "\r",
    "\u{feff}",
    "<<: *a\n",
];

/// Applies one random mutation to `text`. `words` are names found in the
/// spec (type names, keys) to swap in.
pub fn mutate(text: &str, words: &[String], rng: &mut StdRng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return SNIPPETS.choose(rng).unwrap().to_string();
    }
    let i = rng.random_range(0..lines.len());
    match rng.random_range(0..12) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        2 => {
            // Rename a key: drop, double or swap a character.
            if let Some(colon) = lines[i].find(':') {
                let mut key: Vec<char> = lines[i][..colon].chars().collect();
                let n = key.len();
                if n > 1 {
                    let k = rng.random_range(0..n);
                    match rng.random_range(0..3) {
                        0 => {
                            key.remove(k);
                        }
                        1 => key.insert(k, key[k]),
                        _ => key.swap(k, (k + 1) % n),
                    }
                }
                let rest = lines[i][colon..].to_owned();
                lines[i] = key.into_iter().collect::<String>() + &rest;
            }
        }
        3 => {
            // A scalar value of another kind.
            if let Some(colon) = lines[i].find(": ") {
                let value = VALUES.choose(rng).unwrap();
                lines[i] = format!("{}: {value}", &lines[i][..colon]);
            }
        }
        4 => {
            // Swap a word for another name of the spec (a type, a key).
            if let Some(word) = words.choose(rng) {
                let line = &lines[i];
                let starts: Vec<usize> = line
                    .char_indices()
                    .filter(|&(p, c)| {
                        c.is_alphanumeric()
                            && !line[..p].ends_with(|b: char| b.is_alphanumeric() || b == '_')
                    })
                    .map(|(p, _)| p)
                    .collect();
                if let Some(&s) = starts.choose(rng) {
                    let end = line[s..]
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .map_or(line.len(), |e| s + e);
                    lines[i] = format!("{}{word}{}", &line[..s], &line[end..]);
                }
            }
        }
        5 => {
            // A name that is hard to turn into Rust.
            let name = NAMES.choose(rng).unwrap();
            let line = lines[i].clone();
            let indent = line.len() - line.trim_start().len();
            if let Some(colon) = line.find(':') {
                if colon > indent {
                    lines[i] = format!("{}{name}{}", &line[..indent], &line[colon..]);
                }
            }
        }
        6 => {
            // A snippet at a random character boundary.
            let line = &lines[i];
            let at = random_boundary(line, rng);
            let snippet = SNIPPETS.choose(rng).unwrap();
            lines[i] = format!("{}{snippet}{}", &line[..at], &line[at..]);
        }
        7 => {
            // Truncate the file.
            let at = random_boundary(text, rng);
            return text[..at].to_owned();
        }
        8 => {
            // Reorder: swap two lines.
            let j = rng.random_range(0..lines.len());
            lines.swap(i, j);
        }
        9 => {
            // Indent or dedent a line.
            if rng.random_bool(0.5) {
                lines[i].insert_str(0, "  ");
            } else if lines[i].starts_with("  ") {
                lines[i].drain(..2);
            }
        }
        10 => {
            // Move a block of lines elsewhere.
            let len = rng.random_range(1..=8).min(lines.len() - i);
            let block: Vec<String> = lines.drain(i..i + len).collect();
            let to = rng.random_range(0..=lines.len());
            for (k, l) in block.into_iter().enumerate() {
                lines.insert(to + k, l);
            }
        }
        _ => {
            // A doc or text value with a carriage return, `*/` or a control character.
            if let Some(colon) = lines[i].find(": ") {
                let odd = [
                    "\"a\\rb\"",
                    "\"*/ x /*\"",
                    "\"\\u0007\"",
                    "\"a\\u0000b\"",
                    "\"```\"",
                ];
                lines[i] = format!("{}: {}", &lines[i][..colon], odd.choose(rng).unwrap());
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// A random byte offset of `text` that is a character boundary.
fn random_boundary(text: &str, rng: &mut StdRng) -> usize {
    let mut at = rng.random_range(0..=text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The words of a spec worth swapping: capitalised names (types, errors)
/// and keys.
pub fn words(texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .filter(|w| w.len() > 2)
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}
