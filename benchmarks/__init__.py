"""Reproducible measurements; run them with `seqprep bench`."""
