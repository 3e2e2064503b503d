//! The Rust version jabat says it needs (`rust-version` in Cargo.toml, the README) is
//! at least what every locked dependency needs. (clippy's `incompatible_msrv` lint,
//! which CI runs with `-D warnings`, checks jabat's own use of the standard library
//! against the same number.)

use std::process::Command;

fn version(text: &str) -> (u32, u32, u32) {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn the_stated_rust_version_covers_every_locked_dependency() {
    let cargo = env!("CARGO");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let host = Command::new(rustc).arg("-vV").output().expect("rustc -vV");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("a host triple");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let in_graph: std::collections::HashSet<&str> =
        meta["resolve"]["nodes"].as_array().unwrap().iter().filter_map(|n| n["id"].as_str()).collect();
    let packages = meta["packages"].as_array().unwrap();
    let ours = packages.iter().find(|p| p["name"] == "jabat").expect("jabat itself");
    let stated = version(ours["rust_version"].as_str().expect("Cargo.toml states rust-version"));
    let needed = packages
        .iter()
        .filter(|p| p["id"].as_str().is_some_and(|id| in_graph.contains(id)))
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), format!("{} {}", p["name"], p["version"]))))
        .max()
        .expect("dependencies state their versions");
    assert!(stated >= needed.0, "Cargo.toml says rust-version {stated:?}, but {} needs {:?}", needed.1, needed.0);
    let readme = include_str!("../README.md");
    let said = format!("Rust {}.{} or newer", stated.0, stated.1);
    assert!(readme.contains(&said), "the README should say \"{said}\"");
}
