//! What `collect` says while it polls: a spinner with a countdown when a
//! person watches stderr, one plain line per call when a program reads it
//! (a log, a pipe, a test), since a redrawn line is noise there.

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::exit::note;

/// The progress of one `collect`.
pub enum Progress {
    /// stderr is a terminal.
    Spinner { bar: ProgressBar, last: String },
    /// stderr is a file or a pipe.
    Lines,
}

impl Progress {
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self::Lines;
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} collectssl: {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Self::Spinner {
            bar,
            last: String::new(),
        }
    }

    /// A call is under way.
    pub fn calling(&mut self, attempt: u32, url: &str) {
        if let Self::Spinner { bar, .. } = self {
            bar.set_message(format!("attempt {attempt}: asking {url}"));
        }
    }

    /// A call ended with `text`; the next is due after `next`, if any.
    pub fn answered(&mut self, attempt: u32, text: &str, next: Option<Duration>) {
        let line = format!("attempt {attempt}: {text}");
        let next = next.map_or_else(String::new, |d| format!("; next call in {}", human(d)));
        match self {
            Self::Spinner { bar, last } => {
                bar.println(format!("collectssl: {line}{next}"));
                bar.set_message(line.clone());
                *last = line;
            }
            Self::Lines => note(&format!("{line}{next}")),
        }
    }

    /// Waiting, with `left` to go before the next call.
    pub fn waiting(&mut self, left: Duration) {
        if let Self::Spinner { bar, last } = self {
            // Whole seconds, rounded up, once there is more than one left:
            // the countdown ticks once a second.
            let shown = if left > Duration::from_secs(1) {
                Duration::from_secs(left.as_secs() + u64::from(left.subsec_nanos() > 0))
            } else {
                left
            };
            bar.set_message(format!("{last}; next call in {}", human(shown)));
        }
    }

    /// Polling is over: the spinner goes, the lines printed stay.
    pub fn done(&self) {
        if let Self::Spinner { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}

/// A duration for people: `0.25s`, `42s`, `2h 59m 58s`.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 10 && d.subsec_millis() != 0 {
        return format!("{:.2}s", d.as_secs_f64());
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s}s"),
        _ => format!("{h}h {m}m {s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(human(Duration::from_millis(250)), "0.25s");
        assert_eq!(human(Duration::from_secs(42)), "42s");
        assert_eq!(human(Duration::from_secs(10_798)), "2h 59m 58s");
        assert_eq!(human(Duration::from_secs(61)), "1m 1s");
    }
}
