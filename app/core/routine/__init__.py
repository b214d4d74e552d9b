"""The routine file: format, limits, YAML source, loading, wording of problems, library."""
