"""Everything that leaves the vault as a file: PDF, CSV, and later more."""
