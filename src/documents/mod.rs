//! The documents of penataan jabatan, as data read from a store: the peta jabatan of a
//! unit (committed, or as a draft would make it). The faces print them (tables, CSV,
//! JSON, spreadsheets) and [`chart`] lays the peta jabatan out as an organisation chart
//! for paper.

pub mod abk;
pub mod chart;
pub mod peta;

pub use peta::{Change, PetaJabatan, PetaPosition, PetaUnit, peta_jabatan, peta_jabatan_draft};
