//! Sharing one database among many processes and users: a server owns the database
//! and serves it on a Unix-domain socket inside it ([`serve`], [`socket`]); every other
//! jabat process works through it ([`crate::store::RemoteStore`]), starting one when
//! none runs ([`start`]). The [`wire`] format is versioned; [`access`] says who may do
//! what; [`limits`] what anyone may hold of the server. docs/security.md says what each
//! side trusts and why.

pub mod access;
pub mod limits;
pub mod serve;
pub mod socket;
pub mod start;
pub mod wire;
