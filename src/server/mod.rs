//! Sharing one database among many processes and users: a server owns the database
//! and serves it on a Unix-domain socket beside it ([`serve`]); every other jabat
//! process works through it ([`crate::store::RemoteStore`]) while it runs. The
//! [`wire`] format is versioned; [`access`] says who may do what.

pub mod access;
pub mod serve;
pub mod wire;
