"""Use cases: load, ask the domain, commit, publish. Each owns its transaction."""
