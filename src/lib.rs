//! jabat: a keyboard-driven workbench for the job structure (penataan jabatan) of
//! Indonesian civil-service agencies.
//!
//! Layers (see `docs/architecture.md`): [`model`] is pure domain data; [`store`] is
//! the only code touching the database; [`interchange`] reads and writes files and
//! generates sample data; [`cli`] is the headless face.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod app;
pub mod cli;
pub mod config;
pub mod edit;
pub mod fxhash;
pub mod i18n;
pub mod interchange;
pub mod model;
pub mod rules;
pub mod store;
pub mod ui;
