//! Replays every committed fuzz input: each file of `fuzz/corpus/<target>/`
//! and `fuzz/artifacts/<target>/` runs through the same function as the
//! fuzz target of that name (`fuzz/src/lib.rs`, included here), with the
//! same assertions: no panic, the round trips hold, `encoded_len` is
//! exact. A crash the fuzzers once found stays fixed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[allow(dead_code, unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of a folder, sorted; none if it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every corpus and artifact file of `target`; returns how many ran.
fn replay(target: &str) -> usize {
    let (_, check) = fuzz::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz target {target}"));
    let mut failures = Vec::new();
    let mut count = 0;
    for kind in ["corpus", "artifacts"] {
        for path in files(&fuzz_dir().join(kind).join(target)) {
            let data = std::fs::read(&path).unwrap();
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{target}: these inputs fail: {failures:#?}"
    );
    count
}

macro_rules! replay_tests {
    ($($target:ident),+ $(,)?) => {
        $(
            #[test]
            fn $target() {
                let count = replay(stringify!($target));
                assert!(count > 0, "the corpus of {} is empty", stringify!($target));
            }
        )+

        /// Every target has a test above, and every corpus folder a target.
        #[test]
        fn every_target_is_replayed() {
            let tested = [$(stringify!($target)),+];
            let targets: Vec<&str> = fuzz::TARGETS.iter().map(|(name, _)| *name).collect();
            assert_eq!(tested.to_vec(), targets);
            for kind in ["corpus", "artifacts"] {
                for entry in std::fs::read_dir(fuzz_dir().join(kind)).into_iter().flatten() {
                    let name = entry.unwrap().file_name().into_string().unwrap();
                    assert!(targets.contains(&name.as_str()), "fuzz/{kind}/{name} has no target");
                }
            }
        }
    };
}

replay_tests!(
    request_parse,
    response_newline,
    response_urlencoded,
    response_detect,
    blob_decode,
    values,
    request_value,
    response_value,
    containers,
    base64_differential,
);

/// The header of the format-0 targets is its own inverse, so the seed
/// script (`fuzz/make_seeds.py`) and the targets read it alike.
#[test]
fn the_expectation_header_round_trips() {
    for flags in 0..=255u8 {
        for shape in 0..16u8 {
            let exp = fuzz::expectation([flags, shape]);
            assert_eq!(fuzz::header(&exp), [flags, shape]);
        }
    }
}
