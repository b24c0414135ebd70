//! The `modellvarde` command: parse arguments, run one subcommand, report errors
//! with a non-zero exit status.

mod cli;
#[cfg(target_os = "linux")]
mod hugepages;

/// Large blocks in transparent huge pages where the kernel offers them (see
/// [`hugepages`]).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: hugepages::Allocator = hugepages::Allocator;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing to a closed pipe (`| head`) would panic;
    // restore the default action, as command-line tools expect.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = match <cli::Cli as clap::Parser>::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // Help and version go out as clap prints them; a refusal in
            // Swedish when the command line asks for it, with clap's exit
            // status.
            // `args_os`: `args` panics on an argument that is not UTF-8.
            let raw: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            if e.use_stderr() && cli::texts::usage::asks_for_swedish(&raw) {
                eprint!("{}", cli::texts::usage::clap_error_sv(&e));
                return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
            }
            e.exit()
        }
    };
    let tm = cli::texts::Terminal::new(cli::terminal_lang(&args));
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // The engine's sentences and the place (file:line, column,
            // area) in the chosen language.
            eprintln!("{}: {}", tm.t().error, tm.place(&error_chain(&err, &tm)));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each in the terminal's language, joined by ": ", leaving out a cause whose text the
/// message before it already contains (an I/O error is often both a
/// library error's text and its source, which would print it twice), and with
/// control characters from data or file names shown escaped, so that they do
/// not reach the terminal raw.
fn error_chain(err: &anyhow::Error, tm: &cli::texts::Terminal) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = tm.error_text(cause);
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}
