"""Database access. All SQL of the project lives in this package (models, repository, migrations)."""
