//! SQLite only: open, pragmas, migrations, typed queries. No SQL elsewhere.
