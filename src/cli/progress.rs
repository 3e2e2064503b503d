//! Progress of long work on standard error (indicatif): a spinner with what is being
//! done and for how long, drawn only on a terminal and never with `--quiet`, so a pipe,
//! a file or cron gets nothing.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shows `what` with a spinner while `work` runs (when `shown`), then clears it.
pub fn busy<T>(shown: bool, what: &str, work: impl FnOnce() -> T) -> T {
    let bar =
        if shown { ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    let done = work();
    bar.finish_and_clear();
    done
}
