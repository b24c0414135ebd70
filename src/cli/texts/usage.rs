//! The argument parser's (clap's) refusals in Swedish, for a command line
//! that asks for `--lang sv`: clap words them in English only. The common
//! kinds are worded from their parts (the argument, the value, the possible
//! values, clap's suggestion); the others keep clap's sentence with the
//! frame (`fel:`, `tips:`, `Användning:`, the closing line) in Swedish.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Whether the raw command line asks for Swedish (`--lang sv` or
/// `--lang=sv`), read before (or without) a successful parse.
pub fn asks_for_swedish<S: AsRef<str>>(args: &[S]) -> bool {
    args.iter().enumerate().any(|(i, a)| {
        let a = a.as_ref();
        a == "--lang=sv" || (a == "--lang" && args.get(i + 1).is_some_and(|v| v.as_ref() == "sv"))
    })
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The reason a value could not be read, from the standard parsers' words.
fn parse_reason_sv(reason: &str) -> String {
    match reason {
        "invalid digit found in string" => "ogiltig siffra".into(),
        "cannot parse integer from empty string" => "värdet är tomt".into(),
        "number too large to fit in target type" => "talet är för stort".into(),
        "number too small to fit in target type" => "talet är för litet".into(),
        "invalid float literal" => "inget tal".into(),
        other => other.into(),
    }
}

/// `e` in Swedish, with the same layout as clap's own text: the sentence,
/// a tip when clap has a suggestion, the usage line when clap gives one, and
/// the pointer to `--help`.
pub fn clap_error_sv(e: &clap::Error) -> String {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => Some(format!("okänt argument '{arg}'")),
        ErrorKind::InvalidSubcommand => Some(format!(
            "okänt underkommando '{}'",
            text(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        )),
        ErrorKind::InvalidValue if value.is_empty() => {
            Some(format!("'{arg}' behöver ett värde, men inget gavs"))
        }
        ErrorKind::InvalidValue => {
            let valid = strings(e, ContextKind::ValidValue);
            let mut s = format!("ogiltigt värde '{value}' för '{arg}'");
            if !valid.is_empty() {
                s.push_str(&format!("\n  [möjliga värden: {}]", valid.join(", ")));
            }
            Some(s)
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|r| parse_reason_sv(&r.to_string()))
                .unwrap_or_default();
            Some(format!("ogiltigt värde '{value}' för '{arg}': {reason}"))
        }
        ErrorKind::MissingRequiredArgument => Some(format!(
            "följande argument saknas:\n  {}",
            strings(e, ContextKind::InvalidArg).join("\n  ")
        )),
        ErrorKind::ArgumentConflict => {
            let prior = text(e, ContextKind::PriorArg).unwrap_or_default();
            Some(if prior == arg || prior.is_empty() {
                format!("argumentet '{arg}' kan bara ges en gång")
            } else {
                format!("argumentet '{arg}' kan inte ges tillsammans med '{prior}'")
            })
        }
        ErrorKind::MissingSubcommand => Some("ett underkommando saknas".into()),
        _ => None,
    };
    let mut out = match sentence {
        Some(s) => format!("fel: {s}\n"),
        None => {
            // clap's own sentence, in its frame.
            let en = e.render().to_string();
            let first = en.lines().next().unwrap_or_default();
            format!("fel: {}\n", first.trim_start_matches("error: "))
        }
    };
    let tip = match e.kind() {
        ErrorKind::UnknownArgument => {
            let similar = strings(e, ContextKind::SuggestedArg);
            (!similar.is_empty())
                .then(|| format!("ett liknande argument finns: {}", quoted(&similar)))
        }
        ErrorKind::InvalidSubcommand => {
            let similar = strings(e, ContextKind::SuggestedSubcommand);
            match similar.len() {
                0 => None,
                1 => Some(format!(
                    "ett liknande underkommando finns: {}",
                    quoted(&similar)
                )),
                _ => Some(format!(
                    "liknande underkommandon finns: {}",
                    quoted(&similar)
                )),
            }
        }
        _ => None,
    };
    if let Some(t) = tip {
        out.push_str(&format!("\n  tips: {t}\n"));
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
        out.push_str(&format!("\nAnvändning: {usage}\n"));
    }
    out.push_str("\nMer information: kör med '--help'.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_is_asked_for_either_way() {
        assert!(asks_for_swedish(&["modellvarde", "report", "--lang", "sv"]));
        assert!(asks_for_swedish(&["modellvarde", "report", "--lang=sv"]));
        assert!(!asks_for_swedish(&[
            "modellvarde",
            "report",
            "--lang",
            "en"
        ]));
        assert!(!asks_for_swedish(&["modellvarde", "report", "--lang"]));
        assert!(!asks_for_swedish(&["modellvarde", "report", "sv"]));
    }

    #[test]
    fn the_standard_parsers_reasons_are_worded() {
        let r = "abc".parse::<usize>().unwrap_err().to_string();
        assert_eq!(parse_reason_sv(&r), "ogiltig siffra");
        let r = "x".parse::<f64>().unwrap_err().to_string();
        assert_eq!(parse_reason_sv(&r), "inget tal");
        assert_eq!(parse_reason_sv("something else"), "something else");
    }
}
