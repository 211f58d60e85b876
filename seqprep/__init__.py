"""seqprep: interview preparation for sequence models in which every answer can be run."""

__version__ = "0.1.0"
