//! jabat: a keyboard-driven workbench for the job structure (penataan jabatan) of
//! Indonesian civil-service agencies.
//!
//! Layers (see `docs/architecture.md`): [`model`] and [`rules`] are pure domain data
//! and functions; [`store`] is the only code touching the database; [`edit`] checks and
//! stages structural changes; [`queries`] reads what the rules need; [`interchange`]
//! reads and writes files and generates sample data; [`cli`] is the headless face, and
//! [`app`] (state and reducer) with [`ui`] (drawing, the effect loop) the interface.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod config;
pub mod documents;
pub mod edit;
pub mod fxhash;
pub mod i18n;
pub mod identity;
pub mod interchange;
pub mod model;
pub mod print;
pub mod privacy;
pub mod queries;
pub mod rules;
pub mod server;
pub mod store;
pub mod ui;
