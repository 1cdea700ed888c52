"""The DuckDB warehouse: schema migrations, loading, SQL models, publishing."""
