//! Every integration test in one binary, each file of `tests/` a module of it: one link
//! of the library and its dependencies instead of one per file (19 of them, a minute or
//! more of every fresh `cargo test` on two cores).

#[macro_use]
mod common;

mod bad_input;
mod cli;
mod crash;
mod edit;
mod full_disk;
mod fuzz;
mod generate;
mod import_errors;
mod languages;
mod msrv;
mod output_contract;
mod real_data;
mod safety;
mod server;
mod store_contract;
mod store_model;
mod terminal;
mod trust;
mod tui;
