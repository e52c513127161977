"""Chart functions: a DataFrame in, an Altair chart out, no I/O."""
