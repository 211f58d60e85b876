"""Runnable reference answers for seqprep.

Small from-scratch implementations of what the bank asks about. Modules that
only count or compute scalars (`complexity`, `closed_form`) are pure Python;
the others import torch, numpy or sentencepiece when imported themselves.
Nothing is imported here, so `import answers` stays cheap.
"""
