"""The Excel layer: worksheet functions and (later) ribbon macros, thin adapters over the core."""
