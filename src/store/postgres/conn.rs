//! One connection and the statements prepared on it. Each distinct SQL text is
//! prepared once and reused: a lookup is then one round trip instead of two, and the
//! server plans it once.

use std::collections::HashMap;

use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, Row, Statement, Transaction};

/// Parameters of a statement.
pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// Parameters with their types given, for a statement sent unprepared: one round trip
/// where a prepared one takes two the first time, which is all a command from a script
/// ever runs.
pub(super) type Typed<'a> = &'a [(&'a (dyn ToSql + Sync), Type)];

/// Statements prepared on one connection, by their text.
#[derive(Default)]
pub(super) struct Statements(HashMap<String, Statement>);

impl Statements {
    /// `sql` prepared on `client`'s connection (a transaction's is its connection's).
    pub(super) fn get(&mut self, client: &mut impl GenericClient, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(sql)?;
        self.0.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Forgets them all (after the tables changed shape).
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

/// A connection with its prepared statements.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) statements: Statements,
}

impl Conn {
    pub(super) fn new(client: Client) -> Conn {
        Conn { client, statements: Statements::default() }
    }

    pub(super) fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        self.client.query(&statement, params)
    }

    pub(super) fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, postgres::Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        self.client.query_one(&statement, params)
    }

    pub(super) fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        self.client.query_opt(&statement, params)
    }

    pub(super) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, postgres::Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        self.client.execute(&statement, params)
    }

    /// `sql` sent unprepared, in one round trip.
    pub(super) fn query_typed(&mut self, sql: &str, params: Typed<'_>) -> Result<Vec<Row>, postgres::Error> {
        self.client.query_typed(sql, params)
    }
}

impl Conn {
    /// A transaction that prepares its statements on this connection, once.
    pub(super) fn transaction(&mut self) -> Result<Tx<'_>, postgres::Error> {
        Ok(Tx { tx: self.client.transaction()?, statements: &mut self.statements })
    }
}

/// A transaction with the connection's prepared statements.
pub(super) struct Tx<'c> {
    tx: Transaction<'c>,
    statements: &'c mut Statements,
}

impl<'c> Tx<'c> {
    pub(super) fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statements.get(&mut self.tx, sql)?;
        self.tx.query(&statement, params)
    }

    pub(super) fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, postgres::Error> {
        let statement = self.statements.get(&mut self.tx, sql)?;
        self.tx.query_one(&statement, params)
    }

    pub(super) fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statements.get(&mut self.tx, sql)?;
        self.tx.query_opt(&statement, params)
    }

    pub(super) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, postgres::Error> {
        let statement = self.statements.get(&mut self.tx, sql)?;
        self.tx.execute(&statement, params)
    }

    /// The transaction itself, for what is not a prepared statement (COPY, several
    /// statements in one text).
    pub(super) fn raw(&mut self) -> &mut Transaction<'c> {
        &mut self.tx
    }

    pub(super) fn commit(self) -> Result<(), postgres::Error> {
        self.tx.commit()
    }
}
