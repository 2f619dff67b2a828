"""Pure chart builders: a result in, an Altair chart out; no computation inside."""
