"""Script library tests: files, lines and rendering."""
