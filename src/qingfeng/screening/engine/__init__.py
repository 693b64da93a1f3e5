"""The screening engine (大数据比对): pure Python, DuckDB and Spark, no Django."""
