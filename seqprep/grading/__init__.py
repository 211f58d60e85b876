"""Coding tasks and their hidden checks (`seqprep start`, `submit`, `grade`)."""
